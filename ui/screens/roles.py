"""Step 6, Roles: who does what in the revenue process. The room answers who qualifies leads (and why), fills a
RACI matrix of activities by participants (each activity: exactly one A, at least one R), and names its roles.

In a RACI cell, type R, A, C or I to set it and Space, Delete or Backspace to clear it; on an activity's name,
Delete removes the activity.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import queries
from app.commands import Changes
from app.commands import roles as cmds
from app.queries import ActivityRow, ParticipantRow
from models import RACI_ROLES, Area
from ui import choices
from ui.choices import ChoiceBox, Items
from ui.document import Document
from ui.fields import CommitLineEdit
from ui.rota_panel import RotaPanel
from ui.row_list import RowList, esc, mark_editing, two_row_form
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel

BROKEN = RowStyle(foreground="#b42318", bold=True)
LETTERS: Items = [("—  none", ""), ("R  Responsible", "R"), ("A  Accountable", "A"), ("C  Consulted", "C"),
                  ("I  Informed", "I")]
CLEAR_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


def _initials(people: list[ParticipantRow]) -> dict[int, str]:
    """Column headers where first names do not fit (large text on a narrow window): DW, MO... (numbered if alike)."""
    out: dict[int, str] = {}
    for person in people:
        letters = "".join(part[0] for part in person.name.split()[:3]).upper() or "?"
        taken = sum(1 for v in out.values() if v.rstrip("0123456789") == letters)
        out[person.id] = f"{letters}{taken + 1}" if taken else letters
    return out


def _short_names(people: list[ParticipantRow]) -> dict[int, str]:
    """Column headers: first names, with the surname's initial where two people share one."""
    first = [p.name.split()[0] if p.name.split() else p.name for p in people]
    out = {}
    for person, name in zip(people, first, strict=True):
        parts = person.name.split()
        out[person.id] = f"{name} {parts[-1][0]}." if first.count(name) > 1 and len(parts) > 1 else name
    return out


class RaciKeys(QObject):
    """Letters typed on a participant's cell set it at once; Space, Delete or Backspace clear it."""

    def __init__(self, screen: RolesScreen) -> None:
        super().__init__(screen)
        self.screen_ = screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        view = self.screen_.matrix_view
        index = view.currentIndex()
        if not index.isValid() or view.state() == view.State.EditingState or index.column() == 0:
            return False
        if event.modifiers() not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        text = event.text().upper()
        if text in RACI_ROLES or event.key() in CLEAR_KEYS:
            self.screen_.set_cell(index.row(), index.column(), text if text in RACI_ROLES else "")
            return True
        return False


class RolesScreen(Screen):
    key = "roles"
    subtitle = ("Who does what: decide who qualifies leads and why, then for each activity mark who is Responsible, "
                "the one Accountable, who is Consulted and Informed. Type R, A, C or I in a cell.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.people: list[ParticipantRow] = []
        self._qualifier = queries.Qualifier(None, "", "")
        self.layout_.addLayout(self._qualifier_row())
        self.matrix_box = QGroupBox("RACI matrix")
        self.matrix_layout = QVBoxLayout(self.matrix_box)
        self.layout_.addWidget(self.matrix_box, 3)
        self.matrix_list: RowList | None = None
        self._columns_for: list[tuple[int, str]] | None = None
        self.keys = RaciKeys(self)
        self.people = document.query(queries.participants)
        self._build_matrix()  # now, so the step is laid out with it; rebuilt when the people change
        self.layout_.addWidget(self._roles_box(), 1)
        self.rota = RotaPanel(document, self.widths)
        self.layout_.addWidget(self.rota, 2)

    # -- building ----------------------------------------------------------------------------------

    def _qualifier_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Who qualifies leads?")
        self.qualifier = ChoiceBox(lambda: choices.teams(self.document, "Not decided yet"), Area.DEPARTMENTS)
        self.qualifier.setObjectName("qualifier")
        self.qualifier.setToolTip("The side that decides whether a lead is worth a sales conversation")
        self.qualifier.activated.connect(lambda _i: self._set_qualifier())
        label.setBuddy(self.qualifier)
        why = QLabel("Wh&y")
        self.reason = CommitLineEdit(self._commit_reason)
        self.reason.setObjectName("qualifier_reason")
        self.reason.setPlaceholderText("The reason the room gives")
        why.setBuddy(self.reason)
        mark_editing(self.qualifier, self.reason)
        for widget in (label, self.qualifier, why):
            row.addWidget(widget)
        row.addWidget(self.reason, 1)
        return row

    def _build_matrix(self) -> None:
        """One column per participant: rebuilt when the people in the room change."""
        short = _short_names(self.people)
        if not self._names_fit(short):
            short = _initials(self.people)
        wanted = [(p.id, short[p.id]) for p in self.people]
        if self._columns_for == wanted:
            return
        self._columns_for = wanted
        if self.matrix_list is not None:
            self.matrix_layout.removeWidget(self.matrix_list)
            self.matrix_list.deleteLater()
        typed = self.new_activity.text() if self.matrix_list is not None else ""
        self.new_activity = QLineEdit(typed)  # a new one with each matrix: the old one goes with the old list
        self.new_activity.setObjectName("new_activity")
        self.new_activity.setPlaceholderText("Another activity")
        columns = [Column("Activity", self._activity_text, lambda r, v: cmds.edit_activity(r.id, "name", v),
                          edit_value=lambda r: r.name, grow=2)]
        for person in self.people:
            columns.append(Column(short[person.id], lambda r, pid=person.id: r.letter_of(pid),
                                  lambda r, v, pid=person.id: cmds.set_raci(r, pid, v), kind="choice",
                                  edit_value=lambda r, pid=person.id: r.letter_of(pid), choices=lambda: LETTERS,
                                  tooltip=lambda r, p=person: f"{p.name} ({p.department or 'no department'})"))
        columns.append(Column("Check", lambda r: f"⚑ {r.problem}" if r.problem else "✓", grow=1, optional=True))
        self.matrix = RowTableModel(self.document, columns, style=lambda r: BROKEN if r.problem else None,
                                    reorderable=True)
        self.matrix_list = RowList(self.document, self.matrix, name="raci", noun=("activity", "activities"),
                                   add=lambda: cmds.add_activity(self.new_activity.text()),
                                   fields=[self.new_activity], typed=self.new_activity.text,
                                   remove=lambda r: cmds.remove_activity(r.id), widths=self.widths,
                                   detail=self._detail, reorder=cmds.reorder_activities)
        self.matrix_view = self.matrix_list.view
        self.matrix_view.installEventFilter(self.keys)
        self.matrix_layout.addWidget(self.matrix_list)
        if self.document.read_only:
            from ui.row_list import disable_editing

            disable_editing(self.matrix_list)

    def _names_fit(self, headers: dict[int, str]) -> bool:
        """Whether first names as headers leave the activity column room, at this text size and width."""
        metrics = self.fontMetrics()
        pad = 4 * metrics.averageCharWidth()
        needed = sum(metrics.horizontalAdvance(h) + pad for h in headers.values()) + 16 * metrics.averageCharWidth()
        return needed <= self.width() - 80

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self._columns_for is not None:
            self._rebuild_if_needed()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self._columns_for is not None:
            self._rebuild_if_needed()

    def _rebuild_if_needed(self) -> None:
        before = self._columns_for
        self._build_matrix()
        if self._columns_for != before:
            self.matrix.set_rows(self.document.query(queries.activities))

    def _roles_box(self) -> QGroupBox:
        document = self.document
        self.new_role = QLineEdit()
        self.new_role.setObjectName("new_role")
        self.new_role.setPlaceholderText("A role")
        self.new_role.setToolTip("e.g. Lead qualifier, campaign owner")
        self.new_role_dept = ChoiceBox(lambda: choices.teams(document, "No department"), Area.DEPARTMENTS)
        self.new_role_dept.setObjectName("new_role_department")
        self.new_role_holder = ChoiceBox(lambda: choices.people(document, "No one yet"), Area.PARTICIPANTS)
        self.new_role_holder.setObjectName("new_role_holder")
        self.roles = RowTableModel(document, [
            Column("Role", lambda r: r.name, lambda r, v: cmds.edit_role(r.id, "name", v), grow=2),
            Column("Department", lambda r: r.department, lambda r, v: cmds.edit_role(r.id, "department_id", v),
                   kind="choice", edit_value=lambda r: r.department_id or 0,
                   choices=lambda: choices.teams(document, "No department")),
            Column("Held by", lambda r: r.holder, lambda r, v: cmds.edit_role(r.id, "holder_id", v),
                   kind="choice", edit_value=lambda r: r.holder_id or 0,
                   choices=lambda: choices.people(document, "No one yet")),
        ], reorderable=True)
        self.roles_list = RowList(document, self.roles, name="roles", noun=("role", "roles"),
                                  add=lambda: cmds.add_role(name=self.new_role.text(),
                                                            department_id=self.new_role_dept.currentData(),
                                                            holder_id=self.new_role_holder.currentData()),
                                  fields=[self.new_role, self.new_role_dept, self.new_role_holder],
                                  typed=self.new_role.text, remove=lambda r: cmds.remove_role(r.id),
                                  widths=self.widths, reorder=cmds.reorder_roles,
                                  arrange=two_row_form(1, 1, 0, remove_beside=False),
                                  folding=[self.new_role_dept, self.new_role_holder])
        box = QGroupBox("Roles")
        QVBoxLayout(box).addWidget(self.roles_list)
        return box

    # -- what the room sees ------------------------------------------------------------------------

    def _activity_text(self, row: ActivityRow) -> str:
        # The room's answer to the qualifier question shows on the qualification row itself.
        if "qualif" in row.name.casefold() and self._qualifier.department:
            return f"{row.name} ({self._qualifier.department} decides)"
        return row.name

    def _detail(self, row: ActivityRow) -> str:
        names = {p.id: p.name for p in self.people}
        parts = []
        for letter, word in (("A", "Accountable"), ("R", "Responsible"), ("C", "Consulted"), ("I", "Informed")):
            who = [names.get(pid, "?") for pid, _a, held in row.cells if held == letter]
            if who:
                parts.append(f"<b>{word}:</b> {esc(', '.join(who))}")
        answer = self._qualifier
        note = ""
        if "qualif" in row.name.casefold() and answer.department:
            note = f"<br>The room decided {esc(answer.department)} qualifies leads" + (
                f": {esc(answer.reason)}" if answer.reason else "")
        check = f"<br><b>⚑ {esc(row.problem)}</b>" if row.problem else ""
        return f"<b>{esc(row.name)}</b><br>{' · '.join(parts) or 'No one assigned yet'}{check}{note}"

    def refresh(self, changes: Changes) -> None:
        self.people = self.document.query(queries.participants)
        self._build_matrix()
        answer, self._qualifier = self._qualifier, self.document.query(queries.qualifier)
        rows = self.document.query(queries.activities)
        self.matrix.set_rows(rows)
        if answer != self._qualifier and rows:  # the qualification row's text follows the answer
            self.matrix.dataChanged.emit(self.matrix.index(0, 0), self.matrix.index(len(rows) - 1, 0))
        self.roles.set_rows(self.document.query(queries.roles))
        self.rota.refresh(self.document.query(queries.rota_board))
        answer = self.document.query(queries.qualifier)
        if self.qualifier.count() == 0:
            self.qualifier.reload()
        self.qualifier.blockSignals(True)
        self.qualifier.setCurrentIndex(max(self.qualifier.findData(answer.department_id or 0), 0))
        self.qualifier.blockSignals(False)
        self.reason.show_value(answer.reason)
        if not self.reason.hasFocus():
            self.reason.setCursorPosition(0)  # the reason from its beginning
        if self.matrix_list is not None:
            self.matrix_list.show_detail()
        broken = sum(bool(r.problem) for r in rows)
        n = len(rows)
        self.status.setText(f"{n} activit{'y' if n == 1 else 'ies'} · {broken} incomplete" if n else "")

    # -- editing -----------------------------------------------------------------------------------

    def column_of(self, participant_id: int) -> int:
        """The matrix column of a participant (its header is a first name or initials, by the room there is)."""
        return 1 + [p.id for p in self.people].index(participant_id)

    def set_cell(self, row: int, column: int, letter: str) -> None:
        index = self.matrix.index(row, column)
        if self.matrix.edit_value_at(index) == letter:
            return
        self.matrix.setData(index, letter)

    def _set_qualifier(self) -> None:
        value = self.qualifier.currentData() or None
        self.document.submit(lambda: cmds.set_qualifier(value))

    def _commit_reason(self, text: str, burst: object) -> bool:
        return self.document.submit(lambda: cmds.set_qualifier_reason(text, merge_key=("reason", burst)),
                                    initiator=self.reason, typed=text)

    def focus_first(self) -> None:
        if self.matrix_list is not None and self.new_activity.isEnabled():
            self.new_activity.setFocus()

