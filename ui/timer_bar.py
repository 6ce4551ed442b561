"""The countdown above the step, one line: the step it times, the time left in large type, Start/Pause, Reset.

The arithmetic and which step is timed live in `app.timebox`; this widget shows them, ticks while the countdown
runs, and writes used time through the document: `record` (no undo) for measurements, `push` for a reset.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app import queries
from app.commands import Changes
from app.commands import setup as cmds
from app.timebox import TIME_UP, Record, Timekeeper, countdown_text
from models import Area
from ui.document import Document

TICK_MS = 250  # often enough that the seconds never visibly lag


class FittingLabel(QLabel):
    """The first of several wordings that fits its width, elided only when even the shortest does not: the bar's
    time and buttons never give way, this label does (its tooltip keeps the whole text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.wordings: tuple[str, ...] = ("",)

    def set_wordings(self, *wordings: str) -> None:
        if wordings != self.wordings:
            self.wordings = wordings
            self.setToolTip(wordings[0])
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics, width = self.fontMetrics(), self.contentsRect().width()
        text = next((w for w in self.wordings if metrics.horizontalAdvance(w) <= width), None)
        self.setText(text if text is not None else metrics.elidedText(self.wordings[-1], Qt.TextElideMode.ElideRight,
                                                                          width))


class TimerBar(QFrame):
    message = Signal(str)  # for the status bar: time is up, or the time could not be saved

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timer_bar")
        self.document: Document | None = None
        self.keeper = Timekeeper(clock)
        # Born idle, so its first showing needs no repolish: asking for a QStyle at start-up costs ~4% of it.
        self._state = "idle"
        self.setProperty("state", "idle")
        self._over = False
        self._adopted = False  # the last agenda change gave the countdown its used time
        self.time_label = QLabel()
        self.time_label.setObjectName("timer_time")
        self.step_label = FittingLabel()
        self.step_label.setObjectName("timer_step")
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("timer_start")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setObjectName("timer_reset")
        for button in (self.start_button, self.reset_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click keeps the cursor where the room is typing
        row = QHBoxLayout(self)
        # The name on the left, over the step's own heading; the clock and buttons on the right never give way.
        row.setContentsMargins(24, 2, 12, 2)
        row.addWidget(self.step_label, 1)
        row.addSpacing(12)
        row.addWidget(self.time_label)
        row.addSpacing(12)
        row.addWidget(self.start_button)
        row.addWidget(self.reset_button)
        self.start_button.clicked.connect(self.start_pause)
        self.reset_button.clicked.connect(self.reset)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.hide()

    # -- the open workshop -------------------------------------------------------------------------

    def set_document(self, document: Document | None, step: str = "") -> None:
        """Show the countdown of `document` (None when it closes: the running time is written first)."""
        if self.document is not None:
            self._write(self.keeper.stop())
            self.document.changed.disconnect(self._on_changed)
        self.ticker.stop()
        self.document = document
        self.keeper = Timekeeper(self.keeper.clock, checkpoint=self.keeper.checkpoint)
        self._over = False
        self.setVisible(document is not None)
        if document is None:
            return
        document.changed.connect(self._on_changed)
        self.keeper.viewing = step
        self.keeper.load(document.query(queries.agenda))
        self._show()

    def follow(self, step: str) -> None:
        """The room is on `step` now."""
        self.keeper.follow(step)
        self._show()

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        if changes.touches(Area.AGENDA) and self.document is not None:
            self._adopted = self.keeper.load(self.document.query(queries.agenda), adopt=initiator is not self)
            self._show()

    # -- the facilitator's keys and buttons --------------------------------------------------------

    def start_pause(self) -> None:
        """Start, pause or resume; started on another step than the one timed, the countdown moves to it."""
        if not self._can_edit():
            return
        self._write(self.keeper.toggle())
        self._show()

    def reset(self) -> None:
        """Back to the full timebox. It destroys recorded time, so it is an edit the room can undo."""
        if not self._can_edit():
            return
        self._write(self.keeper.stop())
        row = self.keeper.row
        agenda_id = self.keeper.reset()
        self._show()
        if agenda_id is not None and row is not None and self.document is not None:
            self.document.push(cmds.reset_used(agenda_id, row.title), initiator=self)

    def tick(self) -> None:
        """Every TICK_MS while running: redraw the time, and write it when a checkpoint is due."""
        self._write(self.keeper.due())
        self._show()

    # -- showing -----------------------------------------------------------------------------------

    def _show(self) -> None:
        keeper, countdown, row = self.keeper, self.keeper.countdown, self.keeper.row
        running = keeper.running
        if running != self.ticker.isActive():
            self.ticker.start() if running else self.ticker.stop()
        if countdown is None or row is None:
            self.time_label.setText("No timebox")
            self.step_label.set_wordings("")
            state = "idle"
        else:
            self.time_label.setText(countdown_text(countdown))
            over = countdown.is_over
            if over and not self._over and running:
                self.message.emit(f"Time is up for {row.title} ({row.timebox_minutes} min)")
            self._over = over
            planned = f" · {row.timebox_minutes} min" if row.timebox_minutes else ""
            paused = " · paused" if not running and countdown.elapsed > 0 and not over else ""
            up = f"{TIME_UP} · " if over else ""
            # Shorter and shorter wordings. On its own step the step's heading is just below, so "Time is up"
            # outlasts the name; timing another step, the name says what the clock belongs to.
            if keeper.step != keeper.viewing:
                name = f"Timing {row.title}"
                self.step_label.set_wordings(f"{up}{name}{planned}", f"{up}{name}", name, row.title)
            else:
                self.step_label.set_wordings(f"{up}{row.title}{planned}{paused}", f"{up}{row.title}{paused}",
                                             TIME_UP if over else row.title, row.title)
            state = "over" if over else "running" if running else "idle"
        self.start_button.setText("Pause" if running else "Resume" if countdown and countdown.elapsed else "Start")
        editable = self._can_edit()
        self.start_button.setEnabled(editable and countdown is not None)
        self.reset_button.setEnabled(editable and countdown is not None and (running or countdown.elapsed > 0))
        if state != self._state:
            self._restyle(state)

    def _restyle(self, state: str) -> None:
        # The colours come from the style sheet (QFrame#timer_bar[state=...]); repolish only when they change.
        self._state = state
        self.setProperty("state", state)
        for widget in (self, *self.findChildren(QWidget)):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def shows(self, changes: Changes) -> bool:
        """True when `changes` (just heard on `changed`) put back used time of the step the bar shows, as undoing a
        reset does: the room sees it here, so undo need not take the window to Setup."""
        row = self.keeper.row
        return (self._adopted and row is not None and changes.only_rows_of("agenda_item")
                and changes.ids("agenda_item") == {row.id})

    @property
    def state(self) -> str:
        """idle, running or over: what the bar's colours say."""
        return self._state

    # -- writing -----------------------------------------------------------------------------------

    def _can_edit(self) -> bool:
        return self.document is not None and not self.document.read_only

    def _write(self, record: Record | None) -> None:
        # A read-only view may show a countdown but never writes one.
        if record is None or not self._can_edit():
            return
        assert self.document is not None
        if self.document.record(cmds.record_used(record.agenda_id, record.seconds), initiator=self):
            self.keeper.written(record)
        elif self.keeper.countdown is not None:
            self.keeper.countdown.pause()  # keeps the time on screen; no more writes until the facilitator resumes
            self.message.emit("The time used could not be saved, so the timer is paused.")
