"""A list of rows a step edits: the add form, the table, removal, and the selected row's full text.

Every step builds its lists from this, so Enter adds and returns focus to the form, Delete and the Remove button
remove the selected rows (one undo step) by id whatever the sort or filter, and read-only views disable the same
controls everywhere.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.commands import Command
from app.commands.base import Macro, moved
from ui.date_field import DateField
from ui.document import Document
from ui.table_model import RowTableModel
from ui.table_view import RowTableView, WidthStore

EDITS = "cg_edits"  # dynamic property: a control that changes the workshop (disabled in a read-only view)


def mark_editing(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.setProperty(EDITS, True)


def set_editing(container: QWidget, enabled: bool) -> None:
    """Enable or disable every control marked with mark_editing inside `container` (never enabling one on a
    read-only file: callers pass `enabled` False then)."""
    for widget in container.findChildren(QWidget):
        if widget.property(EDITS):
            widget.setEnabled(enabled)


def disable_editing(container: QWidget) -> None:
    """A read-only view: every control marked with mark_editing inside `container` is disabled."""
    for widget in container.findChildren(QWidget):
        if widget.property(EDITS):
            widget.setEnabled(False)


def form_line(name: str, placeholder: str, tip: str = "") -> QLineEdit:
    """An add form's text field: its object name (for tests and the read-only check), hint and tooltip."""
    line = QLineEdit()
    line.setObjectName(name)
    line.setPlaceholderText(placeholder)
    if tip:
        line.setToolTip(tip)
    return line


def fixed_choices(name: str, items: Sequence[tuple[str, Any]], tip: str = "") -> QComboBox:
    """A drop-down of a fixed list (kinds, cadences, sections): (label, value) pairs."""
    box = QComboBox()
    box.setObjectName(name)
    for label, value in items:
        box.addItem(label, value)
    if tip:
        box.setToolTip(tip)
    return box


def _row_layout(fields: Sequence[QWidget], button: QPushButton, _remove: QPushButton) -> QLayout:
    row = QHBoxLayout()
    for i, field in enumerate(fields):
        row.addWidget(field, 3 if i == 0 else 1)
    row.addWidget(button)
    return row


def two_row_form(*stretch: int, remove_beside: bool = True
                 ) -> Callable[[Sequence[QWidget], QPushButton, QPushButton], QLayout]:
    """An add form of two rows: the main field with Add (and Remove, unless `remove_beside` is False: it then sits
    under the table) beside it, the other fields under it with these stretch factors (a trailing 0 keeps the row to
    its fields' widths). Two rows fit 1280 pixels at projector text."""
    def arrange(fields: Sequence[QWidget], add: QPushButton, remove: QPushButton) -> QLayout:
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(fields[0], 1)
        first.addWidget(add)
        if remove_beside:
            first.addWidget(remove)
        for field, factor in zip(fields[1:], stretch, strict=False):
            second.addWidget(field, factor)
        if stretch and stretch[-1] == 0:
            second.addStretch(1)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows
    return arrange


class RowList(QWidget):
    def __init__(self, document: Document, model: RowTableModel, *, name: str, noun: tuple[str, str],
                 add: Callable[[], Command] | None = None, fields: Sequence[QWidget] = (),
                 typed: Callable[[], str] = lambda: "",
                 arrange: Callable[[Sequence[QWidget], QPushButton, QPushButton], QLayout] = _row_layout,
                 remove: Callable[[Any], Command] | None = None, sortable: bool = False,
                 widths: WidthStore | None = None,
                 empty: str = "", filtered: str = "", detail: Callable[[Any], str] | None = None,
                 between: QLayout | None = None, folding: Sequence[QWidget] = (),
                 reorder: Callable[[list[Any]], Command] | None = None,
                 reorder_group: Callable[[Any], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = model
        self.noun = noun
        self._make_add = add
        self._make_remove = remove
        self._typed = typed
        self._detail = detail
        self._reorder = reorder  # ids in their new order -> the command that stores it
        self._reorder_group = reorder_group  # rows move only among rows of the same group (a theme, say)
        self.fields = list(fields)
        # Add-form fields folded away on a compact screen until the user starts typing a new row.
        self.folding = list(folding)
        self.compact = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {noun[0]}")
        self.add_button.setObjectName(f"add_{name}")
        self.remove_button = QPushButton(f"Remove {noun[0]}")
        self.remove_button.setObjectName(f"remove_{name}")
        if add is not None:
            layout.addLayout(arrange(self.fields, self.add_button, self.remove_button))
            # Tab walks the form as it is read, field by field, then Add, whatever the layout's order.
            chain = [w for w in (*self.fields, self.add_button, self.remove_button) if w.parent() is not None]
            for before, after in zip(chain, chain[1:], strict=False):
                QWidget.setTabOrder(before, after)
            mark_editing(*self.fields, self.add_button)
            self.add_button.clicked.connect(self.add)
            for field in self.fields:
                line = field.lineEdit() if isinstance(field, QComboBox) and field.isEditable() else field
                if isinstance(line, QLineEdit):
                    line.returnPressed.connect(self.add)
        if between is not None:
            layout.addLayout(between)
        self.buttons = QHBoxLayout()
        self.view = RowTableView(model, name=f"{name}_table", sortable=sortable, widths=widths,
                                 empty=empty or f"No {noun[1]} yet." + (" Type one above and press Enter."
                                                                       if add else ""),
                                 filtered=filtered or f"No {noun[1]} match these filters.")
        layout.addWidget(self.view, 1)
        if remove is not None:
            if self.remove_button.parent() is None:  # the form's layout did not place it
                self.buttons.addWidget(self.remove_button)
            mark_editing(self.remove_button)
            self.remove_button.clicked.connect(self.remove_selected)
            self.view.delete_requested.connect(self.remove_selected)
        if reorder is not None:
            self.view.move_requested.connect(self.move_current)
        self.buttons.addStretch(1)
        layout.addLayout(self.buttons)
        self.detail = QLabel()
        self.detail.setObjectName("detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        if detail is not None:
            layout.addWidget(self.detail)
            self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
            for signal in (model.dataChanged, model.layoutChanged, model.rowsRemoved, model.modelReset):
                signal.connect(lambda *_: self.show_detail())
        if remove is None and add is None:
            self.remove_button.hide()
        model.layoutChanged.connect(self._ensure_current)
        if self.folding and self.fields and isinstance(self.fields[0], QLineEdit):
            self.fields[0].textChanged.connect(self._fold)
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            app.focusChanged.connect(self._fold)
        self._size_fields()

    def set_compact(self, compact: bool) -> None:
        """Little height for the text size: shorter rows, and the add form's extra fields out of the way."""
        self.compact = compact
        self.view.set_compact(compact)
        self._fold()
        self.show_detail()

    def _fold(self, *_args: object) -> None:
        if not self.folding:
            return
        focus = QApplication.focusWidget()
        in_use = bool(self._typed()) or any(w is focus or w.isAncestorOf(focus) for w in self.folding if focus)
        for widget in self.folding:
            widget.setVisible(not self.compact or in_use)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_fields()

    def _size_fields(self) -> None:
        """Fields at least as wide as their hint text, so a placeholder or date is never cut at any text size."""
        for field in self.fields:
            line = field.lineEdit() if isinstance(field, QComboBox) and field.isEditable() else field
            if not isinstance(line, QLineEdit) or isinstance(field, QComboBox):
                continue  # a drop-down sizes itself from its minimum contents length
            metrics = field.fontMetrics()
            sample = "0000-00-00" if isinstance(field, DateField) else line.placeholderText()
            extra = metrics.height() if isinstance(field, DateField) else 0
            field.setMinimumWidth(metrics.horizontalAdvance(sample[:24]) + 3 * metrics.averageCharWidth() + extra)

    def _ensure_current(self) -> None:
        # Something is always selected once there are rows, so the detail panel and Delete have a target.
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def set_locked(self, locked: bool) -> None:
        """Show the rows without letting them be changed (or let them be again), beyond a read-only file."""
        self.model.locked = locked
        for widget in (*self.fields, self.add_button, self.remove_button):
            widget.setEnabled(not self.model.frozen)

    # -- adding ------------------------------------------------------------------------------------

    def add(self) -> bool:
        if self._make_add is None or self.model.frozen:
            return False
        make = self._make_add
        inserted: list[int] = []

        def note(_parent: QModelIndex, first: int, _last: int) -> None:
            inserted.append(first)

        self.model.rowsInserted.connect(note)
        try:
            done = self.document.submit(make, initiator=self.model, typed=self._typed())
        finally:
            self.model.rowsInserted.disconnect(note)
        if not done:
            return False
        for field in self.fields:
            if isinstance(field, QLineEdit):
                field.clear()
            elif isinstance(field, QCheckBox):
                field.setChecked(False)
        if inserted:
            index = self.model.index(inserted[-1], 0)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        if self.fields:
            self.fields[0].setFocus()
        return True

    # -- removing ----------------------------------------------------------------------------------

    def remove_selected(self) -> bool:
        if self._make_remove is None or self.model.frozen:
            return False
        ids = self.view.selected_ids()
        rows = [r for r in (self.model.get(i) for i in ids) if r is not None]
        if not rows:
            return False
        first = min(self.model.row_of_id(r.id) for r in rows)
        commands = [self._make_remove(r) for r in rows]
        command = commands[0] if len(commands) == 1 else Macro(f"Remove {len(commands)} {self.noun[1]}", commands)
        if not self.document.push(command, initiator=self.model):
            return False
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(first, self.model.rowCount() - 1), 0))
        return True

    # -- reordering --------------------------------------------------------------------------------------

    def move_current(self, delta: int) -> bool:
        """Ctrl+Shift+Up / Down: the current row one place up or down in the list's own order (one undo step)."""
        if self._reorder is None or self.model.frozen:
            return False
        row = self.view.current_row()
        if row is None:
            return False
        if self.model.sorted_by_column:
            from app.errors import ValidationError

            self.document.failed.emit(ValidationError(
                "The list is sorted by a column; move rows in its own order (click the sorted header until the "
                "arrow goes, or reopen the step)."), "")
            return False
        group = self._reorder_group
        ids = [r.id for r in self.model.visible if group is None or group(r) == group(row)]
        order = moved(ids, row.id, delta)
        if order == ids:
            return False
        make = self._reorder
        if not self.document.push(make(order), initiator=self.model):
            return False
        self.view.select_id(row.id)
        return True

    # -- the selected row in full ------------------------------------------------------------------

    def show_detail(self) -> None:
        if self._detail is None:
            return
        row = self.view.current_row()
        # A compact list shows the current row whole in the table instead.
        self.detail.setVisible(row is not None and not self.compact)
        if row is not None:
            self.detail.setText(self._detail(row))


def esc(text: str) -> str:
    """User text inside the rich-text detail panel: escaped, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")

