"""Step 0, Setup: the workshop's details, who is in the room, and the ground rules."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import queries
from app.commands import Changes, Command
from app.commands import setup as cmds
from app.errors import ValidationError
from app.timebox import clock_text
from models import Area
from ui import choices
from ui.choices import ChoiceBox
from ui.date_field import DateField
from ui.document import Document
from ui.fields import CommitLineEdit
from ui.row_list import RowList, mark_editing
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowTableModel


def _person_form(fields: Sequence[QWidget], add: QPushButton, _remove: QPushButton) -> QLayout:
    # Two rows, so names stay readable next to the ground rules on a 1280-pixel projector.
    name, title, dept, signs = fields
    grid = QGridLayout()
    grid.addWidget(name, 0, 0)
    grid.addWidget(title, 0, 1, 1, 2)
    grid.addWidget(dept, 1, 0)
    grid.addWidget(signs, 1, 1)
    grid.addWidget(add, 1, 2)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(1, 1)
    return grid


class SetupScreen(Screen):
    key = "setup"
    subtitle = "Who is in the room, who signs the agreement, and how we will talk to each other today."

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.layout_.addWidget(self._details_box())
        self.row = self.side_by_side()
        self.row.addWidget(self._participants_box(), 3)
        right = QVBoxLayout()
        right.addWidget(self._rules_box(), 3)
        right.addWidget(self._agenda_box(), 2)
        self.row.addLayout(right, 2)
        self.layout_.addLayout(self.row, 1)

    # -- layout ------------------------------------------------------------------------------------

    def _details_box(self) -> QGroupBox:
        box = QGroupBox("Workshop")
        form = QFormLayout(box)
        self.fields: dict[str, CommitLineEdit] = {}
        for key, label in (("name", "Name"), ("company", "Company"), ("facilitator", "Facilitator")):
            edit = CommitLineEdit(lambda text, burst, key=key: self._edit_workshop(key, text, burst, self.fields[key]))
            edit.setObjectName(f"workshop_{key}")
            self.fields[key] = edit
            form.addRow(label, edit)
        self.date_edit = DateField()
        self.date_edit.setObjectName("workshop_date")
        self.date_edit.committed.connect(lambda value: self._edit_workshop("held_on", value, None, self.date_edit))
        self.date_edit.refused.connect(self._date_refused)
        self._refused_text = ""
        form.addRow("Date", self.date_edit)
        mark_editing(*self.fields.values(), self.date_edit)
        self.quiet.update([*self.fields.values(), self.date_edit])
        return box

    def _participants_box(self) -> QGroupBox:
        box = QGroupBox("Participants")
        layout = QVBoxLayout(box)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Name")
        self.new_name.setObjectName("new_participant_name")
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText("Title")
        self.new_dept = ChoiceBox(lambda: choices.department_names(self.document), Area.DEPARTMENTS, editable=True)
        self.new_dept.setObjectName("new_participant_department")
        self.new_dept.lineEdit().setPlaceholderText("Department")
        self.new_signs = QCheckBox("Signs the SLA")
        self.people = RowTableModel(self.document, [
            Column("Name", lambda r: r.name, lambda r, v: cmds.edit_participant(r.id, "name", v), grow=2),
            Column("Title", lambda r: r.title, lambda r, v: cmds.edit_participant(r.id, "title", v), grow=2),
            Column("Department", lambda r: r.department, lambda r, v: cmds.edit_participant(r.id, "department", v),
                   kind="choice", choices=lambda: choices.department_names(self.document)),
            Column("Signs SLA", lambda r: "yes" if r.is_signatory else "",
                   lambda r, v: cmds.edit_participant(r.id, "is_signatory", v), edit_value=lambda r: r.is_signatory,
                   kind="check"),
        ], reorderable=True)
        self.people_list = RowList(self.document, self.people, name="participants",
                                   noun=("participant", "participants"), reorder=cmds.reorder_participants,
                                   add=self._new_participant, typed=self.new_name.text, arrange=_person_form,
                                   fields=[self.new_name, self.new_title, self.new_dept, self.new_signs],
                                   remove=lambda r: cmds.remove_participant(r.id, r.name), widths=self.widths)
        self.people_view = self.people_list.view
        self.add_person = self.people_list.add_button
        self.remove_person = self.people_list.remove_button
        layout.addWidget(self.people_list)
        return box

    def _rules_box(self) -> QGroupBox:
        box = QGroupBox("Ground rules")
        layout = QVBoxLayout(box)
        self.new_rule = QLineEdit()
        self.new_rule.setPlaceholderText("A new ground rule")
        self.new_rule.setObjectName("new_rule")
        self.rules = RowTableModel(self.document, [
            Column("Rule", lambda r: r.text, lambda r, v: cmds.edit_ground_rule(r.id, v), grow=1),
        ], reorderable=True)
        self.rules_list = RowList(self.document, self.rules, name="rules", noun=("rule", "rules"),
                                  add=lambda: cmds.add_ground_rule(self.new_rule.text()), fields=[self.new_rule],
                                  typed=self.new_rule.text, remove=lambda r: cmds.remove_ground_rule(r.id),
                                  widths=self.widths, reorder=cmds.reorder_ground_rules)
        self.rules_view = self.rules_list.view
        self.rules_view.horizontalHeader().setVisible(False)
        layout.addWidget(self.rules_list)
        return box

    def _agenda_box(self) -> QGroupBox:
        box = QGroupBox("Agenda and timeboxes")
        layout = QVBoxLayout(box)
        self.agenda = RowTableModel(self.document, [
            Column("Step", lambda r: r.title, grow=1),
            Column("Minutes", lambda r: str(r.timebox_minutes), lambda r, v: cmds.edit_timebox(r.id, v),
                   kind="number", edit_value=lambda r: r.timebox_minutes, sort_key=lambda r: r.timebox_minutes),
            # Time the step's countdown ran; the timer bar records it, Reset Timer clears it.
            Column("Used", lambda r: clock_text(r.used_seconds), sort_key=lambda r: r.used_seconds),
        ], order=lambda r: 0)  # the agenda's own order, as the query gives it
        self.agenda_list = RowList(self.document, self.agenda, name="agenda", noun=("step", "steps"),
                                   widths=self.widths, empty="No agenda.")
        self.agenda_view = self.agenda_list.view
        layout.addWidget(self.agenda_list)
        return box

    # -- data --------------------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Area.WORKSHOP):
            info = self.document.query(queries.workshop_info)
            self.fields["name"].show_value(info.name)
            self.fields["company"].show_value(info.company)
            self.fields["facilitator"].show_value(info.facilitator)
            self.date_edit.set_value(info.held_on)
        if changes.touches(Area.PARTICIPANTS | Area.DEPARTMENTS):
            self.people.set_rows(self.document.query(queries.participants))
        if changes.touches(Area.GROUND_RULES):
            self.rules.set_rows(self.document.query(queries.ground_rules))
        if changes.touches(Area.AGENDA):
            self.agenda.set_rows(self.document.query(queries.agenda))

    def _edit_workshop(self, key: str, value: object, burst: object | None, initiator: object = None) -> bool:
        return self.document.submit(lambda: cmds.edit_workshop(key, value, merge_key=burst), initiator=initiator,
                                    typed=str(value or ""))

    def _date_refused(self, reason: str) -> None:
        # Said once per text: leaving the field again with the same unreadable date only keeps the red mark.
        if self.date_edit.text() != self._refused_text:
            self._refused_text = self.date_edit.text()
            self.document.failed.emit(ValidationError(reason), self._refused_text)

    def _new_participant(self) -> Command:
        return cmds.add_participant(name=self.new_name.text(), title=self.new_title.text(),
                                    department=self.new_dept.currentText(), is_signatory=self.new_signs.isChecked())
