"""Step 0, Setup: the workshop's details, who is in the room, and the ground rules."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import queries
from app.commands import setup as cmds
from ui.delegates import from_qdate, make_date_edit, to_qdate
from ui.document import Document
from ui.fields import CommitLineEdit
from ui.screens.base import Screen, make_table
from ui.table_model import Column, RowTableModel


class SetupScreen(Screen):
    step = "setup"
    title = "Setup"
    subtitle = "Who is in the room, who signs the agreement, and how we will talk to each other today."
    areas = ("workshop", "departments", "participants", "ground_rules")
    owns = ("workshop", "participants", "ground_rules")

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.layout_.addWidget(self._details_box())
        row = QHBoxLayout()
        row.addWidget(self._participants_box(), 3)
        row.addWidget(self._rules_box(), 2)
        self.layout_.addLayout(row, 1)

    # -- layout ------------------------------------------------------------------------------------

    def _details_box(self) -> QGroupBox:
        box = QGroupBox("Workshop")
        form = QFormLayout(box)
        self.fields: dict[str, CommitLineEdit] = {}
        for key, label in (("name", "Name"), ("company", "Company"), ("facilitator", "Facilitator")):
            edit = CommitLineEdit(lambda text, burst, key=key: self._edit_workshop(key, text, burst))
            edit.setObjectName(f"workshop_{key}")
            self.fields[key] = edit
            form.addRow(label, edit)
        self.date_edit = make_date_edit()
        self.date_edit.setObjectName("workshop_date")
        self.date_edit.dateChanged.connect(
            lambda d: self._edit_workshop("held_on", from_qdate(d), None))
        form.addRow("Date", self.date_edit)
        return box

    def _participants_box(self) -> QGroupBox:
        box = QGroupBox("Participants")
        layout = QVBoxLayout(box)
        add = QGridLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Name")
        self.new_name.setObjectName("new_participant_name")
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("Title")
        self.new_dept = QComboBox()
        self.new_dept.setEditable(True)
        self.new_dept.setObjectName("new_participant_department")
        self.new_dept.lineEdit().setPlaceholderText("Department")
        self.new_dept.setMinimumContentsLength(12)
        self.new_signs = QCheckBox("Signs the SLA")
        self.add_person = QPushButton("Add participant")
        self.add_person.setObjectName("add_participant")
        # Two rows, so names stay readable next to the ground rules on a 1280-pixel projector.
        add.addWidget(self.new_name, 0, 0)
        add.addWidget(self.new_title, 0, 1, 1, 2)
        add.addWidget(self.new_dept, 1, 0)
        add.addWidget(self.new_signs, 1, 1)
        add.addWidget(self.add_person, 1, 2)
        add.setColumnStretch(0, 1)
        add.setColumnStretch(1, 1)
        layout.addLayout(add)
        self.people = RowTableModel(self.document, [
            Column("Name", lambda r: r.name, lambda r, v: cmds.edit_participant(r.id, "name", v), width=16),
            Column("Title", lambda r: r.title, lambda r, v: cmds.edit_participant(r.id, "title", v), width=14),
            Column("Department", lambda r: r.department, lambda r, v: cmds.edit_participant(r.id, "department", v),
                   kind="choice", choices=self._department_choices, width=12),
            Column("Signs SLA", lambda r: "yes" if r.is_signatory else "",
                   lambda r, v: cmds.edit_participant(r.id, "is_signatory", v), edit_value=lambda r: r.is_signatory,
                   kind="check"),
        ])
        self.people_view = make_table(self.people)
        self.people_view.setObjectName("participants_table")
        layout.addWidget(self.people_view, 1)
        self.remove_person = QPushButton("Remove participant")
        layout.addWidget(self.remove_person, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_person.clicked.connect(self._add_participant)
        for edit in (self.new_name, self.new_title):
            edit.returnPressed.connect(self._add_participant)
        self.remove_person.clicked.connect(self._remove_participant)
        return box

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox("Ground rules")
        layout = QVBoxLayout(box)
        self.rules = RowTableModel(self.document, [
            Column("Rule", lambda r: r.text, lambda r, v: cmds.edit_ground_rule(r.id, v)),
        ])
        self.rules_view = make_table(self.rules)
        self.rules_view.horizontalHeader().setVisible(False)
        self.rules_view.setWordWrap(True)
        layout.addWidget(self.rules_view, 1)
        add = QHBoxLayout()
        self.new_rule = QLineEdit()
        self.new_rule.setPlaceholderText("A new ground rule")
        self.new_rule.setObjectName("new_rule")
        add_rule = QPushButton("Add")
        remove_rule = QPushButton("Remove")
        add.addWidget(self.new_rule, 1)
        add.addWidget(add_rule)
        add.addWidget(remove_rule)
        layout.addLayout(add)
        add_rule.clicked.connect(self._add_rule)
        self.new_rule.returnPressed.connect(self._add_rule)
        remove_rule.clicked.connect(self._remove_rule)
        return box

    # -- data --------------------------------------------------------------------------------------

    def refresh(self) -> None:
        info = self.document.query(queries.workshop_info)
        self.fields["name"].show_value(info.name)
        self.fields["company"].show_value(info.company)
        self.fields["facilitator"].show_value(info.facilitator)
        with QSignalBlocker(self.date_edit):
            self.date_edit.setDate(to_qdate(info.held_on))
        self.people.set_rows(self.document.query(queries.participants))
        self.rules.set_rows(self.document.query(queries.ground_rules))
        self.rules_view.resizeRowsToContents()
        current = self.new_dept.currentText()
        with QSignalBlocker(self.new_dept):
            self.new_dept.clear()
            self.new_dept.addItems([label for label, _ in self._department_choices()])
            self.new_dept.setEditText(current)
        read_only = self.document.read_only
        for w in (*self.fields.values(), self.new_name, self.new_title, self.new_rule):
            w.setReadOnly(read_only)
        for w in (self.date_edit, self.new_dept, self.new_signs, self.add_person, self.remove_person):
            w.setEnabled(not read_only)

    def _department_choices(self) -> list[tuple[str, str]]:
        return [(d.name, d.name) for d in self.document.query(queries.departments)]

    def _edit_workshop(self, key: str, value: object, burst: object | None) -> bool:
        return self.document.submit(lambda: cmds.edit_workshop(key, value, merge_key=burst), initiator=self,
                                    typed=str(value or ""))

    def _add_participant(self) -> None:
        name, title, dept, signs = (self.new_name.text(), self.new_title.text(), self.new_dept.currentText(),
                                    self.new_signs.isChecked())
        if self.document.submit(lambda: cmds.add_participant(name=name, title=title, department=dept,
                                                             is_signatory=signs), initiator=self, typed=name):
            self.new_name.clear()
            self.new_title.clear()
            self.new_signs.setChecked(False)
            self.new_name.setFocus()

    def _remove_participant(self) -> None:
        index = self.people_view.currentIndex()
        if index.isValid():
            row = self.people.row_at(index)
            self.document.push(cmds.remove_participant(row.id, row.name), initiator=self)

    def _add_rule(self) -> None:
        text = self.new_rule.text()
        if self.document.submit(lambda: cmds.add_ground_rule(text), initiator=self, typed=text):
            self.new_rule.clear()

    def _remove_rule(self) -> None:
        index = self.rules_view.currentIndex()
        if index.isValid():
            self.document.push(cmds.remove_ground_rule(self.rules.row_at(index).id), initiator=self)
