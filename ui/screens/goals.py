"""Step 4, Shared goals: goal statements with one unified KPI each, checked for being measurable."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLayout, QLineEdit, QPushButton, QWidget

from app import queries
from app.commands import Changes, Command
from app.commands import goals as cmds
from app.queries import GoalRow
from app.smart import smart_problems
from models import Area
from ui.document import Document
from ui.row_list import RowList, esc, mark_editing
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel

WARN = "#b42318"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _check_text(goal: GoalRow) -> str:
    problems = smart_problems(goal, today=dt.date.today())
    return "✔ measurable" if not problems else "⚠ " + ", ".join(problems)


def _kpi(field: str, header: str, kind: str = "text", grow: int = 0, optional: bool = False) -> Column:
    def display(r: GoalRow) -> str:
        value = getattr(r, field)
        if kind == "number":
            return _num(value)
        if kind == "date":
            return value.isoformat() if value else ""
        return value

    return Column(header, display, lambda r, v: cmds.edit_goal(r.id, field, v), kind=kind, grow=grow,
                  optional=optional,
                  edit_value=(lambda r: getattr(r, field)) if kind == "date" else None,
                  sort_key=(lambda r: str(getattr(r, field) or "")) if kind == "date" else None)


def _detail(goal: GoalRow) -> str:
    kpi = [esc(goal.metric) or "no metric yet"]
    if goal.baseline is not None or goal.target is not None:
        kpi.append(f"{_num(goal.baseline) or '?'} → {_num(goal.target) or '?'} {esc(goal.unit)}".strip())
    kpi.append(f"by {goal.deadline.isoformat()}" if goal.deadline else "no deadline")
    if goal.data_source:
        kpi.append(f"from {esc(goal.data_source)}")
    problems = smart_problems(goal, today=dt.date.today())
    check = (f"<b style='color:{WARN}'>Not yet measurable:</b> {esc('; '.join(problems))}." if problems else
             "<b>Measurable and time-bound.</b> Both sides know what done looks like.")
    return f"<b>{esc(goal.statement)}</b><br>{' · '.join(kpi)}<br>{check}"


def _form(fields: Sequence[QWidget], add: QPushButton, remove: QPushButton) -> QLayout:
    row = QHBoxLayout()
    row.addWidget(fields[0], 1)
    row.addWidget(add)
    row.addWidget(remove)
    return row


class GoalsScreen(Screen):
    key = "goals"
    subtitle = ("Goals both sides own, each measured by one KPI everyone reads the same way: a metric, a baseline, "
                "a target and a deadline.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.new_goal = QLineEdit()
        self.new_goal.setObjectName("new_goal")
        self.new_goal.setPlaceholderText("A goal both sides share, e.g. More qualified pipeline from inbound leads")
        self.model = RowTableModel(document, [
            Column("Goal", lambda r: r.statement, lambda r, v: cmds.edit_goal(r.id, "statement", v), grow=4),
            _kpi("metric", "Metric", grow=2, optional=True),
            _kpi("unit", "Unit", optional=True),
            _kpi("baseline", "Baseline", "number", optional=True),
            _kpi("target", "Target", "number"),
            _kpi("deadline", "Deadline", "date"),
            _kpi("data_source", "Data source", grow=1, optional=True),
            Column("Owners", lambda r: r.owners),
            Column("SMART check", _check_text, grow=2, optional=True),
        ], style=lambda r: RowStyle(foreground=WARN) if smart_problems(r, today=dt.date.today()) else None,
            reorderable=True)
        self.list = RowList(document, self.model, name="goals", noun=("goal", "goals"), add=self._new_goal,
                            fields=[self.new_goal], typed=self.new_goal.text, remove=lambda r: cmds.remove_goal(r.id),
                            widths=self.widths, detail=_detail, arrange=_form, reorder=cmds.reorder_goals)
        self.view = self.list.view
        self.add_button = self.list.add_button
        self.remove_button = self.list.remove_button
        self.layout_.addWidget(self.list, 1)

        owners = QHBoxLayout()
        owners.addWidget(QLabel("Owned by"))
        self.owner_boxes: dict[int, QCheckBox] = {}
        self.owners_layout = QHBoxLayout()
        owners.addLayout(self.owners_layout)
        owners.addStretch(1)
        self.list.buttons.insertLayout(0, owners, 1)

        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        for signal in (self.model.dataChanged, self.model.layoutChanged, self.model.rowsRemoved):
            signal.connect(lambda *_: self._show_detail())

    def _new_goal(self) -> Command:
        return cmds.add_goal(statement=self.new_goal.text(),
                             owner_ids=self.document.query(queries.default_goal_owners))

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Area.DEPARTMENTS):
            self._owner_boxes()
        self.model.set_rows(self.document.query(queries.goals))
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._show_detail()

    def _owner_boxes(self) -> None:
        departments = self.document.query(queries.departments)
        if [d.id for d in departments] == list(self.owner_boxes):
            for d in departments:
                self.owner_boxes[d.id].setText(d.name)
            return
        for box in self.owner_boxes.values():
            box.deleteLater()
        self.owner_boxes = {}
        for d in departments:
            box = QCheckBox(d.name)
            mark_editing(box)
            box.setEnabled(not self.document.read_only)
            box.clicked.connect(self._owners_clicked)
            self.owners_layout.addWidget(box)
            self.owner_boxes[d.id] = box

    def current(self) -> GoalRow | None:
        row = self.view.current_row()
        return row if isinstance(row, GoalRow) else None

    def _show_detail(self) -> None:
        goal = self.current()
        editable = goal is not None and not self.document.read_only
        for dept_id, box in self.owner_boxes.items():
            box.setEnabled(editable)
            box.setChecked(goal is not None and dept_id in goal.owner_ids)

    def _owners_clicked(self) -> None:
        goal = self.current()
        if goal is None:
            return
        wanted = [d for d, box in self.owner_boxes.items() if box.isChecked()]
        self.document.push(cmds.set_goal_owners(goal.id, current=goal.owner_ids, wanted=wanted), initiator=self)
