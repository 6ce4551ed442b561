"""Cell editors: a calendar for dates (with 'no date'), a drop-down for choices, a plain line otherwise."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.table_model import Column

Index = QModelIndex | QPersistentModelIndex
NO_DATE = QDate(2000, 1, 1)


def make_date_edit(parent: QWidget | None = None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("No date")
    return edit


def to_qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NO_DATE


def from_qdate(value: QDate) -> dt.date | None:
    return None if value == NO_DATE else dt.date(value.year(), value.month(), value.day())


class ColumnDelegate(QStyledItemDelegate):
    """Chooses the editor from the column's kind."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def _column(self, index: Index) -> Column:
        return self.columns[index.column()]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        col = self._column(index)
        if col.kind == "date":
            return make_date_edit(parent)
        if col.kind == "choice" and col.choices:
            combo = QComboBox(parent)
            combo.setEditable(col.edit_value is None)  # free text when the value is a name, not an id
            for label, value in col.choices():
                combo.addItem(label, value)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QDateEdit):
            editor.setDate(to_qdate(value))
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
        if isinstance(editor, QDateEdit):
            value = from_qdate(editor.date())
        elif isinstance(editor, QComboBox):
            if editor.isEditable():
                value = editor.currentText()
            else:
                value = editor.currentData()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)
