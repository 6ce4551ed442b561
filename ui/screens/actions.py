"""Step 8, Action plan: who does what by when, sortable and filterable, with overdue actions standing out."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSignalBlocker, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app import queries
from app.commands import actions as cmds
from app.queries import ActionRow
from models import ACTION_STATUSES
from ui.delegates import from_qdate, make_date_edit
from ui.document import Document
from ui.screens.base import Screen, make_table
from ui.table_model import ID_ROLE, SORT_ROLE, Column, RowStyle, RowTableModel

OVERDUE = RowStyle(foreground="#b42318", background="#fde8e6", bold=True)
FINISHED = RowStyle(foreground="#667085")
ANY = None
NOT_FINISHED = "__not_finished__"


def _due_text(row: ActionRow) -> str:
    if row.due_on is None:
        return ""
    return f"{row.due_on.isoformat()}  ⚠ overdue" if row.is_overdue(dt.date.today()) else row.due_on.isoformat()


def _style(row: ActionRow) -> RowStyle | None:
    if row.is_overdue(dt.date.today()):
        return OVERDUE
    return FINISHED if row.status in ("done", "dropped") else None


class ActionFilter(QSortFilterProxyModel):
    """Filters by owner and status; sorts on each column's sort key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner: int | None = ANY
        self.status: str | None = ANY
        self.setSortRole(SORT_ROLE)

    def set_filter(self, owner: int | None, status: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10 deprecates invalidateFilter
            self.beginFilterChange()
            self.owner, self.status = owner, status
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.owner, self.status = owner, status
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        row: ActionRow = model.rows[source_row]
        if self.owner is not ANY and row.owner_id != (self.owner or None):
            return False
        if self.status == NOT_FINISHED:
            return row.status in ("open", "in progress")
        return self.status is ANY or row.status == self.status


class ActionsScreen(Screen):
    step = "actions"
    title = "Action plan"
    subtitle = "Every agreement becomes an action with one owner and a date. Overdue actions are shown in red."
    areas = ("actions", "participants", "departments", "goals")
    owns = ("actions",)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        add = QHBoxLayout()
        self.new_title = QLineEdit()
        self.new_title.setObjectName("new_action")
        self.new_title.setPlaceholderText("What will be done")
        self.new_owner = QComboBox()
        self.new_owner.setObjectName("new_action_owner")
        self.new_due = make_date_edit()
        self.new_due.setObjectName("new_action_due")
        self.new_goal = QComboBox()
        self.new_goal.setObjectName("new_action_goal")
        self.add_button = QPushButton("Add action")
        self.add_button.setObjectName("add_action")
        add.addWidget(self.new_title, 3)
        add.addWidget(self.new_owner, 1)
        add.addWidget(self.new_due)
        add.addWidget(self.new_goal, 1)
        add.addWidget(self.add_button)
        self.layout_.addLayout(add)

        filters = QHBoxLayout()
        self.owner_filter = QComboBox()
        self.owner_filter.setObjectName("owner_filter")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItem("Any status", ANY)
        self.status_filter.addItem("Not finished", NOT_FINISHED)
        for status in ACTION_STATUSES:
            self.status_filter.addItem(status.capitalize(), status)
        self.summary = QLabel()
        self.summary.setObjectName("action_summary")
        filters.addWidget(QLabel("Owner"))
        filters.addWidget(self.owner_filter, 1)
        filters.addWidget(QLabel("Status"))
        filters.addWidget(self.status_filter, 1)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        self.layout_.addLayout(filters)

        self.model = RowTableModel(document, [
            Column("Action", lambda r: r.title, lambda r, v: cmds.edit_action(r.id, "title", v)),
            Column("Owner", lambda r: r.owner, lambda r, v: cmds.edit_action(r.id, "owner_id", v), kind="choice",
                   edit_value=lambda r: r.owner_id or 0, choices=self._people, width=12),
            Column("Team", lambda r: r.team, lambda r, v: cmds.edit_action(r.id, "team_id", v), kind="choice",
                   edit_value=lambda r: r.team_id or 0, choices=self._teams, width=9),
            Column("Due", _due_text, lambda r, v: cmds.edit_action(r.id, "due_on", v), kind="date",
                   edit_value=lambda r: r.due_on, sort_key=lambda r: r.due_on.isoformat() if r.due_on else "9999",
                   width=18),
            Column("Status", lambda r: r.status, lambda r, v: cmds.edit_action(r.id, "status", v), kind="choice",
                   edit_value=lambda r: r.status, choices=lambda: [(s, s) for s in ACTION_STATUSES],
                   sort_key=lambda r: ACTION_STATUSES.index(r.status), width=9),
            Column("Serves goal", lambda r: r.goal, lambda r, v: cmds.edit_action(r.id, "goal_id", v),
                   kind="choice", edit_value=lambda r: r.goal_id or 0, choices=self._goals, width=16),
        ], style=_style)
        self.proxy = ActionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self.model, sortable=True)
        self.view.setModel(self.proxy)
        self.view.setObjectName("actions_table")
        self.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.layout_.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Remove action")
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

        self.add_button.clicked.connect(self._add)
        self.new_title.returnPressed.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.owner_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)

    def _people(self) -> list[tuple[str, int]]:
        return [("No owner", 0)] + [(p.name, p.id) for p in self.document.query(queries.participants)]

    def _teams(self) -> list[tuple[str, int]]:
        return [("Joint", 0)] + [(d.name, d.id) for d in self.document.query(queries.departments)]

    def _goals(self) -> list[tuple[str, int]]:
        return [("No goal", 0)] + [(g.statement, g.id) for g in self.document.query(queries.goals)]

    def refresh(self) -> None:
        rows = self.document.query(queries.actions)
        self.model.set_rows(rows)
        people = self._people()
        self._fill(self.new_owner, people)
        self._fill(self.new_goal, self._goals())
        self._fill(self.owner_filter, [("Anyone", ANY), ("No owner", 0), *people[1:]])
        today = dt.date.today()
        overdue = sum(r.is_overdue(today) for r in rows)
        open_count = sum(r.status in ("open", "in progress") for r in rows)
        self.summary.setText(f"{len(rows)} actions · {open_count} open · "
                             + (f"<b style='color:#b42318'>{overdue} overdue</b>" if overdue else "none overdue"))
        read_only = self.document.read_only
        self.new_title.setReadOnly(read_only)
        for w in (self.add_button, self.remove_button, self.new_owner, self.new_due, self.new_goal):
            w.setEnabled(not read_only)

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        current = combo.currentData()
        with QSignalBlocker(combo):
            combo.clear()
            for label, value in items:
                combo.addItem(label, value)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.owner_filter.currentData(), self.status_filter.currentData())

    def _add(self) -> None:
        owner = self.new_owner.currentData() or None
        team = None
        if owner:
            person = next((p for p in self.document.query(queries.participants) if p.id == owner), None)
            team = person.department_id if person else None
        title, due, goal = self.new_title.text(), from_qdate(self.new_due.date()), self.new_goal.currentData()
        if self.document.submit(lambda: cmds.add_action(title=title, owner_id=owner, team_id=team, due_on=due,
                                                        goal_id=goal, step="actions"), initiator=self, typed=title):
            self.new_title.clear()
            self.new_title.setFocus()

    def _remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.document.push(cmds.remove_action(int(index.data(ID_ROLE))), initiator=self)
