"""The Roles step's meetings and rota: the recurring meetings with who attends them, and the proposed rota of
visits to the other team's meetings, which the facilitator adjusts (change a guest, swap two turns, someone away).
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.commands import roles as cmds
from app.queries import MeetingRow, RotaBoard, TurnRow
from app.rota import CADENCES, MeetingSpec, Person, may_visit, monday
from models import Area
from ui import choices
from ui.choices import ChoiceBox, Items
from ui.document import Document
from ui.row_list import RowList, esc, fixed_choices, form_line, mark_editing, two_row_form
from ui.table_model import Column, RowTableModel
from ui.table_view import WidthStore

ATTENDEES_PER_ROW = 3  # names a row: three fit 1280 pixels at projector text
CADENCE_CHOICES: Items = [(c.capitalize(), c) for c in CADENCES]


class RotaPanel(QGroupBox):
    def __init__(self, document: Document, widths: WidthStore) -> None:
        super().__init__("Meetings and rota")
        self.document = document
        self.board = RotaBoard((), (), (), frozenset(), None, 8)
        layout = QVBoxLayout(self)
        self.new_meeting = form_line("new_meeting", "A recurring meeting",
                                     "e.g. Weekly pipeline review, monthly campaign planning")
        self.new_cadence = fixed_choices("new_meeting_cadence", CADENCE_CHOICES, "How often it meets")
        self.new_host = ChoiceBox(lambda: choices.teams(document, "No host yet"), Area.DEPARTMENTS)
        self.new_host.setObjectName("new_meeting_host")
        self.new_host.setToolTip("The team whose meeting it is")
        self.meetings = RowTableModel(document, [
            Column("Meeting", lambda r: r.name, lambda r, v: cmds.edit_meeting(r.id, "name", v), grow=2),
            Column("How often", lambda r: r.cadence.capitalize(), lambda r, v: cmds.edit_meeting(r.id, "cadence", v),
                   kind="choice", edit_value=lambda r: r.cadence, choices=lambda: CADENCE_CHOICES),
            Column("Host", lambda r: r.host, lambda r, v: cmds.edit_meeting(r.id, "host_id", v), kind="choice",
                   edit_value=lambda r: r.host_id or 0, choices=lambda: choices.teams(document, "No host yet")),
            Column("Guests from", lambda r: r.guest or "any other team",
                   lambda r, v: cmds.edit_meeting(r.id, "guest_id", v), kind="choice",
                   edit_value=lambda r: r.guest_id or 0,
                   choices=lambda: choices.teams(document, "Any other team"), optional=True),
            Column("Attendees", lambda r: r.attendees, grow=1, optional=True),
        ], reorderable=True)
        self.meeting_list = RowList(document, self.meetings, name="meetings", noun=("meeting", "meetings"),
                                    add=lambda: cmds.add_meeting(name=self.new_meeting.text(),
                                                                 cadence=self.new_cadence.currentData(),
                                                                 host_id=self.new_host.currentData()),
                                    fields=[self.new_meeting, self.new_cadence, self.new_host],
                                    typed=self.new_meeting.text, remove=lambda r: cmds.remove_meeting(r.id),
                                    widths=widths, reorder=cmds.reorder_meetings,
                                    arrange=two_row_form(1, 1, 0, remove_beside=False),
                                    folding=[self.new_cadence, self.new_host])
        layout.addWidget(self.meeting_list)
        self.attendees_label = QLabel()
        self.attendees_row = QGridLayout()  # a few names a row, so a full room never widens the step
        self.attendee_checks: dict[int, QCheckBox] = {}
        layout.addWidget(self.attendees_label)
        holder = QWidget()
        holder.setLayout(self.attendees_row)
        layout.addWidget(holder)
        self.meeting_list.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_attendees())

        rota_row = QHBoxLayout()
        weeks_label = QLabel("Over")
        self.weeks = QSpinBox()
        self.weeks.setObjectName("rota_weeks")
        self.weeks.setRange(1, cmds.MAX_ROTA_WEEKS)
        self.weeks.setValue(8)
        self.weeks.setSuffix(" weeks")
        self.propose = QPushButton("Propose a &Rota")
        self.propose.setObjectName("propose_rota")
        self.propose.setToolTip("Share the visits to the other team's meetings fairly over the weeks, from this week")
        self.propose.clicked.connect(self._propose)
        self.swap = QPushButton("&Swap Two Turns")
        self.swap.setObjectName("swap_turns")
        self.swap.setToolTip("Select two turns: their guests trade places")
        self.swap.clicked.connect(self._swap)
        self.away = QPushButton("Away That Wee&k")
        self.away.setObjectName("mark_away")
        self.away.setToolTip("The selected turn's guest cannot go: someone else does")
        self.away.clicked.connect(self._away)
        mark_editing(self.weeks, self.propose, self.swap, self.away)
        for widget in (weeks_label, self.weeks, self.propose):
            rota_row.addWidget(widget)
        rota_row.addStretch(1)
        layout.addLayout(rota_row)
        adjust = QHBoxLayout()  # a row of its own: the four would not fit 1280 pixels at projector text
        adjust.addWidget(self.swap)
        adjust.addWidget(self.away)
        adjust.addStretch(1)
        self.rota = RowTableModel(document, [
            Column("Week of", lambda r: f"{r.week:%a %d %b %Y}", sort_key=lambda r: r.week),
            Column("Meeting", lambda r: r.meeting, grow=2),
            Column("Guest", lambda r: r.participant or "no one can go",
                   lambda r, v: cmds.set_guest(self.board, r, v), kind="choice",
                   edit_value=lambda r: r.participant_id or 0, choices=self._guests_for_current),
        ])
        self.rota_list = RowList(document, self.rota, name="rota", noun=("turn", "turns"),
                                 empty="No rota yet: add the meetings, then Propose a Rota.", widths=widths)
        layout.addWidget(self.rota_list)
        layout.addLayout(adjust)

    # -- showing -----------------------------------------------------------------------------------

    def refresh(self, board: RotaBoard) -> None:
        self.board = board
        self.meetings.set_rows(board.meetings)
        self.rota.set_rows(board.turns)
        self.weeks.blockSignals(True)
        self.weeks.setValue(board.weeks)
        self.weeks.blockSignals(False)
        self._show_attendees()

    def _show_attendees(self) -> None:
        meeting = self.meeting_list.view.current_row()
        people = [(p.id, p.name) for p in self.board.people]
        if [(i, c.text()) for i, c in self.attendee_checks.items()] != people:
            for check in self.attendee_checks.values():
                check.deleteLater()
            self.attendee_checks = {}
            for person_id, name in people:
                check = QCheckBox(name)
                check.setObjectName(f"attendee_{person_id}")
                mark_editing(check)
                check.setEnabled(not self.document.read_only)
                check.toggled.connect(lambda _on: self._attendees_changed())
                at = len(self.attendee_checks)
                self.attendees_row.addWidget(check, at // ATTENDEES_PER_ROW, at % ATTENDEES_PER_ROW)
                self.attendee_checks[person_id] = check
        has = isinstance(meeting, MeetingRow)
        self.attendees_label.setText(f"Who attends <b>{esc(meeting.name)}</b>:" if has else "")
        for person_id, check in self.attendee_checks.items():
            check.setVisible(has)
            check.blockSignals(True)
            check.setChecked(has and person_id in meeting.attendee_ids)  # type: ignore[union-attr]
            check.blockSignals(False)

    def _guests_for_current(self) -> Items:
        turn = self.rota_list.view.current_row()
        meeting = next((m for m in self.board.meetings if isinstance(turn, TurnRow) and m.id == turn.meeting_id), None)
        if meeting is None:
            return [("No one", 0)]
        spec = MeetingSpec(meeting.id, meeting.cadence, meeting.host_id, meeting.guest_id)
        return [("No one", 0)] + [
            (f"{p.name} ({self.board.turns_of(p.id)} turn{'s' if self.board.turns_of(p.id) != 1 else ''})", p.id)
            for p in self.board.people if may_visit(Person(p.id, p.department_id), spec)]

    # -- editing -----------------------------------------------------------------------------------

    def _attendees_changed(self) -> None:
        meeting = self.meeting_list.view.current_row()
        if not isinstance(meeting, MeetingRow):
            return
        wanted = [i for i, c in self.attendee_checks.items() if c.isChecked()]
        self.document.push(cmds.set_attendees(meeting.id, current=meeting.attendee_ids, wanted=wanted))

    def _propose(self) -> None:
        start = monday(dt.date.today())  # the next N weeks, from this one
        self.document.submit(lambda: cmds.propose_rota(self.board, start=start, weeks=self.weeks.value()))

    def _swap(self) -> None:
        ids = self.rota_list.view.selected_ids()
        turns = [t for t in self.board.turns if t.id in ids]
        if len(turns) != 2:
            from app.errors import ValidationError

            self.document.failed.emit(ValidationError("Select two turns to swap (Ctrl+click the second)."), "")
            return
        self.document.submit(lambda: cmds.swap_turns(self.board, turns[0], turns[1]))

    def _away(self) -> None:
        turn = self.rota_list.view.current_row()
        if isinstance(turn, TurnRow):
            self.document.submit(lambda: cmds.mark_away(self.board, turn))
