"""The choice lists screens offer (people, departments, goals), built in one place for forms and cell editors."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from app import queries
from models import Area
from ui.document import Document

Items = list[tuple[str, object]]


def people(document: Document, none: str = "No owner") -> Items:
    return [(none, 0)] + [(p.name, p.id) for p in document.query(queries.participants)]


def teams(document: Document, none: str = "Joint") -> Items:
    return [(none, 0)] + [(d.name, d.id) for d in document.query(queries.departments)]


def department_names(document: Document) -> Items:
    return [(d.name, d.name) for d in document.query(queries.departments)]


def goals(document: Document, none: str = "No goal") -> Items:
    return [(none, 0)] + [(g.statement, g.id) for g in document.query(queries.goals)]


class ChoiceBox(QComboBox):
    """A drop-down filled from one of the lists above; the screen refills it when `areas` change."""

    def __init__(self, items: Callable[[], Items], areas: Area, *, editable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self.areas = areas
        self.setEditable(editable)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)

    def reload(self) -> None:
        """Refill, keeping the current choice (or the typed text of an editable box)."""
        current, typed = self.currentData(), self.currentText()
        with QSignalBlocker(self):
            self.clear()
            for label, value in self.items():
                self.addItem(label, value)
                self.setItemData(self.count() - 1, label, Qt.ItemDataRole.ToolTipRole)  # long goal statements in full
            if self.isEditable():
                self.setEditText(typed)
            else:
                self.setCurrentIndex(max(self.findData(current), 0))
