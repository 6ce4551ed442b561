"""Challenges: each side's list, themes that group them (common ground), dot voting, and actions of the top items.

Commands that depend on the board (who voted what, which theme a challenge is in) are built from a fresh
`queries.challenge_board` read, the way a screen sees it; the checks that refuse a vote or a merge happen there,
before any command exists.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from app.challenges import Board, RankedItem
from app.commands import fields as f
from app.commands.actions import ACTION_FIELDS
from app.commands.base import Changes, Command, DeleteRow, InsertRow, Macro, Ref, Reorder, UpdateRow
from app.errors import ValidationError
from models import Action, Area, Challenge, Theme, Vote, Workshop

CHALLENGE_FIELDS: dict[str, f.Parser] = {
    "text": f.text("Challenge", max_len=1000, required=True),
    "department_id": f.reference("Side"),
    "theme_id": f.reference("Theme"),
}
CHALLENGE_LABELS = {"text": "challenge", "department_id": "side", "theme_id": "theme"}
theme_name = f.text("Theme name", max_len=200, required=True)
MAX_DOTS = 99


def add_challenge(*, text: str, department_id: int | None, theme_id: int | None = None) -> Command:
    row = f.parse_fields(CHALLENGE_FIELDS, {"text": text, "department_id": department_id, "theme_id": theme_id})
    return InsertRow(Challenge, row, label="Add challenge")


def edit_challenge(challenge_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(CHALLENGE_FIELDS, {field: value})
    return UpdateRow(Challenge, (challenge_id,), new, label=f"Edit {CHALLENGE_LABELS[field]}", merge_key=merge_key)


def remove_challenge(challenge_id: int) -> Command:
    """Its dots go back to the people who placed them; undo puts them back."""
    return DeleteRow(Challenge, (challenge_id,), label="Remove challenge")


# -- themes --------------------------------------------------------------------------------------------


def _known(board: Board, challenge_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(challenge_ids))
    missing = [i for i in ids if board.challenge(i) is None]
    if missing or not ids:
        raise ValidationError("Choose one or more challenges first.")
    return ids


def _emptied(board: Board, leaving: set[int], keep: int | None = None) -> list[Command]:
    """Delete the themes these moves leave empty, unless dots or actions would go with them (those stay)."""
    out: list[Command] = []
    for theme in board.themes:
        if theme.id == keep or theme.dots or theme.actions:
            continue
        members = {c.id for c in board.members(theme.id)}
        if members and members <= leaving:
            out.append(DeleteRow(Theme, (theme.id,), label="Remove empty theme"))
    return out


def new_theme(board: Board, challenge_ids: Iterable[int], name: str = "", *, label: str = "Group into a theme"
              ) -> Macro:
    """A new theme holding these challenges (taken out of whatever theme held them)."""
    ids = _known(board, challenge_ids)
    create = InsertRow(Theme, {"name": theme_name(name or board.next_theme_name())}, label="Add theme")
    moves = [UpdateRow(Challenge, (i,), {"theme_id": Ref(create)}, label="Move challenge") for i in ids]
    return Macro(label, [create, *moves, *_emptied(board, set(ids))])


def group_with(board: Board, challenge_ids: Iterable[int], target_id: int, name: str = "") -> Macro:
    """Group the chosen challenges with another one: into its theme, or a new theme for them all."""
    target = board.challenge(target_id)
    ids = [i for i in _known(board, challenge_ids) if i != target_id]
    if target is None or not ids:
        raise ValidationError("Choose a different challenge to group with.")
    if target.theme_id is not None:
        return move_to_theme(board, ids, target.theme_id, label="Group with a challenge")
    return new_theme(board, [target_id, *ids], name, label="Group with a challenge")


def move_to_theme(board: Board, challenge_ids: Iterable[int], theme_id: int | None, *,
                  label: str = "") -> Macro:
    """Move challenges into a theme, or out of every theme (None: ungroup)."""
    ids = _known(board, challenge_ids)
    if theme_id is not None and board.theme(theme_id) is None:
        raise ValidationError("That theme is no longer on the board.")
    moving = [i for i in ids if board.challenge(i).theme_id != theme_id]  # type: ignore[union-attr]
    if not moving:
        raise ValidationError("Those challenges are already in no theme." if theme_id is None else
                              f"Those challenges are already in “{board.theme(theme_id).name}”.")  # type: ignore[union-attr]
    moves: list[Command] = [UpdateRow(Challenge, (i,), {"theme_id": theme_id}, label="Move challenge")
                            for i in moving]
    return Macro(label or ("Ungroup" if theme_id is None else "Move to theme"),
                 [*moves, *_emptied(board, set(moving), keep=theme_id)])


def ungroup(board: Board, challenge_ids: Iterable[int]) -> Macro:
    return move_to_theme(board, challenge_ids, None, label="Ungroup")


def rename_theme(theme_id: int, name: str, *, merge_key: object | None = None) -> Command:
    return UpdateRow(Theme, (theme_id,), {"name": theme_name(name)}, label="Rename theme", merge_key=merge_key)


def remove_theme(theme_id: int) -> Command:
    """Its challenges stay on the board, in no theme; dots placed on the theme itself go back (undo restores)."""
    return DeleteRow(Theme, (theme_id,), label="Remove theme")


def merge_themes(board: Board, source_id: int, into_id: int) -> Macro:
    """One theme of two: challenges, dots and actions of `source` move into `into`, and `source` goes."""
    source, into = board.theme(source_id), board.theme(into_id)
    if source is None or into is None or source_id == into_id:
        raise ValidationError("Choose another theme to merge with.")
    children: list[Command] = []
    for vote in (v for v in board.votes if v.theme_id == source_id):
        kept = board.vote_of(vote.participant_id, "theme", into_id)
        if kept is not None:  # one row per person and theme: their dots add up
            children.append(UpdateRow(Vote, (kept.id,), {"dots": kept.dots + vote.dots}, label="Add up dots"))
            children.append(DeleteRow(Vote, (vote.id,), label="Move dots"))
        else:
            children.append(UpdateRow(Vote, (vote.id,), {"theme_id": into_id}, label="Move dots"))
    children += [UpdateRow(Challenge, (c.id,), {"theme_id": into_id}, label="Move challenge")
                 for c in board.members(source_id)]
    children.append(_MoveThemeActions(source_id, into_id))
    children.append(DeleteRow(Theme, (source_id,), label="Remove merged theme"))
    return Macro(f"Merge “{source.name}” into “{into.name}”", children)


class _MoveThemeActions:
    """Actions made of the merged theme follow its challenges into the theme that stays."""

    label = "Move actions"

    def __init__(self, source_id: int, into_id: int) -> None:
        self.source_id, self.into_id = source_id, into_id
        self.moved: list[int] = []

    def apply(self, session: Session) -> Changes:
        from sqlalchemy import select, update

        a = Action.__table__
        if not self.moved:
            self.moved = list(session.scalars(select(a.c.id).where(a.c.theme_id == self.source_id)))
        if self.moved:
            session.execute(update(a).where(a.c.id.in_(self.moved)).values(theme_id=self.into_id))
        return Changes.of_rows(a, [(i,) for i in self.moved])

    def revert(self, session: Session) -> Changes:
        from sqlalchemy import update

        a = Action.__table__
        if self.moved:
            session.execute(update(a).where(a.c.id.in_(self.moved)).values(theme_id=self.source_id))
        return Changes.of_rows(a, [(i,) for i in self.moved])


def split_theme(board: Board, theme_id: int, challenge_ids: Iterable[int], name: str = "") -> Macro:
    """Some of a theme's challenges become a theme of their own."""
    theme = board.theme(theme_id)
    if theme is None:
        raise ValidationError("That theme is no longer on the board.")
    ids = _known(board, challenge_ids)
    members = {c.id for c in board.members(theme_id)}
    if not set(ids) <= members:
        raise ValidationError(f"Split off only challenges of “{theme.name}”.")
    if set(ids) == members:
        raise ValidationError(f"Leave at least one challenge in “{theme.name}”; to rename it, edit its name.")
    return new_theme(board, ids, name, label=f"Split “{theme.name}”")


# -- dot voting ----------------------------------------------------------------------------------------


def _target(board: Board, kind: str, target_id: int) -> str:
    if kind == "challenge" and board.challenge(target_id) is not None:
        return f"“{board.challenge(target_id).text}”"  # type: ignore[union-attr]
    if kind == "theme" and board.theme(target_id) is not None:
        return f"the theme “{board.theme(target_id).name}”"  # type: ignore[union-attr]
    raise ValidationError("Choose a challenge or a theme to vote on.")


def give_dot(board: Board, participant_id: int | None, kind: str, target_id: int) -> Command:
    if participant_id is None or participant_id not in board.people:
        raise ValidationError("Choose who is voting first.")
    what = _target(board, kind, target_id)
    name = board.people[participant_id]
    if board.used(participant_id) >= board.dots_each:
        raise ValidationError(f"{name} has placed all {board.dots_each} dots. Take one back first, or give "
                              "everyone more dots.")
    vote = board.vote_of(participant_id, kind, target_id)
    label = f"Dot from {name} on {what}"
    if vote is not None:
        return UpdateRow(Vote, (vote.id,), {"dots": vote.dots + 1}, label=label)
    column = "challenge_id" if kind == "challenge" else "theme_id"
    return InsertRow(Vote, {column: target_id, "participant_id": participant_id, "dots": 1}, label=label)


def take_dot(board: Board, participant_id: int | None, kind: str, target_id: int) -> Command:
    if participant_id is None or participant_id not in board.people:
        raise ValidationError("Choose who is voting first.")
    what = _target(board, kind, target_id)
    name = board.people[participant_id]
    vote = board.vote_of(participant_id, kind, target_id)
    if vote is None:
        raise ValidationError(f"{name} has no dot on {what}.")
    label = f"Take back a dot from {name}"
    if vote.dots == 1:
        return DeleteRow(Vote, (vote.id,), label=label)
    return UpdateRow(Vote, (vote.id,), {"dots": vote.dots - 1}, label=label)


def set_dots_each(board: Board, value: Any) -> Command:
    try:
        dots = int(str(value).strip())
    except ValueError:
        raise ValidationError(f"Dots per person must be a whole number from 1 to {MAX_DOTS}.") from None
    if not 1 <= dots <= MAX_DOTS:
        raise ValidationError(f"Dots per person must be a whole number from 1 to {MAX_DOTS}.")
    over = [(board.used(p), name) for p, name in board.people.items() if board.used(p) > dots]
    if over:
        used, name = max(over)
        raise ValidationError(f"{name} has already placed {used} dots: take some back before lowering the limit "
                              f"to {dots}.")
    return UpdateRow(Workshop, (1,), {"dots_per_person": dots}, area=Area.CHALLENGES,
                     label=f"Give everyone {dots} dot{'s' if dots != 1 else ''}")


# -- actions -------------------------------------------------------------------------------------------


def _action_of(board: Board, item: RankedItem) -> InsertRow:
    values: dict[str, Any] = {"title": item.title[:1000], "status": "open", "step": "challenges"}
    if item.kind == "theme":
        values["theme_id"] = item.item_id
    else:
        values["challenge_id"] = item.item_id
        challenge = board.challenge(item.item_id)
        values["team_id"] = challenge.department_id if challenge else None
    return InsertRow(Action, f.parse_fields(ACTION_FIELDS, values), label="Add action")


def item_to_action(board: Board, item_id: tuple[str, int]) -> Command:
    """A theme or a challenge as an action on the plan that points back to it."""
    item = board.item(item_id)
    if item is None:
        kind, row_id = item_id
        challenge = board.challenge(row_id) if kind == "challenge" else None
        if challenge is None:
            raise ValidationError("Choose a challenge or a theme first.")
        item = RankedItem("challenge", challenge.id, challenge.text, challenge.dots, None, False, False, (), 1,
                          challenge.actions, 0)
    command = _action_of(board, item)
    command.label = "Make an action of a theme" if item.kind == "theme" else "Make an action of a challenge"
    return command


def top_to_actions(board: Board, n: int = 3) -> Macro:
    """The items ranked n-th or better (ties at the cut included) as actions, skipping those already acted on."""
    top = board.top(n)
    if not top:
        raise ValidationError("Nothing has a dot yet: vote first, then put the top items on the Action plan.")
    fresh = [i for i in top if not i.actions]
    if not fresh:
        raise ValidationError(f"The top {len(top)} already have actions on the plan.")
    return Macro(f"Make actions of the top {n}", [_action_of(board, i) for i in fresh])


def reorder_challenges(ids: list[int]) -> Command:
    return Reorder(Challenge, ids, label="Move challenge")
