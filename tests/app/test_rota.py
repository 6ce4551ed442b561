"""The rota's fairness as a property: for any people and weeks, nobody visits their own team's meeting or goes in
a week they are away, and people who may visit the same meetings and are never away differ by at most one turn."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rota import CADENCES, MeetingSpec, Person, may_visit, monday, propose, weeks_of

START = dt.date(2027, 1, 6)  # a Wednesday: the rota starts on that week's Monday
DEPARTMENTS = (1, 2, 3)

people_st = st.lists(st.sampled_from((*DEPARTMENTS, None)), min_size=0, max_size=12).map(
    lambda depts: [Person(i + 1, d) for i, d in enumerate(depts)])
meetings_st = st.lists(st.tuples(st.sampled_from(tuple(CADENCES)), st.sampled_from(DEPARTMENTS),
                                 st.sampled_from((None, *DEPARTMENTS))), min_size=1, max_size=4).map(
    lambda specs: [MeetingSpec(i + 1, cadence, host, guest) for i, (cadence, host, guest) in enumerate(specs)])


@settings(max_examples=300, deadline=None)
@given(people=people_st, meetings=meetings_st, weeks=st.integers(1, 26), data=st.data())
def test_a_proposed_rota_is_fair(people: list[Person], meetings: list[MeetingSpec], weeks: int,
                                 data: st.DataObject) -> None:
    days = weeks_of(START, weeks)
    away = set(data.draw(st.lists(st.tuples(st.sampled_from([p.id for p in people] or [0]), st.sampled_from(days)),
                                  max_size=10)))
    turns = propose(meetings, people, START, weeks, away)
    by_id = {p.id: p for p in people}
    spec = {m.id: m for m in meetings}
    expected = sum(1 for m in meetings for i in range(weeks) if i % CADENCES[m.cadence] == 0)
    assert len(turns) == expected  # every occurrence has a line, with or without a guest
    for meeting_id, week, guest in turns:
        assert week == monday(week) and week in days
        if guest is None:  # only when nobody could go
            assert not [p for p in people if may_visit(p, spec[meeting_id]) and (p.id, week) not in away]
            continue
        assert may_visit(by_id[guest], spec[meeting_id]), "sent to their own team's meeting"
        assert (guest, week) not in away, "sent in a week they are away"
    counts = Counter(guest for _m, _w, guest in turns if guest is not None)
    never_away = {p.id for p in people} - {pid for pid, _w in away}
    groups: dict[frozenset[int], list[int]] = {}
    for p in people:
        if p.id in never_away:
            groups.setdefault(frozenset(m.id for m in meetings if may_visit(p, m)), []).append(counts[p.id])
    for eligible_for, group in groups.items():
        if eligible_for:
            assert max(group) - min(group) <= 1, f"turns {group} for people eligible for {set(eligible_for)}"


def test_eight_weeks_of_two_meetings_share_the_visits() -> None:
    people = [Person(1, 1), Person(2, 1), Person(3, 2), Person(4, 2), Person(5, 2)]
    meetings = [MeetingSpec(1, "weekly", host_id=1), MeetingSpec(2, "every two weeks", host_id=2)]
    turns = propose(meetings, people, START, 8, away={(3, monday(START))})
    assert turns[0] == (1, monday(START), 4)  # person 3 is away in the first week
    assert Counter(g for m, _w, g in turns if m == 1) == {3: 3, 4: 3, 5: 2}
    assert Counter(g for m, _w, g in turns if m == 2) == {1: 2, 2: 2}
