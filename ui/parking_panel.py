"""The parking lot, beside every step: points raised off-topic, parked with who raised them and where, until each is
resolved, put on the Action plan or carried to the next quarterly review."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app import queries
from app.commands import Changes, Command
from app.commands import parking as cmds
from app.queries import ParkedRow
from app.steps import BY_KEY
from models import Area
from ui.choices import ChoiceBox, Items, people
from ui.document import Document
from ui.row_list import RowList, disable_editing, esc, mark_editing
from ui.screens.base import MIN_LINES_FOR_ROOMY
from ui.table_model import Column, RowStyle, RowTableModel
from ui.table_view import WidthStore

DEALT_WITH = RowStyle(foreground="#667085")
OUTCOME_CHOICES: Items = [(cmds.OUTCOME_WORDS[o].capitalize(), o) for o in cmds.OUTCOMES]
SHOWS = Area.PARKING_LOT | Area.PARTICIPANTS | Area.ACTIONS


def step_title(key: str) -> str:
    step = BY_KEY.get(key)
    return step.title if step else key


def _detail(row: ParkedRow) -> str:
    who = f"raised by {esc(row.raised_by)}" if row.raised_by else "raised in the room"
    return (f"<b>{esc(row.text)}</b><br>{who} during {esc(step_title(row.step))} · "
            f"{cmds.OUTCOME_WORDS[row.outcome]}")


def _narrow_form(fields: Sequence[QWidget], add: QPushButton, _remove: QPushButton) -> QLayout:
    # The panel is narrow: the point on a row of its own, who raised it and Add under it.
    text, raised_by = fields
    rows = QVBoxLayout()
    second = QHBoxLayout()
    second.addWidget(raised_by, 1)
    second.addWidget(add)
    rows.addWidget(text)
    rows.addLayout(second)
    return rows


class ParkingPanel(QWidget):
    def __init__(self, document: Document, current_step: Callable[[], str], widths: WidthStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parking_panel")
        self.document = document
        self._current_step = current_step
        top = QHBoxLayout()
        heading = QLabel("Parking lot")
        heading.setObjectName("panel_heading")
        top.addWidget(heading)
        top.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("step_status")
        top.addWidget(self.status)
        self.new_text = QLineEdit()
        self.new_text.setObjectName("new_parked")
        self.new_text.setPlaceholderText("A point to come back to")
        self.new_raised_by = ChoiceBox(lambda: people(document, "Raised by…"), Area.PARTICIPANTS)
        self.new_raised_by.setObjectName("new_parked_raised_by")
        self.model = RowTableModel(document, [
            Column("Point", lambda r: r.text, lambda r, v: cmds.edit_parked(r.id, "text", v), grow=2),
            Column("Raised by", lambda r: r.raised_by, lambda r, v: cmds.edit_parked(r.id, "raised_by_id", v),
                   kind="choice", edit_value=lambda r: r.raised_by_id or 0,
                   choices=lambda: people(document, "Nobody named"), optional=True),
            Column("Step", lambda r: step_title(r.step), optional=True),
            Column("Outcome", lambda r: cmds.OUTCOME_WORDS[r.outcome],
                   lambda r, v: cmds.edit_parked(r.id, "outcome", v), kind="choice",
                   edit_value=lambda r: r.outcome, choices=lambda: OUTCOME_CHOICES),
        ], style=lambda r: DEALT_WITH if r.outcome != "open" else None, reorderable=True)
        self.list = RowList(document, self.model, name="parking", noun=("point", "points"), add=self._park,
                            fields=[self.new_text, self.new_raised_by], typed=self.new_text.text, arrange=_narrow_form,
                            remove=lambda r: cmds.remove_parked(r.id), widths=widths, detail=_detail,
                            reorder=cmds.reorder_parked,
                            empty="Nothing parked. Ctrl+Shift+L parks a point from any step.")
        self.to_action = QPushButton("Make an Action of It")
        self.to_action.setObjectName("parked_to_action")
        mark_editing(self.to_action)
        self.to_action.clicked.connect(self._make_action)
        self.list.buttons.insertWidget(0, self.to_action)
        self.list.buttons.setDirection(QBoxLayout.Direction.TopToBottom)  # a narrow panel: one button a row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        if document.read_only:
            disable_editing(self)
        document.changed.connect(self._changed)
        self.new_raised_by.reload()
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Like a step: large text on a short screen keeps the list and drops the detail panel.
        self.list.set_compact(self.height() / max(1, self.fontMetrics().lineSpacing()) < MIN_LINES_FOR_ROOMY)

    def sizeHint(self) -> QSize:
        # About forty characters wide at the current text size, whatever the size.
        return QSize(40 * self.fontMetrics().averageCharWidth(), super().sizeHint().height())

    def open_points(self) -> list[ParkedRow]:
        return [r for r in self.model.rows if r.outcome == "open"]

    def focus_field(self) -> None:
        if self.new_text.isEnabled():
            self.new_text.setFocus()

    def refresh(self, changes: Changes | None = None) -> None:
        rows = self.document.query(queries.parked)
        if changes is not None and changes.only_rows_of("parking_lot_item"):
            # Row by row, so a point just parked is inserted (and selected) rather than the list reset.
            ids = changes.ids("parking_lot_item")
            self.model.update_rows(ids, [r for r in rows if r.id in ids])
        else:
            self.model.set_rows(rows)
        still_open = len(self.open_points())
        self.status.setText(f"{still_open} open" if self.model.rows else "")

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches(self.new_raised_by.areas):
            self.new_raised_by.reload()
        if changes.touches(SHOWS):
            self.refresh(changes)

    def _park(self) -> Command:
        return cmds.park(text=self.new_text.text(), step=self._current_step(),
                         raised_by_id=self.new_raised_by.currentData() or None)

    def _make_action(self) -> None:
        row = self.list.view.current_row()
        if isinstance(row, ParkedRow) and row.outcome != "action":
            self.document.push(cmds.parked_to_action(row))
