"""Pick one item from a list by typing part of it: the keyboard way to say "group with…", "move to…", "merge into…".

Window-modal but not blocking (`open`, not `exec`), so the room's window keeps painting and tests can drive it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class Chooser(QDialog):
    def __init__(self, parent: QWidget, *, title: str, prompt: str, items: Sequence[tuple[str, Any]],
                 chosen: Callable[[Any], None], ok: str = "OK") -> None:
        super().__init__(parent)
        self.setObjectName("chooser")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._chosen = chosen
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.filter = QLineEdit()
        self.filter.setObjectName("chooser_filter")
        self.filter.setPlaceholderText("Type to find")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setObjectName("chooser_list")
        self.list.setWordWrap(True)
        for text, value in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.filter.textChanged.connect(self._narrow)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        metrics = self.fontMetrics()
        screen = parent.screen().availableGeometry()
        self.resize(min(metrics.averageCharWidth() * 70, int(screen.width() * 0.9)),
                    min(metrics.lineSpacing() * 18, int(screen.height() * 0.9)))
        self.filter.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down move through the list while the cursor stays in the filter field.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _narrow(self, text: str) -> None:
        wanted = text.casefold().strip()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = bool(wanted) and wanted not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        if first is not None:
            self.list.setCurrentRow(first)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(first is not None)

    def value(self) -> Any:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else item.data(Qt.ItemDataRole.UserRole)

    def accept(self) -> None:
        value = self.value()
        if value is None:
            return
        super().accept()
        self._chosen(value)
