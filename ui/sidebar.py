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
        """`steps` are (key, title) of the screens present; the agenda adds each step's timebox and time used."""
        rows = {a.step: a for a in agenda}
        texts = [f"{number}  {title}{_timing(rows.get(key))}" for number, (key, title) in enumerate(steps, start=1)]
        keys = [key for key, _title in steps]
        if keys == [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]:
            # Same steps, new times (a running countdown writes every half minute): relabel, keep the selection.
            for i, text in enumerate(texts):
                self.item(i).setText(text)
            return
        current = self.currentRow()
        self.clear()
        for key, text in zip(keys, texts, strict=True):
            item = QListWidgetItem(text)
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

    def step_text(self, key: str) -> str:
        return next((self.item(i).text() for i in range(self.count())
                     if self.item(i).data(Qt.ItemDataRole.UserRole) == key), "")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_width()


def _timing(row: AgendaRow | None) -> str:
    """The second line of a step: planned minutes, and whole minutes used once its countdown has run."""
    if row is None or not (row.timebox_minutes or row.used_seconds):
        return ""
    planned = f"{row.timebox_minutes} min" if row.timebox_minutes else "no timebox"
    minutes = row.used_seconds // 60
    used = f" · {minutes or '<1'} used" if row.used_seconds else ""  # "0 used" would read as never started
    return f"\n     {planned}{used}"
