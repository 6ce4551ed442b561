"""Which version of the SLA a step shows: every version stays viewable, with its status."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.queries import VersionRow


def version_name(v: VersionRow) -> str:
    origin = f", from version {v.based_on_number}" if v.based_on_number else ""
    return f"Version {v.number} · {v.state}{origin}"


class VersionPicker(QComboBox):
    chosen = Signal(object)  # the version id, or None for "the newest"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("version_picker")
        self.setToolTip("Every version of the agreement stays readable; only a draft can be changed")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(lambda i: self.chosen.emit(self.itemData(i)))

    def set_versions(self, versions: list[VersionRow], current: int | None) -> None:
        with QSignalBlocker(self):
            self.clear()
            for v in versions:
                self.addItem(version_name(v), v.id)
            index = self.findData(current) if current is not None else 0
            self.setCurrentIndex(max(index, 0))
        self.setVisible(bool(versions))
