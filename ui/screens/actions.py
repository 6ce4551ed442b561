"""Step 8, Action plan: who does what by when, sortable and filterable, with overdue actions standing out."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app import queries
from app.commands import Changes, Command
from app.commands import actions as cmds
from app.commands.base import EVERYTHING
from app.queries import ActionRow
from models import ACTION_STATUSES, Area
from ui import choices
from ui.choices import ChoiceBox
from ui.date_field import DateField
from ui.document import Document
from ui.jobs import Job
from ui.row_list import RowList, esc, two_row_form
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel

OVERDUE = RowStyle(foreground="#b42318", background="#fde8e6", bold=True)
FINISHED = RowStyle(foreground="#667085")
ANY = None
BACKGROUND_ROWS = 1000  # a plan this large is read in the background: 2,000 actions took ~90 ms on the UI thread
NOT_FINISHED = "__not_finished__"


def _due_text(row: ActionRow) -> str:
    if row.due_on is None:
        return ""
    return f"{row.due_on.isoformat()}  ⚠ overdue" if row.is_overdue(dt.date.today()) else row.due_on.isoformat()


def _style(row: ActionRow) -> RowStyle | None:
    if row.is_overdue(dt.date.today()):
        return OVERDUE
    return FINISHED if row.status in ("done", "dropped") else None


def _detail(row: ActionRow) -> str:
    who = esc(row.owner) if row.owner else "no owner yet"
    due = row.due_on.isoformat() if row.due_on else "no due date"
    goal = f"<br>Serves: {esc(row.goal)}" if row.goal else ""
    goal += f"<br>Answers the rivalry: {esc(row.rivalry)}" if row.rivalry else ""
    goal += f"<br>Answers the need: {esc(row.need)}" if row.need else ""
    goal += f"<br>From the parking lot: {esc(row.parked)}" if row.parked else ""
    goal += f"<br>Tackles the theme: {esc(row.theme)}" if row.theme else ""
    goal += f"<br>Tackles the challenge: {esc(row.challenge)}" if row.challenge else ""
    return f"<b>{esc(row.title)}</b><br>{who}{' · ' + esc(row.team) if row.team else ''} · {due} · {row.status}{goal}"


class ActionsScreen(Screen):
    key = "actions"
    subtitle = "Every agreement becomes an action with one owner and a date. Overdue actions are shown in red."

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.new_title = QLineEdit()
        self.new_title.setObjectName("new_action")
        self.new_title.setPlaceholderText("What will be done")
        self.new_owner = ChoiceBox(lambda: choices.people(document), Area.PARTICIPANTS)
        self.new_owner.setObjectName("new_action_owner")
        self.new_owner.setToolTip("Owner of the new action")
        self.new_due = DateField()
        self.new_due.setObjectName("new_action_due")
        self.new_due.setPlaceholderText("Due date")
        self.new_due.setToolTip("Due date of the new action, typed as 2026-11-20 (Alt+Down opens a calendar)")
        self.new_goal = ChoiceBox(lambda: choices.goals(document), Area.GOALS)
        self.new_goal.setObjectName("new_action_goal")
        self.new_goal.setToolTip("The shared goal the new action serves")

        # On a compact screen the filters wait behind a button in the title row, unless one is in use.
        self.filter_bar = QWidget()
        filters = QHBoxLayout(self.filter_bar)
        filters.setContentsMargins(0, 0, 0, 0)
        self.filter_toggle = QPushButton("Filters")
        self.filter_toggle.setObjectName("filter_toggle")
        self.filter_toggle.setCheckable(True)
        self.filter_toggle.setToolTip("Show or hide the owner and status filters")
        self.filter_toggle.hide()
        self.filter_toggle.toggled.connect(self._show_filters)
        self.top.insertWidget(1, self.filter_toggle)
        self.owner_filter = ChoiceBox(lambda: [("Anyone", ANY), *choices.people(document)], Area.PARTICIPANTS)
        self.owner_filter.setObjectName("owner_filter")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("Any status", ANY)
        self.status_filter.addItem("Not finished", NOT_FINISHED)
        for status in ACTION_STATUSES:
            self.status_filter.addItem(status.capitalize(), status)
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.summary = self.status
        filters.addWidget(QLabel("Show owner"))
        filters.addWidget(self.owner_filter, 1)
        filters.addWidget(QLabel("status"))
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        between = QVBoxLayout()
        between.addWidget(self.filter_bar)

        self.model = RowTableModel(document, [
            Column("Action", lambda r: r.title, lambda r, v: cmds.edit_action(r.id, "title", v), grow=3),
            Column("Owner", lambda r: r.owner, lambda r, v: cmds.edit_action(r.id, "owner_id", v), kind="choice",
                   edit_value=lambda r: r.owner_id or 0, choices=lambda: choices.people(document)),
            Column("Team", lambda r: r.team, lambda r, v: cmds.edit_action(r.id, "team_id", v), kind="choice",
                   edit_value=lambda r: r.team_id or 0, choices=lambda: choices.teams(document), optional=True),
            Column("Due", _due_text, lambda r, v: cmds.edit_action(r.id, "due_on", v), kind="date",
                   edit_value=lambda r: r.due_on, sort_key=lambda r: r.due_on.isoformat() if r.due_on else "9999"),
            Column("Status", lambda r: r.status, lambda r, v: cmds.edit_action(r.id, "status", v), kind="choice",
                   edit_value=lambda r: r.status, choices=lambda: [(s, s) for s in ACTION_STATUSES],
                   sort_key=lambda r: ACTION_STATUSES.index(r.status)),
            Column("Serves goal", lambda r: r.goal, lambda r, v: cmds.edit_action(r.id, "goal_id", v),
                   kind="choice", edit_value=lambda r: r.goal_id or 0, choices=lambda: choices.goals(document),
                   grow=2, optional=True),
        ], style=_style)
        self.list = RowList(document, self.model, name="actions", noun=("action", "actions"), add=self._new_action,
                            fields=[self.new_title, self.new_owner, self.new_due, self.new_goal],
                            typed=self.new_title.text, arrange=two_row_form(2, 2, 3),
                            remove=lambda r: cmds.remove_action(r.id),
                            sortable=True, widths=self.widths, detail=_detail, between=between,
                            folding=[self.new_owner, self.new_due, self.new_goal],
                            filtered="No actions match these filters. Choose “Anyone” and “Any status” to see all.")
        self.layout_.addWidget(self.list, 1)
        self.view = self.list.view
        self._empty_text = self.view.empty_text
        self._loading: Job | None = None
        self._load_again = False
        self.add_button = self.list.add_button
        self.remove_button = self.list.remove_button
        self.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.to_source = QPushButton("Go to &Where It Came From")
        self.to_source.setObjectName("action_source")
        self.to_source.setToolTip("Show the rivalry, need, challenge, theme or parked point this action answers")
        self.to_source.clicked.connect(self._go_to_source)
        self.list.buttons.insertWidget(0, self.to_source)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_source_button())
        self._update_source_button()
        self.owner_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)

    def _update_source_button(self) -> None:
        row = self.view.current_row()
        has_source = isinstance(row, ActionRow) and row.source is not None
        self.to_source.setEnabled(has_source)
        self.to_source.setVisible(has_source or not self.compact)  # a compact screen keeps the row for the plan

    def _go_to_source(self) -> None:
        row = self.view.current_row()
        window = self.window()
        if isinstance(row, ActionRow) and row.source is not None and hasattr(window, "reveal_source"):
            window.reveal_source(row.source)

    def _new_action(self) -> Command:
        owner = self.new_owner.currentData() or None
        team = None
        if owner:
            person = next((p for p in self.document.query(queries.participants) if p.id == owner), None)
            team = person.department_id if person else None
        return cmds.add_action(title=self.new_title.text(), owner_id=owner, team_id=team,
                               due_on=self.new_due.text_value(), goal_id=self.new_goal.currentData(), step="actions")

    def refresh(self, changes: Changes) -> None:
        if self._loading is not None:
            self._load_again = True  # the plan being read may predate this edit: read it once more after
            return
        if changes.only_rows_of("action"):
            ids = changes.ids("action")
            self.model.update_rows(ids, self.document.query(lambda s: queries.actions(s, ids)))
        elif self.document.query(queries.action_count) >= BACKGROUND_ROWS:
            self._load_in_background()
            return
        else:
            self.model.set_rows(self.document.query(queries.actions))
        self._summarize()

    def _load_in_background(self) -> None:
        """A large plan is read off the UI thread, so the window paints and answers while it loads."""
        workshop = self.document.workshop
        self._loading = Job(lambda: workshop.query(queries.actions))
        self._loading.signals.done.connect(self._loaded)
        self._load_again = False
        if not self.model.total():
            self.view.empty_text = "Loading the action plan…"
            self.view.viewport().update()
        self.status.setText("Loading the action plan…")
        self._loading.start()

    def _loaded(self, rows: object) -> None:
        self._loading = None
        self.view.empty_text = self._empty_text
        if isinstance(rows, BaseException):  # the file could not be read: say so where the plan would be
            self.view.empty_text = f"The action plan could not be read: {rows}"
            self.view.viewport().update()
            return
        self.model.set_rows(rows)  # type: ignore[arg-type]
        self._summarize()
        if self._load_again:
            self.refresh(EVERYTHING)

    def _summarize(self) -> None:
        rows = self.model.values()
        today = dt.date.today()
        overdue = sum(r.is_overdue(today) for r in rows)
        open_count = sum(r.status in ("open", "in progress") for r in rows)
        total = f"{len(rows)} action" + ("" if len(rows) == 1 else "s")
        shown = self.model.rowCount()
        showing = f"showing {shown} of {total}" if shown != len(rows) else total
        late = f"<b style='color:#b42318'>{overdue} overdue</b>" if overdue else "none overdue"
        self.summary.setText(f"{showing} · {open_count} open · {late}")

    def set_compact(self, compact: bool) -> None:
        super().set_compact(compact)
        self.filter_toggle.setVisible(compact)
        self._show_filters()
        self._update_source_button()

    def _show_filters(self, *_args: object) -> None:
        if self.owner_filter.currentData() is not ANY or self.status_filter.currentData() is not ANY:
            self.filter_toggle.setChecked(True)  # a filter in use stays in sight, so a short list is explained
        self.filter_bar.setVisible(not self.compact or self.filter_toggle.isChecked())

    def _apply_filter(self) -> None:
        owner, status = self.owner_filter.currentData(), self.status_filter.currentData()

        def accept(row: ActionRow) -> bool:
            if owner is not ANY and row.owner_id != (owner or None):
                return False
            if status == NOT_FINISHED:
                return row.status in ("open", "in progress")
            return status is ANY or row.status == status

        self.model.set_filter(None if owner is ANY and status is ANY else accept)
        self._summarize()
        self._show_filters()
