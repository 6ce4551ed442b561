"""What every step screen shares: its heading from the step registry, refresh on the areas it shows, read-only.

A screen refreshes only for edits touching the areas its step declares, lazily (a hidden screen catches up when
shown), and not at all for an edit one of its `quiet` widgets made, which already shows what it typed.
"""
from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.commands.base import EVERYTHING, Changes
from app.steps import Step, step
from ui.choices import ChoiceBox
from ui.document import Document
from ui.row_list import RowList, disable_editing
from ui.settings import Settings
from ui.table_view import WidthStore

MIN_LINES_FOR_SUBTITLE = 24
MIN_LINES_FOR_ROOMY = 20  # fewer lines of text than this fit the step's height: it turns compact
SIDE_BY_SIDE_CHARS = 110  # two panes sit side by side when the step is this many characters wide


class Screen(QWidget):
    """Subclasses set `key` (their step in app.steps) and implement `refresh(changes)`."""

    key: ClassVar[str] = ""
    subtitle: ClassVar[str] = ""

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.step: Step = step(self.key)
        self.quiet: set[object] = set()
        self._pending: Changes | None = EVERYTHING
        self._read_only_done = False
        self.compact = False
        self._panes: list[QBoxLayout] = []
        # The step scrolls rather than squeeze its tables and fields when large text leaves too little room.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("screen_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body.setObjectName("screen_body")
        # A viewport of our own: asking the scroll area for its C++ one makes PySide6 load ~45 widget classes
        # to find its Python type, ~5% of start-up.
        viewport = QWidget()
        viewport.setAutoFillBackground(False)
        self.scroll.setViewport(viewport)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll)
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(24, 12, 24, 12)
        self.layout_.setSpacing(10)
        # The summary sits beside the title, or under it when both do not fit (large text on a narrow window).
        self.top = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.heading = heading = QLabel(self.step.title)
        heading.setObjectName("heading")
        top.addWidget(heading)
        top.addStretch(1)
        self.status = QLabel()  # the step's running summary (counts, what is still open), beside its title
        self.status.setObjectName("step_status")
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignBottom)
        self.layout_.addLayout(top)
        self.subtitle_label = QLabel(self.subtitle)
        self.subtitle_label.setObjectName("subtitle")
        self.subtitle_label.setWordWrap(True)
        self.subtitle_label.setVisible(bool(self.subtitle))
        self.layout_.addWidget(self.subtitle_label)
        document.changed.connect(self.on_changed)

    @property
    def widths(self) -> WidthStore:
        return (self.settings.column_widths, self.settings.set_column_widths)

    def side_by_side(self) -> QBoxLayout:
        """A layout for two panes that sit side by side when the step is wide enough, stacked when not."""
        pair = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._panes.append(pair)
        return pair

    def on_changed(self, changes: Changes, initiator: object) -> None:
        if not changes.touches(self.step.shows) or (initiator is not None and initiator in self.quiet):
            return
        self._pending = changes if self._pending is None else self._pending | changes
        if self.isVisible():
            self.catch_up()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._read_only_done:
            self._read_only_done = True
            if self.document.read_only:
                disable_editing(self)
        self.catch_up()

    def reveal(self, row_id: object) -> bool:
        """Select the row `row_id` in whichever of the step's lists holds it (an action's source, say)."""
        self.catch_up()
        for lists in self.findChildren(RowList):
            if lists.view.select_id(row_id):
                lists.view.setFocus()
                return True
        return False

    def focus_first(self) -> None:
        """Put the cursor in the step's first add field (when the view can be edited)."""
        for lists in self.findChildren(RowList):
            if lists.fields and lists.fields[0].isEnabled():
                lists.fields[0].setFocus()
                return

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The explanation under the title is for newcomers; when large text leaves few lines, the content wins.
        lines = self.height() / max(1, self.fontMetrics().lineSpacing())
        self.subtitle_label.setVisible(bool(self.subtitle) and lines >= MIN_LINES_FOR_SUBTITLE)
        self.subtitle_label.setToolTip(self.subtitle)
        # Paired panes side by side when there is room for both at this text size, one above the other when not.
        wide = self.width() >= SIDE_BY_SIDE_CHARS * self.fontMetrics().averageCharWidth()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        for pair in self._panes:
            if pair.direction() != direction:
                pair.setDirection(direction)
        self._fit_top()
        compact = lines < MIN_LINES_FOR_ROOMY
        if compact != self.compact:
            self.compact = compact
            self.set_compact(compact)

    def _fit_top(self) -> None:
        margins = self.layout_.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        self.status.setWordWrap(False)  # measured on one line (the summary may be rich text)
        items = [self.top.itemAt(i).widget() for i in range(self.top.count())]
        shown = [w for w in items if w is not None and not w.isHidden()]
        beside = sum(w.sizeHint().width() for w in shown) + self.top.spacing() * len(shown) <= room
        # Under the title it may wrap: a long summary must not widen the step past the window.
        self.status.setWordWrap(not beside)
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.top.direction() != direction:
            self.top.setDirection(direction)

    def set_compact(self, compact: bool) -> None:
        """Large text on a short screen: the lists show more rows and fold what the room need not read."""
        for lists in self.findChildren(RowList):
            lists.set_compact(compact)

    def catch_up(self) -> None:
        """Apply what changed since the last refresh."""
        changes, self._pending = self._pending, None
        if changes is None:
            return
        for box in self.findChildren(ChoiceBox):
            if changes.touches(box.areas):
                box.reload()
        self.refresh(changes)
        self._fit_top()

    def refresh(self, changes: Changes) -> None:
        raise NotImplementedError
