"""Which version of the SLA a step shows: every version stays viewable, with its status."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

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


def version_header(choose: Callable[[object], None]) -> tuple[QHBoxLayout, VersionPicker, QLabel]:
    """The row the SLA and Sign-off steps open with: which version, and its content hash beside it (it wraps to a
    second line at projector text)."""
    row = QHBoxLayout()
    picker = VersionPicker()
    picker.chosen.connect(choose)
    row.addWidget(picker)
    label = QLabel()
    label.setObjectName("panel_heading")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    row.addWidget(label, 1)
    return row, picker, label
