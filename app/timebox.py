"""The countdown of a step's timebox, and which step it times: Qt-free arithmetic over an injected clock.

The clock is a callable returning monotonic seconds (time.monotonic in the app, a fake one in tests), so a
countdown never drifts with the wall clock and tests never wait.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from app.queries import AgendaRow

Clock = Callable[[], float]

# Used time is written at least this often while a countdown runs, so a crash loses less than a minute.
CHECKPOINT_SECONDS = 30.0


class Countdown:
    """Time spent against a planned length: start, pause, resume and reset; overtime counts on past zero."""

    def __init__(self, planned: float, *, used: float = 0.0, clock: Clock = time.monotonic) -> None:
        self.planned = max(0.0, planned)
        self.clock = clock
        self._used = max(0.0, used)  # time counted before the running stretch, if any
        self._since: float | None = None  # clock reading when the running stretch began

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        """Start, or resume after a pause; a running countdown is left alone."""
        if self._since is None:
            self._since = self.clock()

    resume = start

    def pause(self) -> None:
        if self._since is not None:
            self._used += max(0.0, self.clock() - self._since)
            self._since = None

    def reset(self) -> None:
        """Back to the full timebox, stopped."""
        self._used = 0.0
        self._since = None

    def set_used(self, seconds: float) -> None:
        """Adopt time counted elsewhere (an undo put it back in the file); a running countdown goes on from it."""
        self._used = max(0.0, seconds)
        if self._since is not None:
            self._since = self.clock()

    @property
    def elapsed(self) -> float:
        running = max(0.0, self.clock() - self._since) if self._since is not None else 0.0
        return self._used + running

    @property
    def remaining(self) -> float:
        return max(0.0, self.planned - self.elapsed)

    @property
    def overtime(self) -> float:
        return max(0.0, self.elapsed - self.planned) if self.planned else 0.0

    @property
    def is_over(self) -> bool:
        """The timebox is used up. A step without a timebox (0 minutes) just counts up and is never over."""
        return self.planned > 0 and self.elapsed >= self.planned


def clock_text(seconds: float) -> str:
    """Whole seconds as a clock reads them: 0:42, 12:34, 1:02:03."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


TIME_UP = "Time is up"


def countdown_text(countdown: Countdown) -> str:
    """The clock the room reads: "12:34 left", then "+0:42 over" (beside TIME_UP); "3:10 used" without a timebox."""
    if not countdown.planned:
        return f"{clock_text(countdown.elapsed)} used"
    if countdown.is_over:
        return f"+{clock_text(countdown.overtime)} over"
    # Rounded up, so a fresh 30-minute box reads 30:00 and 0:00 means the time is up.
    return f"{clock_text(math.ceil(countdown.remaining - 1e-9))} left"


class Record(NamedTuple):
    """Used time to write into the file: a measurement, not an edit."""

    agenda_id: int
    seconds: int


class Timekeeper:
    """The countdown of one step at a time. Stopped, it follows the step the room is on; running, it stays on
    the step it times while the room looks elsewhere. It says when used time must be written; the caller writes
    it and confirms with `written`."""

    def __init__(self, clock: Clock = time.monotonic, *, checkpoint: float = CHECKPOINT_SECONDS) -> None:
        self.clock = clock
        self.checkpoint = checkpoint
        self.rows: dict[str, AgendaRow] = {}
        self.step = ""  # the step the countdown belongs to
        self.viewing = ""  # the step the room is on
        self.countdown: Countdown | None = None
        self._recorded = 0  # the used seconds the file holds for `step`, as last read or written
        self._written_at = 0.0

    @property
    def running(self) -> bool:
        return self.countdown is not None and self.countdown.running

    @property
    def row(self) -> AgendaRow | None:
        return self.rows.get(self.step)

    def load(self, agenda: Sequence[AgendaRow], *, adopt: bool = True) -> bool:
        """Take the agenda as the file holds it now: planned minutes, and used time an undo or redo changed
        (`adopt`; not after the caller's own write, which the countdown already counts). True if it adopted some."""
        self.rows = {row.step: row for row in agenda}
        row = self.row
        if row is None or self.countdown is None:
            self._switch(self.viewing or self.step)
            return False
        self.countdown.planned = row.timebox_minutes * 60.0
        if not adopt or row.used_seconds == self._recorded:
            return False
        self._recorded = row.used_seconds
        self.countdown.set_used(row.used_seconds)
        return True

    def follow(self, step: str) -> None:
        """The room moved to `step`; a stopped countdown moves with it."""
        self.viewing = step
        if not self.running:
            self._switch(step)

    def toggle(self) -> Record | None:
        """Start, pause or resume. Started while the room is on another step, the countdown moves there: the
        running one is paused first and its time returned for writing."""
        if self.countdown is None and self.viewing not in self.rows:
            return None
        record = None
        if self.running:
            assert self.countdown is not None
            self.countdown.pause()
            record = self._record()
            if self.viewing == self.step or self.viewing not in self.rows:
                return record
        if self.step != self.viewing and self.viewing in self.rows:
            self._switch(self.viewing)
        assert self.countdown is not None
        self.countdown.start()
        self._written_at = self.clock()
        return record

    def reset(self) -> int | None:
        """Stop and clear the countdown (call `stop` first and write what it returns, so an undo of the reset
        restores every second). Returns the agenda id whose recorded time must be cleared, None if there is none."""
        row = self.row
        if self.countdown is None or row is None:
            return None
        self.countdown.reset()
        if self._recorded == 0:
            return None
        self._recorded = 0
        return row.id

    def due(self) -> Record | None:
        """While running: the used time, when the last write is a checkpoint interval old."""
        if self.running and self.clock() - self._written_at >= self.checkpoint:
            return self._record()
        return None

    def stop(self) -> Record | None:
        """Pause for good (the workshop closes): the used time still to write, if any."""
        if self.countdown is None:
            return None
        self.countdown.pause()
        return self._record()

    def written(self, record: Record) -> None:
        """The caller wrote `record` into the file (until then the file still holds the time it held)."""
        if self.row is not None and self.row.id == record.agenda_id:
            self._recorded = record.seconds

    def _record(self) -> Record | None:
        row, countdown = self.row, self.countdown
        self._written_at = self.clock()  # a failed write is not retried on every tick
        if row is None or countdown is None:
            return None
        seconds = int(countdown.elapsed)
        return None if seconds == self._recorded else Record(row.id, seconds)

    def _switch(self, step: str) -> None:
        self.step = step
        row = self.rows.get(step)
        if row is None:
            self.countdown = None
            self._recorded = 0
            return
        self._recorded = row.used_seconds
        self.countdown = Countdown(row.timebox_minutes * 60.0, used=row.used_seconds, clock=self.clock)
