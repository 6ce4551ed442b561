"""The rota of visits to the other team's meetings: which occurrences fall in its weeks, and a fair proposal.

Qt-free and without the database: the proposal is a pure function of the meetings, the people and the absences, so
its fairness can be checked as a property (tests/app/test_rota.py).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# How often a meeting meets, in weeks between occurrences.
CADENCES = {"weekly": 1, "every two weeks": 2, "monthly": 4, "quarterly": 13}


@dataclass(frozen=True)
class MeetingSpec:
    id: int
    cadence: str
    host_id: int | None  # the department whose meeting it is
    guest_id: int | None = None  # the department that sends a guest; None: anyone from another department


@dataclass(frozen=True)
class Person:
    id: int
    department_id: int | None


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weeks_of(start: dt.date, weeks: int) -> list[dt.date]:
    first = monday(start)
    return [first + dt.timedelta(weeks=i) for i in range(weeks)]


def meets_in(meeting: MeetingSpec, index: int) -> bool:
    """Whether the meeting meets in the rota's week `index` (0 is the first)."""
    return index % CADENCES.get(meeting.cadence, 1) == 0


def may_visit(person: Person, meeting: MeetingSpec) -> bool:
    """A guest comes from another department than the host's (and from the guest department, when one is set)."""
    if person.department_id is None or person.department_id == meeting.host_id:
        return False
    return meeting.guest_id is None or person.department_id == meeting.guest_id


def propose(meetings: Sequence[MeetingSpec], people: Sequence[Person], start: dt.date, weeks: int,
            away: Iterable[tuple[int, dt.date]] = (), counts: dict[int, int] | None = None
            ) -> list[tuple[int, dt.date, int | None]]:
    """(meeting id, week, guest or None when no one can go) for every occurrence, week by week.

    Each turn goes to the eligible person with the fewest turns so far (then the one with no other visit that week,
    then the agenda's order), so people who may visit the same meetings and are never away differ by at most one
    turn, and nobody is sent to their own team's meeting or in a week they are away."""
    absent = set(away)
    turns = dict(counts or {})
    order = {p.id: i for i, p in enumerate(people)}
    out: list[tuple[int, dt.date, int | None]] = []
    for index, week in enumerate(weeks_of(start, weeks)):
        busy: set[int] = set()
        for meeting in meetings:
            if not meets_in(meeting, index):
                continue
            free = [p for p in people if may_visit(p, meeting) and (p.id, week) not in absent]
            if not free:
                out.append((meeting.id, week, None))
                continue
            chosen = min(free, key=lambda p: (turns.get(p.id, 0), p.id in busy, order[p.id]))
            turns[chosen.id] = turns.get(chosen.id, 0) + 1
            busy.add(chosen.id)
            out.append((meeting.id, week, chosen.id))
    return out
