"""Step 4, Shared goals: goal statements with one unified KPI each, checked for being measurable."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app import queries
from app.commands import goals as cmds
from app.queries import GoalRow
from app.smart import smart_problems
from ui.document import Document
from ui.screens.base import Screen, make_table
from ui.table_model import Column, RowStyle, RowTableModel

WARN = "#b42318"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def _check_text(goal: GoalRow) -> str:
    problems = smart_problems(goal, today=dt.date.today())
    return "✔ measurable" if not problems else "⚠ " + ", ".join(problems)


def _kpi(field: str, header: str, width: int = 0, kind: str = "text") -> Column:
    def display(r: GoalRow) -> str:
        value = getattr(r, field)
        if kind == "number":
            return _num(value)
        if kind == "date":
            return value.isoformat() if value else ""
        return value

    return Column(header, display, lambda r, v: cmds.edit_goal(r.id, field, v), kind=kind, width=width,
                  edit_value=(lambda r: getattr(r, field)) if kind == "date" else None,
                  sort_key=(lambda r: str(getattr(r, field) or "")) if kind == "date" else None)


class GoalsScreen(Screen):
    step = "goals"
    title = "Shared goals"
    subtitle = ("Goals both sides own, each measured by one KPI everyone reads the same way: a metric, a baseline, "
                "a target and a deadline.")
    areas = ("goals", "departments")
    owns = ("goals",)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        add = QHBoxLayout()
        self.new_goal = QLineEdit()
        self.new_goal.setObjectName("new_goal")
        self.new_goal.setPlaceholderText("A goal both sides share, e.g. More qualified pipeline from inbound leads")
        self.add_button = QPushButton("Add goal")
        self.add_button.setObjectName("add_goal")
        add.addWidget(self.new_goal, 1)
        add.addWidget(self.add_button)
        self.layout_.addLayout(add)

        self.model = RowTableModel(document, [
            Column("Goal", lambda r: r.statement, lambda r, v: cmds.edit_goal(r.id, "statement", v)),
            _kpi("metric", "Metric", 14),
            _kpi("unit", "Unit", 6),
            _kpi("baseline", "Baseline", 9, "number"),
            _kpi("target", "Target", 9, "number"),
            _kpi("deadline", "Deadline", 10, "date"),
            _kpi("data_source", "Data source", 10),
            Column("Owners", lambda r: r.owners, width=11),
            Column("SMART check", _check_text, width=24),
        ], style=lambda r: RowStyle(foreground=WARN) if smart_problems(r, today=dt.date.today()) else None)
        self.view = make_table(self.model, sortable=False)
        self.view.setObjectName("goals_table")
        self.view.setWordWrap(True)  # whole goal statements, readable on a projector
        self.layout_.addWidget(self.view, 1)

        detail = QGroupBox("Selected goal")
        row = QHBoxLayout(detail)
        owners_col = QVBoxLayout()
        owners_col.addWidget(QLabel("Owned by"))
        self.owner_boxes: dict[int, QCheckBox] = {}
        self.owners_layout = QHBoxLayout()
        owners_col.addLayout(self.owners_layout)
        row.addLayout(owners_col, 1)
        self.check_label = QLabel()
        self.check_label.setObjectName("smart_check")
        self.check_label.setWordWrap(True)
        row.addWidget(self.check_label, 2)
        self.remove_button = QPushButton("Remove goal")
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.layout_.addWidget(detail)

        self.add_button.clicked.connect(self._add)
        self.new_goal.returnPressed.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        self.model.dataChanged.connect(lambda *_: self._show_detail())

    def refresh(self) -> None:
        departments = self.document.query(queries.departments)
        if [d.id for d in departments] != list(self.owner_boxes):
            for box in self.owner_boxes.values():
                box.deleteLater()
            self.owner_boxes = {}
            for d in departments:
                box = QCheckBox(d.name)
                box.clicked.connect(self._owners_clicked)
                self.owners_layout.addWidget(box)
                self.owner_boxes[d.id] = box
        else:
            for d in departments:
                self.owner_boxes[d.id].setText(d.name)
        self.model.set_rows(self.document.query(queries.goals))
        self.view.resizeRowsToContents()
        if not self.view.currentIndex().isValid() and self.model.rows:
            self.view.setCurrentIndex(self.model.index(0, 0))
        read_only = self.document.read_only
        self.new_goal.setReadOnly(read_only)
        self.add_button.setEnabled(not read_only)
        self._show_detail()

    def current(self) -> GoalRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index) if index.isValid() and index.row() < len(self.model.rows) else None

    def _show_detail(self, *_args: QModelIndex) -> None:
        goal = self.current()
        editable = goal is not None and not self.document.read_only
        for dept_id, box in self.owner_boxes.items():
            box.setEnabled(editable)
            box.setChecked(goal is not None and dept_id in goal.owner_ids)
        self.remove_button.setEnabled(editable)
        if goal is None:
            self.check_label.setText("Select a goal to see its SMART check and owners.")
            return
        problems = smart_problems(goal, today=dt.date.today())
        if problems:
            self.check_label.setText(f"<b style='color:{WARN}'>Not yet measurable:</b> {'; '.join(problems)}.")
        else:
            self.check_label.setText("<b>Measurable and time-bound.</b> Both sides know what done looks like.")

    def _owners_clicked(self) -> None:
        goal = self.current()
        if goal is None:
            return
        wanted = [d for d, box in self.owner_boxes.items() if box.isChecked()]
        self.document.push(cmds.set_goal_owners(goal.id, current=goal.owner_ids, wanted=wanted), initiator=self)
        self._show_detail()

    def _add(self) -> None:
        text, owners = self.new_goal.text(), self.document.query(queries.default_goal_owners)
        if self.document.submit(lambda: cmds.add_goal(statement=text, owner_ids=owners), initiator=self, typed=text):
            self.new_goal.clear()
            last = self.model.index(len(self.model.rows) - 1, 1)
            self.view.setCurrentIndex(last)
            self.view.scrollTo(last)

    def _remove(self) -> None:
        goal = self.current()
        if goal is not None:
            self.document.push(cmds.remove_goal(goal.id), initiator=self)
