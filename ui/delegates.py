"""Cell editors: a typed date field with its calendar, a drop-down for choices, a plain line otherwise."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.errors import ValidationError
from ui.date_field import DateField
from ui.table_model import Column, RowTableModel

Index = QModelIndex | QPersistentModelIndex
CELL_PADDING = 12  # the style sheet's left + right padding of a cell (QTableView::item)


def _selected() -> Any:
    # Imported when a styled row is painted: QStyle's enums cost ~9 ms, which start-up need not pay.
    from PySide6.QtWidgets import QStyle

    return QStyle.StateFlag.State_Selected


class ColumnDelegate(QStyledItemDelegate):
    """Chooses the editor from the column's kind, and paints the row's style (an overdue row stays red)."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        style = model.style_at(index) if isinstance(model, RowTableModel) else None
        if style is None:
            return
        if style.bold:
            option.font.setBold(True)
        if style.foreground and option.state & _selected():
            option.palette.setColor(QPalette.ColorRole.HighlightedText, QColor(style.foreground))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Measure wrapped text at the width it is painted in: the cell minus the style sheet's padding.
        narrower = QStyleOptionViewItem(option)
        narrower.rect.setWidth(max(1, option.rect.width() - CELL_PADDING))
        hint = super().sizeHint(narrower, index)
        return QSize(hint.width(), hint.height() + CELL_PADDING // 2)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        col = self.columns[index.column()]
        if col.kind == "date":
            editor = DateField(parent)
            # A day picked in the calendar is saved at once, as Enter would.
            editor.committed.connect(lambda _value, e=editor: (self.commitData.emit(e), self.closeEditor.emit(e)))
            return editor
        if col.kind == "choice" and col.choices:
            combo = QComboBox(parent)
            combo.setEditable(col.edit_value is None)  # free text when the value is a name, not an id
            for label, value in col.choices():
                combo.addItem(label, value)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        model = index.model()
        value = model.edit_value_at(index) if isinstance(model, RowTableModel) else index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateField):
            editor.set_value(value)
        elif isinstance(editor, QComboBox):
            found = editor.findData(value)
            if found < 0:
                found = editor.findText(str(value or ""))
            if found >= 0:
                editor.setCurrentIndex(found)
            elif editor.isEditable():
                editor.setEditText(str(value or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        value: Any
        if isinstance(editor, DateField):
            try:
                value = editor.text_value()
            except ValidationError as exc:
                if isinstance(model, RowTableModel):
                    model.refuse(exc, editor.text())
                return
        elif isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)
