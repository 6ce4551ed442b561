"""The agenda down the side: the steps that work, with their timeboxes, and where the room is now."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.queries import AgendaRow


class AgendaSidebar(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agenda")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        self.setWordWrap(True)

    def set_steps(self, steps: list[tuple[str, str]], agenda: list[AgendaRow]) -> None:
        """`steps` are (key, title) of the screens present; the agenda adds each step's timebox."""
        minutes = {a.step: a.timebox_minutes for a in agenda}
        current = self.currentRow()
        self.clear()
        for number, (key, title) in enumerate(steps, start=1):
            box = f"\n     {minutes[key]} min" if minutes.get(key) else ""
            item = QListWidgetItem(f"{number}  {title}{box}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.addItem(item)
        self.setCurrentRow(max(current, 0))
        self._fit_width()

    def _fit_width(self) -> None:
        # As wide as the longest step title at the current text size, so titles never wrap or get cut.
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(i).text().split("\n")[0]) for i in range(self.count())),
                     default=metrics.horizontalAdvance("0  Shared goals"))
        self.setMinimumWidth(widest + 4 * metrics.averageCharWidth() + 40)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_width()
