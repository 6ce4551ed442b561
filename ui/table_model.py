"""One item model for every table of rows: columns are data, edits become commands pushed to the Document."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.commands import Command
from ui.document import Document

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column:
    header: str
    display: Callable[[Any], str]
    edit: Callable[[Any, Any], Command] | None = None  # (row, new value) -> command
    edit_value: Callable[[Any], Any] | None = None  # what an editor starts from (defaults to display)
    kind: str = "text"  # text | check | date | choice | number
    sort_key: Callable[[Any], Any] | None = None
    choices: Callable[[], list[tuple[str, Any]]] | None = None  # for kind == "choice"
    tooltip: Callable[[Any], str] | None = None
    width: int = 0  # preferred width in characters, 0 to stretch


@dataclass(frozen=True)
class RowStyle:
    foreground: str = ""
    background: str = ""
    bold: bool = False


class RowTableModel(QAbstractTableModel):
    """Holds a list of frozen rows (each with an `id`) and maps edits onto app commands."""

    def __init__(self, document: Document, columns: Sequence[Column],
                 style: Callable[[Any], RowStyle | None] | None = None) -> None:
        super().__init__()
        self.document = document
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._style = style

    # -- contents ----------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows; same ids in the same order only repaint, so selection and editors survive."""
        rows = list(rows)
        if [r.id for r in rows] == [r.id for r in self.rows]:
            changed = [i for i, (a, b) in enumerate(zip(self.rows, rows, strict=True)) if a != b]
            self.rows = rows
            for i in changed:
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_at(self, index: Index) -> Any:
        return self.rows[index.row()]

    def row_of_id(self, row_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == row_id), -1)

    # -- Qt model API ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self.columns[index.column()]
        if col.edit is None or self.document.read_only:
            return base
        if col.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if col.kind == "check" else col.display(row)
        if role == Qt.ItemDataRole.EditRole:
            return col.edit_value(row) if col.edit_value else col.display(row)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            return Qt.CheckState.Checked if col.edit_value and col.edit_value(row) else Qt.CheckState.Unchecked
        if role == SORT_ROLE:
            return col.sort_key(row) if col.sort_key else col.display(row).casefold()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip else (col.display(row) or None)
        style = self._style(row) if self._style else None
        if style is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole and style.foreground:
            return QBrush(QColor(style.foreground))
        if role == Qt.ItemDataRole.BackgroundRole and style.background:
            return QBrush(QColor(style.background))
        if role == Qt.ItemDataRole.FontRole and style.bold:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        col = self.columns[index.column()]
        if col.edit is None or not index.isValid():
            return False
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        current = col.edit_value(row) if col.edit_value else col.display(row)
        if value == current:
            return False
        edit = col.edit
        return self.document.submit(lambda: edit(row, value), initiator=self, typed="" if value is None else str(value))
