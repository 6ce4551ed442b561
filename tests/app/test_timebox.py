"""The countdown and the timekeeper over a fake clock: no real waiting, every second accounted for."""
from __future__ import annotations

import pytest
from fake_clock import FakeClock

from app.queries import AgendaRow
from app.timebox import CHECKPOINT_SECONDS, Countdown, Record, Timekeeper, clock_text, countdown_text


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_a_countdown_counts_only_while_running(clock: FakeClock) -> None:
    c = Countdown(600, clock=clock)
    clock.advance(50)
    assert (c.running, c.elapsed, c.remaining) == (False, 0, 600)
    c.start()
    clock.advance(90)
    assert c.running and c.elapsed == 90 and c.remaining == 510
    c.pause()
    clock.advance(1000)
    assert not c.running and c.elapsed == 90
    c.resume()
    c.start()  # starting a running countdown does not restart its stretch
    clock.advance(10)
    assert c.elapsed == 100 and c.remaining == 500
    c.pause()
    c.pause()
    assert c.elapsed == 100


def test_time_up_then_overtime(clock: FakeClock) -> None:
    c = Countdown(60, used=50, clock=clock)
    c.start()
    clock.advance(9.5)
    assert not c.is_over and c.overtime == 0
    assert countdown_text(c) == "0:01 left"
    clock.advance(0.5)
    assert c.is_over and c.remaining == 0
    assert countdown_text(c) == "+0:00 over"
    clock.advance(42.7)
    assert c.overtime == pytest.approx(42.7)
    assert countdown_text(c) == "+0:42 over"


def test_reset_clears_the_time_and_stops(clock: FakeClock) -> None:
    c = Countdown(300, used=120, clock=clock)
    c.start()
    clock.advance(400)
    assert c.is_over
    c.reset()
    clock.advance(30)
    assert (c.running, c.elapsed, c.is_over, countdown_text(c)) == (False, 0, False, "5:00 left")


def test_adopted_time_keeps_a_running_countdown_going(clock: FakeClock) -> None:
    c = Countdown(600, clock=clock)
    c.start()
    clock.advance(20)
    c.set_used(300)
    clock.advance(5)
    assert c.running and c.elapsed == 305


def test_a_step_without_a_timebox_counts_up_and_is_never_over(clock: FakeClock) -> None:
    c = Countdown(0, clock=clock)
    c.start()
    clock.advance(3 * 3600 + 62)
    assert not c.is_over and c.overtime == 0
    assert countdown_text(c) == "3:01:02 used"


def test_the_display_rounds_the_time_left_up() -> None:
    clock = FakeClock()
    c = Countdown(1800, clock=clock)
    c.start()
    clock.advance(0.25)
    assert countdown_text(c) == "30:00 left"
    clock.advance(0.75)
    assert countdown_text(c) == "29:59 left"
    assert [clock_text(s) for s in (0, 42.9, 754, 3723, -5)] == ["0:00", "0:42", "12:34", "1:02:03", "0:00"]


AGENDA = [AgendaRow("rivalries", "Rivalries", 30, 2, 0), AgendaRow("actions", "Action plan", 10, 9, 120)]


def keeper_on(clock: FakeClock, step: str = "rivalries") -> Timekeeper:
    keeper = Timekeeper(clock)
    keeper.load(AGENDA)
    keeper.follow(step)
    return keeper


def test_a_stopped_countdown_follows_the_room_and_starts_from_the_recorded_time(clock: FakeClock) -> None:
    keeper = keeper_on(clock)
    assert keeper.step == "rivalries" and keeper.countdown.remaining == 1800
    keeper.follow("actions")
    assert keeper.step == "actions" and keeper.countdown.elapsed == 120
    assert keeper.toggle() is None  # starting writes nothing yet
    clock.advance(30)
    assert keeper.toggle() == Record(9, 150)  # paused: the time to write
    assert keeper.stop() == Record(9, 150)  # not written yet: still owed
    keeper.written(Record(9, 150))
    assert keeper.toggle() is None  # resumed
    assert keeper.stop() is None  # nothing counted since the pause was written


def test_a_running_countdown_stays_on_its_step_until_started_elsewhere(clock: FakeClock) -> None:
    keeper = keeper_on(clock)
    keeper.toggle()
    clock.advance(100)
    keeper.follow("actions")  # the room looks at the plan; the rivalries keep being timed
    assert keeper.step == "rivalries" and keeper.running
    clock.advance(30)
    record = keeper.toggle()  # started on the plan: the rivalries are paused and their time kept
    assert record == Record(2, 130)
    assert keeper.step == "actions" and keeper.running and keeper.countdown.elapsed == 120
    clock.advance(5)
    assert keeper.countdown.elapsed == 125


def test_a_running_countdown_asks_for_a_checkpoint_well_within_a_minute(clock: FakeClock) -> None:
    keeper = keeper_on(clock)
    assert CHECKPOINT_SECONDS <= 60
    keeper.toggle()
    clock.advance(CHECKPOINT_SECONDS - 1)
    assert keeper.due() is None
    clock.advance(1)
    assert keeper.due() == Record(2, int(CHECKPOINT_SECONDS))
    assert keeper.due() is None  # asked again at once (a failed write, say): not on every tick
    clock.advance(CHECKPOINT_SECONDS)
    keeper.written(record := keeper.due())
    assert record == Record(2, int(2 * CHECKPOINT_SECONDS))
    keeper.toggle()
    clock.advance(600)
    assert keeper.due() is None  # paused: nothing to checkpoint


def test_reset_clears_only_time_the_file_holds(clock: FakeClock) -> None:
    keeper = keeper_on(clock)
    assert keeper.reset() is None  # nothing counted, nothing to clear
    keeper.toggle()
    clock.advance(42)
    assert keeper.stop() == Record(2, 42)
    assert keeper.reset() is None  # the 42 s never reached the file: nothing there to clear
    keeper.toggle()
    clock.advance(42)
    keeper.written(keeper.stop())
    assert keeper.reset() == 2
    assert keeper.countdown.elapsed == 0 and not keeper.running


def test_an_undo_that_puts_time_back_reaches_the_running_countdown(clock: FakeClock) -> None:
    keeper = keeper_on(clock, "actions")
    keeper.toggle()
    clock.advance(10)
    assert not keeper.load([AGENDA[0], AgendaRow("actions", "Action plan", 15, 9, 120)])  # the timebox grew
    assert keeper.countdown.elapsed == 130 and keeper.countdown.planned == 900
    assert not keeper.load([AGENDA[0], AgendaRow("actions", "Action plan", 15, 9, 125)], adopt=False)  # own write
    assert keeper.countdown.elapsed == 130
    assert keeper.load([AGENDA[0], AgendaRow("actions", "Action plan", 15, 9, 600)])  # an undo put 600 s back
    clock.advance(5)
    assert keeper.running and keeper.countdown.elapsed == 605


def test_a_step_missing_from_the_agenda_has_no_countdown(clock: FakeClock) -> None:
    keeper = keeper_on(clock, "goals")
    assert keeper.countdown is None
    assert keeper.toggle() is None and keeper.reset() is None and keeper.stop() is None
