"""Step 3, Challenges: each side lists its challenges, the room groups them into themes (common ground when two
departments share one), votes with dots, and puts the top-ranked items on the Action plan.

Grouping works by drag and drop (a challenge onto another, onto a theme, or onto empty space of the ranking to take
it out of its theme) and from the keyboard (Group With…, Move to Theme…, Ungroup, Split Off, Merge Into…).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import queries
from app.challenges import Board, ChallengeRow, RankedItem
from app.commands import Changes, Command
from app.commands import challenges as cmds
from app.errors import ValidationError
from models import Area
from ui.choices import ChoiceBox, Items, people, teams
from ui.chooser import Chooser
from ui.document import Document
from ui.row_list import RowList, esc, mark_editing
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel

COMMON = RowStyle(background="#dcfae6", bold=True)
TOP = 3  # how many ranks "Top to the Action Plan" takes


def _plan(count: int) -> str:
    return f"{count} action{'s' if count != 1 else ''}" if count else ""


def _button(text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    mark_editing(button)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class ChallengesScreen(Screen):
    key = "challenges"
    subtitle = ("List what gets in each side's way, then group the challenges into themes: a theme both sides "
                "share is common ground. Each person places their dots; the top-ranked go on the Action plan.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.board = Board((), (), (), 3)
        self._last_view: Any = None  # the list the room last worked in: where a dot goes
        panes = self.side_by_side()
        panes.addWidget(self._challenges_pane(), 3)
        panes.addWidget(self._ranking_pane(), 2)
        self.layout_.addLayout(panes, 1)
        # One detail panel under both lists, as wide as the step: the item last selected in either, in full.
        self.layout_.addWidget(self.list.detail)

    # -- building ----------------------------------------------------------------------------------

    def _voting_bar(self) -> QVBoxLayout:
        """Whose dots are being placed, how many they have left, and the two buttons that place them."""
        rows, first, second = QVBoxLayout(), QHBoxLayout(), QHBoxLayout()
        voter_label = QLabel("V&oter")
        self.voter = ChoiceBox(lambda: people(self.document, "Choose who votes")[1:] or [("No one yet", 0)],
                               Area.PARTICIPANTS)
        self.voter.setObjectName("voter")
        self.voter.setToolTip("Whose dots you are placing")
        self.voter.currentIndexChanged.connect(lambda _i: self._show_dots_left())
        voter_label.setBuddy(self.voter)
        self.dots_left = QLabel()
        self.dots_left.setObjectName("dots_left")
        self.give = _button("Give a &Dot", "give_dot", "Place one of the voter's dots on the selected item",
                            lambda: self._vote(cmds.give_dot))
        self.take = _button("Take Bac&k", "take_dot", "Take one of the voter's dots off the selected item",
                            lambda: self._vote(cmds.take_dot))
        each_label = QLabel("Dots ea&ch")
        self.dots_each = QSpinBox()
        self.dots_each.setObjectName("dots_each")
        self.dots_each.setRange(1, cmds.MAX_DOTS)
        self.dots_each.setToolTip("How many dots every participant places")
        self.dots_each.setKeyboardTracking(False)
        self.dots_each.valueChanged.connect(self._set_dots_each)
        mark_editing(self.dots_each)
        each_label.setBuddy(self.dots_each)
        first.addWidget(voter_label)
        first.addWidget(self.voter, 1)
        first.addWidget(self.dots_left)
        for widget in (self.give, self.take):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(each_label)
        second.addWidget(self.dots_each)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _challenges_pane(self) -> QGroupBox:
        document = self.document
        self.new_text = QLineEdit()
        self.new_text.setObjectName("new_challenge")
        self.new_text.setPlaceholderText("A challenge")
        self.new_text.setToolTip("Something that gets in one side's way, e.g. Leads arrive without a phone number")
        self.new_side = ChoiceBox(lambda: teams(document, "No side"), Area.DEPARTMENTS)
        self.new_side.setObjectName("new_challenge_side")
        self.new_side.setToolTip("The side that faces it")
        self.model = RowTableModel(document, [
            Column("Challenge", lambda r: r.text, lambda r, v: cmds.edit_challenge(r.id, "text", v), grow=3),
            Column("Side", lambda r: r.department, lambda r, v: cmds.edit_challenge(r.id, "department_id", v),
                   kind="choice", edit_value=lambda r: r.department_id or 0,
                   choices=lambda: teams(document, "No side")),
            Column("Theme", lambda r: r.theme, lambda r, v: cmds.move_to_theme(self.board, [r.id], v or None),
                   kind="choice", edit_value=lambda r: r.theme_id or 0, choices=self._theme_choices, grow=1),
            Column("Dots", lambda r: str(r.dots) if r.dots else "", sort_key=lambda r: r.dots, optional=True),
        ], style=lambda r: COMMON if r.theme_id and self.board.is_common_ground(r.theme_id) else None,
            reorderable=True)  # as read: a theme's challenges together, those in no theme last
        self.list = RowList(document, self.model, name="challenges", noun=("challenge", "challenges"),
                            add=self._new_challenge, fields=[self.new_text, self.new_side], typed=self.new_text.text,
                            remove=lambda r: cmds.remove_challenge(r.id), widths=self.widths,
                            detail=self._detail, folding=[self.new_side], reorder=cmds.reorder_challenges,
                            reorder_group=lambda r: r.theme_id)
        self.view = self.list.view
        self.view.enable_drag()
        self.view.accept_drops(lambda source, ids, target: self._dropped(source, ids, target, on_ranking=False))
        self.themes_menu = QMenu(self)
        self.group = self._menu_item("Group &With…", "Group the selected challenges with another one",
                                     self._choose_group)
        self.move_to = self._menu_item("&Move to Theme…", "Move the selected challenges into a theme",
                                       self._choose_theme)
        self.ungroup = self._menu_item("&Ungroup", "Take the selected challenges out of their theme",
                                       self._ungroup)
        self.split = self._menu_item("&Split Off", "Make the selected challenges of one theme a theme of their own",
                                     self._split_off)
        self.merge = self._menu_item("Me&rge Into…", "Merge the selected theme into another theme",
                                     self._choose_merge)
        self.remove_theme = self._menu_item("Remove T&heme", "Remove the selected theme; its challenges stay",
                                            self._remove_theme)
        self.themes_button = _button("&Themes", "themes_menu", "Group, move, ungroup, split off or merge", lambda: None)
        self.themes_button.setMenu(self.themes_menu)
        self.list.buttons.insertWidget(0, self.themes_button)
        box = QGroupBox("Challenges")
        QVBoxLayout(box).addWidget(self.list)
        return box

    def _ranking_pane(self) -> QGroupBox:
        document = self.document
        self.ranking = RowTableModel(document, [
            Column("Rank", lambda r: r.rank_text, sort_key=lambda r: r.rank or 10**9),
            Column("Theme or challenge", lambda r: f"★ {r.title}" if r.common_ground else r.title, self._rename,
                   edit_value=lambda r: r.title, grow=3),
            Column("Dots", lambda r: str(r.dots) if r.dots else "", sort_key=lambda r: r.dots),
            Column("Sides", lambda r: ", ".join(r.sides), optional=True),
            Column("On the plan", lambda r: _plan(r.actions), optional=True),
        ], style=lambda r: COMMON if r.common_ground else None, order=lambda r: (-r.dots, r.order))
        self.rank_list = RowList(document, self.ranking, name="ranking", noun=("theme", "themes"),
                                 remove=self._remove_ranked, widths=self.widths,
                                 empty="Themes and ranking appear here once there are challenges.")
        self.rank_view = self.rank_list.view
        self.rank_view.enable_drag()
        self.rank_view.accept_drops(lambda source, ids, target: self._dropped(source, ids, target, on_ranking=True))
        self.to_action = _button("Make an &Action", "challenge_to_action",
                                 "Put the selected theme or challenge on the Action plan, linked back to it",
                                 self._make_action)
        self.top_button = _button(f"Top &{TOP} to the Plan", "top_to_actions",
                           f"Put every item ranked {TOP} or better (ties included) on the Action plan",
                           lambda: self._push(lambda: cmds.top_to_actions(self.board, TOP), planned=True))
        self.rank_list.buttons.insertWidget(0, self.to_action)
        self.rank_list.buttons.insertWidget(1, self.top_button)
        # Delete removes a theme; the button would not fit beside the two above at 1280 pixels.
        self.rank_list.remove_button.hide()
        for view in (self.view, self.rank_view):
            view.selectionModel().currentRowChanged.connect(lambda *_a, v=view: self._worked_in(v))
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_moved)
        box = QGroupBox("Themes and ranking")
        inside = QVBoxLayout(box)
        inside.addLayout(self._voting_bar())
        inside.addWidget(self.rank_list)
        return box

    # -- what the room sees ------------------------------------------------------------------------

    def _theme_choices(self) -> Items:
        return [("No theme", 0)] + [(t.name, t.id) for t in self.board.themes]

    def _who_voted(self, votes: list[Any]) -> str:
        if not votes:
            return "no dots yet"
        return ", ".join(f"{esc(self.board.people.get(v.participant_id, '?'))} {'●' * v.dots}" for v in votes)

    def _detail(self, row: ChallengeRow) -> str:
        """One detail panel for both lists: the item the room last selected, in full."""
        ranked = self.rank_view.current_row() if self._last_view is self.rank_view else None
        return self._ranked_detail(ranked) if isinstance(ranked, RankedItem) else self._challenge_detail(row)

    def _challenge_detail(self, row: ChallengeRow) -> str:
        where = f"in the theme “{esc(row.theme)}”" if row.theme else "in no theme yet"
        votes = [v for v in self.board.votes if v.challenge_id == row.id]
        plan = f" · on the Action plan ({row.actions})" if row.actions else ""
        return (f"<b>{esc(row.text)}</b><br>{esc(row.department) or 'No side'} · {where}{plan}"
                f"<br>Dots: {self._who_voted(votes)}")

    def _ranked_detail(self, item: RankedItem) -> str:
        if item.kind == "challenge":
            challenge = self.board.challenge(item.item_id)
            return self._challenge_detail(challenge) if challenge else ""
        members = self.board.members(item.item_id)
        ground = ("<br><b>★ Common ground</b>: " + " and ".join(esc(s) for s in item.sides) + " share it"
                  if item.common_ground else "")
        by_side: dict[str, int] = {}
        for c in members:
            by_side[c.department or "no side"] = by_side.get(c.department or "no side", 0) + 1
        holds = ", ".join(f"{n} from {esc(side)}" for side, n in by_side.items()) or "none yet"
        votes = [v for v in self.board.votes if v.theme_id == item.item_id]
        plan = f" · on the Action plan ({item.actions})" if item.actions else ""
        return (f"<b>{esc(item.title)}</b> · {item.dots} dot{'s' if item.dots != 1 else ''}{plan}{ground}"
                f"<br>{len(members)} challenge{'s' if len(members) != 1 else ''}: {holds}"
                f"<br>Dots on the theme itself: {self._who_voted(votes)}")

    def _show_dots_left(self) -> None:
        voter = self.voter.currentData()
        if not voter or voter not in self.board.people:
            self.dots_left.setText("")
            return
        left, each = self.board.left(voter), self.board.dots_each
        self.dots_left.setText(f"{'●' * (each - left)}{'○' * left}  {left} of {each} left")

    def refresh(self, changes: Changes) -> None:
        self.board = board = self.document.query(queries.challenge_board)
        self.model.set_rows(board.challenges)
        self.ranking.set_rows(board.ranking)
        self.dots_each.blockSignals(True)
        self.dots_each.setValue(board.dots_each)
        self.dots_each.blockSignals(False)
        self._show_dots_left()
        self.list.show_detail()
        common = sum(board.is_common_ground(t.id) for t in board.themes)
        total = len(board.people) * board.dots_each
        n = len(board.challenges)
        self.status.setText(
            f"{n} challenge{'s' if n != 1 else ''} · {len(board.themes)} theme{'s' if len(board.themes) != 1 else ''}"
            f" · {common} common ground · {board.dots_placed()} of {total} dots" if n else "")

    def reveal(self, row_id: object) -> bool:
        # An action points at ("theme", id) or ("challenge", id); a challenge in a theme is shown in the list.
        self.catch_up()
        if isinstance(row_id, tuple) and row_id[0] == "challenge" and self.view.select_id(row_id[1]):
            self.view.setFocus()
            return True
        if self.rank_view.select_id(row_id):
            self.rank_view.setFocus()
            return True
        return False

    # -- editing -----------------------------------------------------------------------------------

    def _menu_item(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = self.themes_menu.addAction(text)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _push(self, make: Callable[[], Command], *, planned: bool = False) -> bool:
        done = self.document.submit(make)
        if done and planned:
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage("Added to the Action plan, linked back to the challenges", 8000)
        return done

    def _refuse(self, message: str) -> None:
        self.document.failed.emit(ValidationError(message), "")

    def _new_challenge(self) -> Command:
        return cmds.add_challenge(text=self.new_text.text(), department_id=self.new_side.currentData())

    def _rename(self, item: RankedItem, value: Any) -> Command:
        if item.kind == "theme":
            return cmds.rename_theme(item.item_id, value)
        return cmds.edit_challenge(item.item_id, "text", value)

    def _remove_ranked(self, item: RankedItem) -> Command:
        if item.kind == "theme":
            return cmds.remove_theme(item.item_id)
        return cmds.remove_challenge(item.item_id)

    def _worked_in(self, view: Any) -> None:
        if view is not self._last_view:
            self._last_view = view
        self.list.show_detail()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        for view in (self.view, self.rank_view):
            if new is not None and (new is view or view.isAncestorOf(new)) and view is not self._last_view:
                self._worked_in(view)

    def _selected_challenges(self) -> list[int]:
        return [i for i in self.view.selected_ids() if isinstance(i, int)]

    def _vote_target(self) -> tuple[str, int] | None:
        view = self._last_view or self.rank_view
        row = view.current_row()
        if isinstance(row, RankedItem):
            return row.id
        if isinstance(row, ChallengeRow):
            return ("challenge", row.id)
        return None

    def _vote(self, make: Callable[[Board, int | None, str, int], Command]) -> None:
        target = self._vote_target()
        voter = self.voter.currentData() or None
        if target is None:
            self._refuse("Choose a challenge or a theme first.")
            return
        self._push(lambda: make(self.board, voter, target[0], target[1]))

    def _set_dots_each(self, value: int) -> None:
        if value != self.board.dots_each and not self._push(lambda: cmds.set_dots_each(self.board, value)):
            self.dots_each.blockSignals(True)
            self.dots_each.setValue(self.board.dots_each)
            self.dots_each.blockSignals(False)

    def _make_action(self) -> None:
        target = self._vote_target()
        if target is not None:
            self._push(lambda: cmds.item_to_action(self.board, target), planned=True)

    def _remove_theme(self) -> None:
        current = self._current_theme()
        if current is None:
            self._refuse("Select a theme, or a challenge in one, to remove the theme.")
            return
        self._push(lambda: cmds.remove_theme(current[0]))

    def _ungroup(self) -> None:
        self._push(lambda: cmds.ungroup(self.board, self._selected_challenges()))

    def _split_off(self) -> None:
        ids = self._selected_challenges()
        themes = {c.theme_id for c in self.board.challenges if c.id in ids}
        if len(themes) != 1 or None in themes:
            self._refuse("Select challenges of one theme to split them off into a theme of their own.")
            return
        theme_id = themes.pop()
        self._push(lambda: cmds.split_theme(self.board, theme_id, ids))  # type: ignore[arg-type]

    # -- choosing with the keyboard ----------------------------------------------------------------

    def _choose(self, title: str, prompt: str, items: Items, chosen: Callable[[Any], object]) -> Chooser | None:
        if not items:
            return None
        dialog = Chooser(self, title=title, prompt=prompt, items=items, chosen=chosen)
        dialog.open()
        return dialog

    def _choose_group(self) -> Chooser | None:
        ids = self._selected_challenges()
        if not ids:
            return None
        others = [(f"{c.text}  ({c.department or 'no side'}{' · ' + c.theme if c.theme else ''})", c.id)
                  for c in self.board.challenges if c.id not in ids]
        return self._choose("Group With", "Group the selected challenges with:", others,
                            lambda target: self._push(lambda: cmds.group_with(self.board, ids, target)))

    def _choose_theme(self) -> Chooser | None:
        ids = self._selected_challenges()
        if not ids:
            return None
        items: Items = [(t.name, t.id) for t in self.board.themes]
        items += [("A new theme", -1), ("No theme (ungroup)", 0)]
        return self._choose("Move to Theme", "Move the selected challenges to:", items,
                            lambda theme: self._push(lambda: cmds.new_theme(self.board, ids) if theme == -1
                                                     else cmds.move_to_theme(self.board, ids, theme or None)))

    def _current_theme(self) -> tuple[int, str] | None:
        """The theme the room is on: selected in the ranking, or the theme of the selected challenge."""
        row = self.rank_view.current_row() if self._last_view is self.rank_view else self.view.current_row()
        if isinstance(row, RankedItem) and row.kind == "theme":
            return row.item_id, row.title
        if isinstance(row, ChallengeRow) and row.theme_id is not None:
            return row.theme_id, row.theme
        return None

    def _choose_merge(self) -> Chooser | None:
        current = self._current_theme()
        if current is None:
            self._refuse("Select a theme, or a challenge in one, to merge it into another theme.")
            return None
        source, name = current
        items: Items = [(t.name, t.id) for t in self.board.themes if t.id != source]
        return self._choose("Merge Into", f"Merge “{name}” into:", items,
                            lambda into: self._push(lambda: cmds.merge_themes(self.board, source, into)))

    # -- drag and drop -----------------------------------------------------------------------------

    def _dropped(self, source: str, ids: list[Any], target: Any, *, on_ranking: bool) -> bool:
        """Challenges onto a challenge: group with it; onto a theme: move in; onto empty ranking space: ungroup.
        A theme onto another theme: merge."""
        if self.document.read_only:
            return False
        challenges = [i for i in ids if isinstance(i, int)] if source == "challenges_table" else \
            [i[1] for i in ids if isinstance(i, tuple) and i[0] == "challenge"]
        themes = [i[1] for i in ids if isinstance(i, tuple) and i[0] == "theme"]
        if isinstance(target, RankedItem):
            if target.kind == "theme" and themes and not challenges:
                if themes == [target.item_id]:
                    return False
                return self._push(lambda: cmds.merge_themes(self.board, themes[0], target.item_id))
            if target.kind == "theme":
                return bool(challenges) and self._push(
                    lambda: cmds.move_to_theme(self.board, challenges, target.item_id))
            target = self.board.challenge(target.item_id)
        if isinstance(target, ChallengeRow) and challenges and challenges != [target.id]:
            return self._push(lambda: cmds.group_with(self.board, challenges, target.id))
        if target is None and on_ranking and challenges and \
                any(c.theme_id for c in self.board.challenges if c.id in challenges):
            return self._push(lambda: cmds.ungroup(self.board, challenges))
        return False

    def focus_first(self) -> None:
        if self.new_text.isEnabled():
            self.new_text.setFocus()

