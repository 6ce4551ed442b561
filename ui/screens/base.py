"""What every step screen shares: a heading, lazy refresh on document changes, and read-only mode."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.commands import Changes
from ui.delegates import ColumnDelegate
from ui.document import Document
from ui.table_model import RowTableModel


class Screen(QWidget):
    """Subclasses set `step`, `title`, `areas`, `owns` and implement `refresh()`."""

    step = ""
    title = ""
    subtitle = ""
    areas: tuple[str, ...] = ()  # Changes flags this screen shows (refreshes on)
    owns: tuple[str, ...] = ()  # the flags it edits: undo and redo of those bring the window here

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._dirty = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 16)
        self.layout_.setSpacing(12)
        heading = QLabel(self.title)
        heading.setObjectName("heading")
        self.layout_.addWidget(heading)
        if self.subtitle:
            sub = QLabel(self.subtitle)
            sub.setObjectName("subtitle")
            sub.setWordWrap(True)
            self.layout_.addWidget(sub)
        document.changed.connect(self.on_changed)

    def on_changed(self, changes: Changes, _initiator: object) -> None:
        if not any(getattr(changes, area) for area in self.areas):
            return
        self._dirty = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def reload(self) -> None:
        self._dirty = False
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def make_table(model: RowTableModel, *, sortable: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(ColumnDelegate(model.columns, view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.setSortingEnabled(sortable)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    metrics = view.fontMetrics()
    for i, col in enumerate(model.columns):
        if col.width:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, metrics.horizontalAdvance("M") * col.width)
        else:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
    return view
