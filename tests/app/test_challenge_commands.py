"""Challenges, themes and dot voting at the service level: every edit applies, undoes and redoes against a real
file; common ground, vote limits, ranking with ties and the actions of the top items are what the room expects."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from undo_check import assert_apply_undo_redo

from app import queries
from app.challenges import Board
from app.commands import challenges as ch
from app.commands import setup
from app.commands.base import Command
from app.errors import ValidationError
from app.opening import create_workshop
from app.workshop import Workshop
from models import Area

DANA, MARCUS, AIKO = 1, 2, 3  # participants
SALES, MARKETING, PRODUCT = 1, 2, 3  # their departments


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    w = create_workshop(tmp_path / "kickoff.cgw")
    w.apply(setup.add_participant(name="Dana", department="Sales"))
    w.apply(setup.add_participant(name="Marcus", department="Marketing"))
    w.apply(setup.add_participant(name="Aiko", department="Product"))
    for text, side in [("Leads arrive without a phone number", SALES),
                       ("No one knows which leads were called", MARKETING), ("Follow-up takes a week", SALES),
                       ("Campaign budget is set without sales input", MARKETING),
                       ("The CRM has duplicate accounts", PRODUCT)]:
        w.apply(ch.add_challenge(text=text, department_id=side))
    yield w
    w.close()


def board(w: Workshop) -> Board:
    return w.query(queries.challenge_board)


def state(w: Workshop) -> tuple[object, ...]:
    b = board(w)
    return (b.challenges, b.themes, tuple((v.participant_id, v.challenge_id, v.theme_id, v.dots) for v in b.votes),
            b.dots_each, w.query(queries.actions))


def grouped(w: Workshop, ids: list[int], name: str = "Lead data") -> int:
    w.apply(ch.new_theme(board(w), ids, name))
    return next(t.id for t in board(w).themes if t.name == name)


def _two_themes(w: Workshop) -> Board:
    grouped(w, [1, 2], "Lead data")
    grouped(w, [3], "Speed")
    return board(w)


EDITS: list[tuple[str, Callable[[Workshop], Command]]] = [
    ("add challenge", lambda w: ch.add_challenge(text="Events bring students", department_id=MARKETING)),
    ("edit challenge text", lambda w: ch.edit_challenge(1, "text", "Leads arrive without phone or company")),
    ("change side", lambda w: ch.edit_challenge(1, "department_id", MARKETING)),
    ("remove challenge with dots", lambda w: (w.apply(ch.give_dot(board(w), DANA, "challenge", 1)),
                                              ch.remove_challenge(1))[1]),
    ("group two into a new theme", lambda w: ch.new_theme(board(w), [1, 2], "Lead data")),
    ("group with a challenge in no theme", lambda w: ch.group_with(board(w), [4], 2)),
    ("group with a challenge in a theme", lambda w: (grouped(w, [1, 2]), ch.group_with(board(w), [5], 1))[1]),
    ("move to theme", lambda w: ch.move_to_theme(_two_themes(w), [3], 1)),
    ("ungroup the last challenge removes the empty theme", lambda w: ch.ungroup(_two_themes(w), [3])),
    ("clear a challenge's theme cell", lambda w: ch.move_to_theme(_two_themes(w), [1], None)),
    ("rename theme", lambda w: (grouped(w, [1, 2]), ch.rename_theme(1, "Lead quality"))[1]),
    ("merge themes", lambda w: ch.merge_themes(_two_themes(w), 2, 1)),
    ("merge a theme that has an action", lambda w: (_two_themes(w), w.apply(ch.item_to_action(board(w), ("theme", 2))),
                                                    ch.merge_themes(board(w), 2, 1))[2]),
    ("split a theme", lambda w: (grouped(w, [1, 2, 5]), ch.split_theme(board(w), 1, [5], "CRM"))[1]),
    ("remove theme", lambda w: (grouped(w, [1, 2]), ch.remove_theme(1))[1]),
    ("give a dot", lambda w: ch.give_dot(board(w), DANA, "challenge", 2)),
    ("give a second dot", lambda w: (w.apply(ch.give_dot(board(w), DANA, "challenge", 2)),
                                     ch.give_dot(board(w), DANA, "challenge", 2))[1]),
    ("dot on a theme", lambda w: (grouped(w, [1, 2]), ch.give_dot(board(w), MARCUS, "theme", 1))[1]),
    ("take back a dot", lambda w: (w.apply(ch.give_dot(board(w), DANA, "challenge", 2)),
                                   ch.take_dot(board(w), DANA, "challenge", 2))[1]),
    ("take back one of two dots", lambda w: (w.apply(ch.give_dot(board(w), DANA, "challenge", 2)),
                                             w.apply(ch.give_dot(board(w), DANA, "challenge", 2)),
                                             ch.take_dot(board(w), DANA, "challenge", 2))[2]),
    ("dots per person", lambda w: ch.set_dots_each(board(w), "5")),
    ("one dot each", lambda w: ch.set_dots_each(board(w), 1)),
    ("move a challenge up", lambda w: ch.reorder_challenges([2, 1, 3])),
    ("make an action of a challenge", lambda w: ch.item_to_action(board(w), ("challenge", 3))),
    ("make an action of a challenge in a theme", lambda w: (grouped(w, [1, 2]),
                                                            ch.item_to_action(board(w), ("challenge", 2)))[1]),
    ("make an action of a theme", lambda w: (grouped(w, [1, 2]), ch.item_to_action(board(w), ("theme", 1)))[1]),
    ("make actions of the top 3", lambda w: (w.apply(ch.give_dot(board(w), DANA, "challenge", 2)),
                                             ch.top_to_actions(board(w), 3))[1]),
]


@pytest.mark.parametrize(("name", "make"), EDITS, ids=[e[0] for e in EDITS])
def test_apply_undo_redo(ws: Workshop, name: str, make: Callable[[Workshop], Command]) -> None:
    assert_apply_undo_redo(ws, make(ws), state, name)


# What Edit ▸ Undo and Redo read for each edit above: the room sees which step it takes back.
UNDO_NAMES = {
    "add challenge": "Add challenge",
    "edit challenge text": "Edit challenge",
    "change side": "Edit side",
    "remove challenge with dots": "Remove challenge",
    "group two into a new theme": "Group into a theme",
    "group with a challenge in no theme": "Group with a challenge",
    "group with a challenge in a theme": "Group with a challenge",
    "move to theme": "Move to theme",
    "ungroup the last challenge removes the empty theme": "Ungroup",
    "clear a challenge's theme cell": "Ungroup",
    "rename theme": "Rename theme",
    "merge themes": "Merge “Speed” into “Lead data”",
    "merge a theme that has an action": "Merge “Speed” into “Lead data”",
    "split a theme": "Split “Lead data”",
    "remove theme": "Remove theme",
    "give a dot": "Dot from Dana on “No one knows which leads were called”",
    "give a second dot": "Dot from Dana on “No one knows which leads were called”",
    "dot on a theme": "Dot from Marcus on the theme “Lead data”",
    "take back a dot": "Take back a dot from Dana",
    "take back one of two dots": "Take back a dot from Dana",
    "dots per person": "Give everyone 5 dots",
    "one dot each": "Give everyone 1 dot",
    "move a challenge up": "Move challenge",
    "make an action of a challenge": "Make an action of a challenge",
    "make an action of a challenge in a theme": "Make an action of a challenge",
    "make an action of a theme": "Make an action of a theme",
    "make actions of the top 3": "Make actions of the top 3",
}


@pytest.mark.parametrize(("name", "make"), EDITS, ids=[e[0] for e in EDITS])
def test_undo_names_the_edit(ws: Workshop, name: str, make: Callable[[Workshop], Command]) -> None:
    assert make(ws).label == UNDO_NAMES[name]


# Each refusal, on a board with "Lead data" (theme 1) holding challenges 1 and 2: the message the room reads.
REFUSALS: list[tuple[str, Callable[[Board], object], str]] = [
    ("group nothing", lambda b: ch.new_theme(b, []), "Choose one or more challenges first."),
    ("group a challenge with itself", lambda b: ch.group_with(b, [3], 3),
     "Choose a different challenge to group with."),
    ("group a removed challenge", lambda b: ch.new_theme(b, [3, 99]), "Choose one or more challenges first."),
    ("move to a removed theme", lambda b: ch.move_to_theme(b, [3], 99), "That theme is no longer on the board."),
    ("ungroup what is in no theme", lambda b: ch.ungroup(b, [3, 4]), "Those challenges are already in no theme."),
    ("move into the theme they are in", lambda b: ch.move_to_theme(b, [1, 2], 1),
     "Those challenges are already in “Lead data”."),
    ("merge into a removed theme", lambda b: ch.merge_themes(b, 1, 99), "Choose another theme to merge with."),
    ("merge a removed theme", lambda b: ch.merge_themes(b, 99, 1), "Choose another theme to merge with."),
    ("split a removed theme", lambda b: ch.split_theme(b, 99, [1]), "That theme is no longer on the board."),
    ("dot from someone not in the room", lambda b: ch.give_dot(b, 99, "challenge", 3), "Choose who is voting first."),
    ("take back with no one chosen", lambda b: ch.take_dot(b, None, "challenge", 3), "Choose who is voting first."),
    ("take back from someone not in the room", lambda b: ch.take_dot(b, 99, "challenge", 3),
     "Choose who is voting first."),
    ("dot on a removed challenge", lambda b: ch.give_dot(b, DANA, "challenge", 99),
     "Choose a challenge or a theme to vote on."),
    ("dot on a theme not on the board", lambda b: ch.give_dot(b, DANA, "theme", 3),
     "Choose a challenge or a theme to vote on."),
    ("take back from a removed challenge", lambda b: ch.take_dot(b, DANA, "challenge", 99),
     "Choose a challenge or a theme to vote on."),
    ("no dots at all", lambda b: ch.set_dots_each(b, 0), "Dots per person must be a whole number from 1 to 99."),
    ("a hundred dots", lambda b: ch.set_dots_each(b, 100), "Dots per person must be a whole number from 1 to 99."),
    ("action of a theme not on the board", lambda b: ch.item_to_action(b, ("theme", 3)),  # challenge 3 is no theme
     "Choose a challenge or a theme first."),
    ("top items before any vote", lambda b: ch.top_to_actions(b, 3),
     "Nothing has a dot yet: vote first, then put the top items on the Action plan."),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_say_what_to_do(ws: Workshop, name: str, make: Callable[[Board], object], message: str) -> None:
    grouped(ws, [1, 2], "Lead data")
    before = state(ws)
    with pytest.raises(ValidationError) as refused:
        make(board(ws))
    assert refused.value.message == message
    assert state(ws) == before


def test_new_themes_get_a_working_name_the_room_has_not_used(ws: Workshop) -> None:
    ws.apply(ch.new_theme(board(ws), [1, 2, 5]))  # nothing typed, as from Move to Theme ▸ A new theme
    ws.apply(ch.split_theme(board(ws), 1, [5]))
    assert [t.name for t in board(ws).themes] == ["Theme 1", "Theme 2"]
    ws.apply(ch.rename_theme(1, "theme 3"))  # the room's own name, in any case, is not handed out again
    ws.apply(ch.new_theme(board(ws), [3]))
    assert [t.name for t in board(ws).themes] == ["theme 3", "Theme 2", "Theme 4"]


def test_grouping_and_ungrouping(ws: Workshop) -> None:
    ws.apply(ch.group_with(board(ws), [4], 2))
    b = board(ws)
    theme = b.themes[0]
    assert theme.name == "Theme 1"  # a working name the room renames
    assert {c.id for c in b.members(theme.id)} == {2, 4}
    ws.apply(ch.group_with(board(ws), [1], 4))  # 4 is in a theme: 1 joins it
    assert {c.id for c in board(ws).members(theme.id)} == {1, 2, 4}
    ws.apply(ch.ungroup(board(ws), [1]))
    assert board(ws).challenge(1).theme_id is None
    assert len(board(ws).themes) == 1  # still holds two
    ws.apply(ch.ungroup(board(ws), [2, 4]))
    assert board(ws).themes == ()  # emptied and unvoted: gone
    with pytest.raises(ValidationError, match="already in no theme"):
        ch.ungroup(board(ws), [2])
    with pytest.raises(ValidationError, match="different challenge"):
        ch.group_with(board(ws), [2], 2)


def test_an_emptied_theme_with_dots_stays(ws: Workshop) -> None:
    theme = grouped(ws, [1, 2])
    grouped(ws, [3], "Speed")
    ws.apply(ch.give_dot(board(ws), DANA, "theme", theme))
    ws.apply(ch.ungroup(board(ws), [1, 2, 3]))
    b = board(ws)
    assert [t.id for t in b.themes] == [theme] and b.members(theme) == []  # "Speed", emptied and unvoted, is gone
    assert b.theme_dots(theme) == 1
    item = b.item(("theme", theme))  # still on the ranking, from no side
    assert (item.dots, item.rank_text, item.sides, item.challenges, item.common_ground) == (1, "1", (), 0, False)


def test_merging_adds_up_each_persons_dots_and_moves_actions(ws: Workshop) -> None:
    b = _two_themes(ws)
    for who, target in [(DANA, 1), (DANA, 2), (MARCUS, 2)]:
        ws.apply(ch.give_dot(board(ws), who, "theme", target))
    ws.apply(ch.item_to_action(board(ws), ("theme", 2)))
    command = ch.merge_themes(board(ws), 2, 1)
    assert command.label == "Merge “Speed” into “Lead data”"
    ws.apply(command)
    b = board(ws)
    assert [t.name for t in b.themes] == ["Lead data"]
    assert {c.id for c in b.members(1)} == {1, 2, 3}
    assert {(v.participant_id, v.dots) for v in b.votes if v.theme_id == 1} == {(DANA, 2), (MARCUS, 1)}
    assert b.theme_dots(1) == 3
    assert ws.query(queries.actions)[-1].theme_id == 1
    with pytest.raises(ValidationError, match="another theme"):
        ch.merge_themes(b, 1, 1)


def test_splitting_leaves_the_rest_and_refuses_what_is_not_in_the_theme(ws: Workshop) -> None:
    theme = grouped(ws, [1, 2, 5])
    ws.apply(ch.split_theme(board(ws), theme, [5], "CRM hygiene"))
    b = board(ws)
    assert {c.id for c in b.members(theme)} == {1, 2}
    assert [c.id for t in b.themes if t.name == "CRM hygiene" for c in b.members(t.id)] == [5]
    with pytest.raises(ValidationError, match="Leave at least one challenge"):
        ch.split_theme(b, theme, [1, 2])
    with pytest.raises(ValidationError, match="Split off only challenges of"):
        ch.split_theme(b, theme, [3])


def test_common_ground_needs_two_departments(ws: Workshop) -> None:
    same = grouped(ws, [1, 3], "Speed")  # Sales and Sales
    both = grouped(ws, [2, 4], "Budget")  # Marketing and Marketing, for now
    b = board(ws)
    assert not b.is_common_ground(same) and not b.is_common_ground(both)
    ws.apply(ch.move_to_theme(b, [5], both))  # Product joins Marketing
    b = board(ws)
    assert b.is_common_ground(both) and b.sides(both) == ("Marketing", "Product")
    ws.apply(ch.move_to_theme(b, [1], both))  # three departments
    b = board(ws)
    assert b.sides(both) == ("Sales", "Marketing", "Product")
    assert [i.common_ground for i in b.ranking if i.kind == "theme"] == [False, True]


def test_a_participant_cannot_place_more_dots_than_the_workshop_gives(ws: Workshop) -> None:
    for target in (1, 2, 2):
        ws.apply(ch.give_dot(board(ws), DANA, "challenge", target))
    b = board(ws)
    assert (b.used(DANA), b.left(DANA), b.dots_each) == (3, 0, 3)
    with pytest.raises(ValidationError, match="Dana has placed all 3 dots. Take one back first"):
        ch.give_dot(b, DANA, "challenge", 4)
    with pytest.raises(ValidationError, match="Dana has already placed 3 dots: take some back before lowering"):
        ch.set_dots_each(b, 2)
    with pytest.raises(ValidationError, match="whole number from 1 to 99"):
        ch.set_dots_each(b, "lots")
    with pytest.raises(ValidationError, match="Marcus has no dot on"):
        ch.take_dot(b, MARCUS, "challenge", 1)
    with pytest.raises(ValidationError, match="Choose who is voting"):
        ch.give_dot(b, None, "challenge", 1)
    ws.apply(ch.set_dots_each(b, 4))
    ws.apply(ch.give_dot(board(ws), DANA, "challenge", 4))
    assert board(ws).left(DANA) == 0


def test_the_limit_can_go_down_to_what_someone_placed_and_up_to_99(ws: Workshop) -> None:
    ws.apply(ch.set_dots_each(board(ws), 5))
    for target in (1, 2, 2, 3):
        ws.apply(ch.give_dot(board(ws), DANA, "challenge", target))
    ws.apply(ch.set_dots_each(board(ws), 4))  # exactly what Dana has placed
    assert (board(ws).dots_each, board(ws).left(DANA)) == (4, 0)
    ws.apply(ch.set_dots_each(board(ws), " 99 "))
    assert (board(ws).dots_each, board(ws).left(DANA)) == (99, 95)


def test_ranking_counts_a_themes_challenges_and_shares_ranks_on_ties(ws: Workshop) -> None:
    theme = grouped(ws, [1, 2], "Lead data")
    votes = [(DANA, "challenge", 1), (MARCUS, "theme", theme), (AIKO, "challenge", 3), (AIKO, "challenge", 3),
             (DANA, "challenge", 4), (MARCUS, "challenge", 4), (DANA, "challenge", 5)]
    for who, kind, target in votes:
        ws.apply(ch.give_dot(board(ws), who, kind, target))
    ranking = board(ws).ranking
    assert [(i.title, i.dots, i.rank_text) for i in ranking] == [
        ("Lead data", 2, "1="), ("Follow-up takes a week", 2, "1="),
        ("Campaign budget is set without sales input", 2, "1="), ("The CRM has duplicate accounts", 1, "4")]
    assert [i.title for i in board(ws).top(1)] == ["Lead data", "Follow-up takes a week",
                                                  "Campaign budget is set without sales input"]
    ws.apply(ch.take_dot(board(ws), DANA, "challenge", 5))
    assert board(ws).ranking[-1].rank is None  # no dot, no rank


def test_the_top_items_become_actions_that_point_back_once(ws: Workshop) -> None:
    theme = grouped(ws, [1, 2], "Lead data")
    with pytest.raises(ValidationError, match="Nothing has a dot yet"):
        ch.top_to_actions(board(ws), 3)
    for who, kind, target in [(DANA, "theme", theme), (MARCUS, "theme", theme), (AIKO, "challenge", 3)]:
        ws.apply(ch.give_dot(board(ws), who, kind, target))
    done = ws.apply(ch.top_to_actions(board(ws), 3))
    assert done.touches(Area.ACTIONS)
    made = ws.query(queries.actions)
    assert [(a.title, a.source) for a in made] == [("Lead data", ("challenges", ("theme", theme))),
                                                    ("Follow-up takes a week", ("challenges", ("challenge", 3)))]
    assert made[1].team == "Sales"  # a challenge's action goes to its side
    assert [i.actions for i in board(ws).top(3)] == [1, 1]
    with pytest.raises(ValidationError, match="already have actions"):
        ch.top_to_actions(board(ws), 3)
    ws.apply(ch.remove_theme(theme))
    assert ws.query(queries.actions)[0].theme_id is None  # the action stays on the plan


def test_a_challenge_in_a_theme_can_become_an_action_of_its_own(ws: Workshop) -> None:
    grouped(ws, [1, 2], "Lead data")  # the ranking lists the theme, not its challenges
    ws.apply(ch.item_to_action(board(ws), ("challenge", 2)))
    assert [(a.title, a.source, a.team) for a in ws.query(queries.actions)] == [
        ("No one knows which leads were called", ("challenges", ("challenge", 2)), "Marketing")]
    assert board(ws).challenge(2).actions == 1


def test_dots_per_person_refreshes_the_challenges_step_only(ws: Workshop) -> None:
    done = ws.apply(ch.set_dots_each(board(ws), 5))
    assert done.areas == Area.CHALLENGES and board(ws).dots_each == 5


def test_challenge_text_is_checked() -> None:
    with pytest.raises(ValidationError, match="Challenge cannot be empty"):
        ch.add_challenge(text="  ", department_id=None)
    with pytest.raises(ValidationError, match="Theme name cannot be empty"):
        ch.rename_theme(1, " ")


def test_moving_rows_hands_round_their_positions_only(ws: Workshop) -> None:
    from app.commands.base import moved

    assert moved([1, 2, 3, 4], 3, -1) == [1, 3, 2, 4]
    assert moved([1, 2, 3, 4], 1, -1) == [1, 2, 3, 4]  # already first
    assert moved([1, 2, 3, 4], 4, 5) == [1, 2, 3, 4]
    theme = grouped(ws, [2, 4])
    ws.apply(ch.reorder_challenges([4, 2]))  # within the theme
    assert [c.id for c in board(ws).members(theme)] == [4, 2]
    assert [c.id for c in board(ws).challenges if c.theme_id is None] == [1, 3, 5]  # the others keep their order
