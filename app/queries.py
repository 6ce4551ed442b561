"""Read functions for the screens: each takes a Session (or, marked `core_read`, a connection) and returns small
frozen rows, never ORM objects.

The reads of the later steps (challenges, personas, roles and rota, the SLA) live in `app.later_queries` and are
reached through this module when first named (`queries.personas`), which keeps their row types off the start-up
path: defining a frozen dataclass costs a fraction of a millisecond, and there are dozens. The rows here are named
tuples, and the module has no `from __future__ import annotations`: a named tuple compiles each string annotation.
"""

import datetime as dt
import functools
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Float,
    Integer,
    LargeBinary,
    String,
    TableClause,
    cast,
    column,
    func,
    select,
    table,
)

from app.errors import DamagedFileError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class WorkshopInfo(NamedTuple):
    name: str
    company: str
    held_on: dt.date | None
    facilitator: str


class DepartmentRow(NamedTuple):
    id: int
    name: str


class ParticipantRow(NamedTuple):
    id: int
    name: str
    title: str
    department_id: int | None
    department: str
    is_signatory: bool


class RuleRow(NamedTuple):
    id: int
    text: str


class AgendaRow(NamedTuple):
    step: str
    title: str
    timebox_minutes: int
    id: int = 0
    used_seconds: int = 0  # time spent with the step's countdown running


class GoalRow(NamedTuple):
    id: int
    statement: str
    metric: str
    unit: str
    baseline: float | None
    target: float | None
    deadline: dt.date | None
    data_source: str
    owner_ids: tuple[int, ...]
    owners: str


class ActionRow(NamedTuple):
    """A named tuple rather than a dataclass: a plan can hold tens of thousands, built five times faster."""

    id: int
    title: str
    owner_id: int | None
    owner: str
    team_id: int | None
    team: str
    due_on: dt.date | None
    status: str
    goal_id: int | None
    goal: str
    rivalry_id: int | None = None
    rivalry: str = ""  # the rivalry it answers, when it came from one
    need_id: int | None = None
    need: str = ""  # the need it answers
    parking_id: int | None = None
    parked: str = ""  # the parked point it came from
    challenge_id: int | None = None
    challenge: str = ""  # the challenge it tackles
    theme_id: int | None = None
    theme: str = ""  # the theme of challenges it tackles

    @property
    def source(self) -> tuple[str, Any] | None:
        """Where it came from in the opening steps or the parking lot: (step key or "parking", row id there)."""
        if self.rivalry_id is not None:
            return ("rivalries", self.rivalry_id)
        if self.need_id is not None:
            return ("needs", self.need_id)
        if self.theme_id is not None:
            return ("challenges", ("theme", self.theme_id))
        if self.challenge_id is not None:
            return ("challenges", ("challenge", self.challenge_id))
        if self.parking_id is not None:
            return ("parking", self.parking_id)
        return None

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status in ("open", "in progress")


# The reads of the first screen go through SQLAlchemy Core, on tables described by app.expected_schema (which the
# file check reads anyway): no ORM import, no mapped classes and no mapper configuration before the window has
# painted. Each is marked `core_read`, so Workshop.query hands it a plain connection; a Session works as well.

_READ = TypeVar("_READ", bound=Callable[..., Any])
_KIND_TYPES = {"integer": Integer, "real": Float, "boolean": Boolean, "text": String, "date": Date,
               "blob": LargeBinary}


def core_read(fn: _READ) -> _READ:
    fn.core_read = True  # type: ignore[attr-defined]
    return fn


@functools.cache
def core_table(name: str) -> TableClause:
    """The table `name` of a workshop file at this build's revision, for Core reads. Moments (UTC date-times) are
    left out: they are read through the mapped classes, whose column type gives them back their time zone."""
    from app.expected_schema import EXPECTED

    return table(name, *(column(col, _KIND_TYPES[kind]()) for col, kind in EXPECTED[name].items()
                         if kind in _KIND_TYPES))


@core_read
def workshop_info(s: "Connection | Session") -> WorkshopInfo:
    w = core_table("workshop")
    row = s.execute(select(w.c.name, w.c.company, w.c.held_on, w.c.facilitator).where(w.c.id == 1)).first()
    return WorkshopInfo("", "", None, "") if row is None else WorkshopInfo(*row)


@core_read
def departments(s: "Connection | Session") -> list[DepartmentRow]:
    d = core_table("department")
    rows = s.execute(select(d.c.id, d.c.name).order_by(d.c.position, d.c.id))
    return [DepartmentRow(*r) for r in rows]


@core_read
def participants(s: "Connection | Session") -> list[ParticipantRow]:
    p, d = core_table("participant"), core_table("department")
    q = (select(p.c.id, p.c.name, p.c.title, p.c.department_id, d.c.name, p.c.is_signatory)
         .select_from(p.outerjoin(d, p.c.department_id == d.c.id)).order_by(p.c.position, p.c.id))
    return [ParticipantRow(i, name, title, dept_id, dept or "", bool(signs))
            for i, name, title, dept_id, dept, signs in s.execute(q)]


@core_read
def ground_rules(s: "Connection | Session") -> list[RuleRow]:
    r = core_table("ground_rule")
    return [RuleRow(*row) for row in s.execute(select(r.c.id, r.c.text).order_by(r.c.position, r.c.id))]


@core_read
def agenda(s: "Connection | Session") -> list[AgendaRow]:
    a = core_table("agenda_item")
    q = select(a.c.step, a.c.title, a.c.timebox_minutes, a.c.id, a.c.used_seconds).order_by(a.c.position, a.c.id)
    return [AgendaRow(step, title, minutes, i, used or 0) for step, title, minutes, i, used in s.execute(q)]


@core_read
def goals(s: "Connection | Session") -> list[GoalRow]:
    depts = departments(s)
    names = {d.id: d.name for d in depts}
    order = {d.id: i for i, d in enumerate(depts)}
    owners: dict[int, list[int]] = {}
    link, g = core_table("goal_owner"), core_table("goal")
    for goal_id, dept_id in s.execute(select(link.c.goal_id, link.c.department_id)):
        owners.setdefault(goal_id, []).append(dept_id)
    out = []
    q = (select(g.c.id, g.c.statement, g.c.metric, g.c.unit, g.c.baseline, g.c.target, g.c.deadline,
                g.c.data_source).order_by(g.c.position, g.c.id))
    for row in s.execute(q):
        ids = tuple(sorted(owners.get(row[0], []), key=lambda d: order.get(d, len(order))))
        out.append(GoalRow(*row, ids, " & ".join(names[d] for d in ids)))
    return out


class RivalryRow(NamedTuple):
    id: int
    statement: str
    held_by_id: int | None
    held_by: str  # a department, or "" for both sides
    about_id: int | None
    about: str  # a department, or "" for each other
    severity: int
    response: str
    addressed: bool
    actions: int = 0  # actions on the plan that answer it

    @property
    def who(self) -> str:
        """Who holds it, about whom, as the room says it: "Sales about Marketing", "Both sides"."""
        if not self.held_by:
            return f"Both sides about {self.about}" if self.about else "Both sides"
        return f"{self.held_by} about {self.about}" if self.about else f"{self.held_by} about the others"


@core_read
def rivalries(s: "Connection | Session") -> list[RivalryRow]:
    r, a = core_table("rivalry"), core_table("action")
    held, about = core_table("department").alias("held"), core_table("department").alias("about")
    answered = select(func.count()).where(a.c.rivalry_id == r.c.id).scalar_subquery()
    q = (select(r.c.id, r.c.statement, r.c.held_by_id, held.c.name, r.c.about_id, about.c.name, r.c.severity,
                r.c.response, r.c.addressed, answered)
         .select_from(r.outerjoin(held, r.c.held_by_id == held.c.id).outerjoin(about, r.c.about_id == about.c.id))
         .order_by(r.c.position, r.c.id))
    return [RivalryRow(i, statement, held_id, held_name or "", about_id, about_name or "", severity, response or "",
                       bool(addressed), actions)
            for i, statement, held_id, held_name, about_id, about_name, severity, response, addressed, actions
            in s.execute(q).all()]


class NeedRow(NamedTuple):
    id: int
    text: str
    kind: str  # need | want
    from_id: int | None
    to_id: int | None
    acknowledged_by_id: int | None
    acknowledged_by: str
    actions: int = 0


@core_read
def needs(s: "Connection | Session") -> list[NeedRow]:
    n, a, who = core_table("need"), core_table("action"), core_table("participant")
    answered = select(func.count()).where(a.c.need_id == n.c.id).scalar_subquery()
    q = (select(n.c.id, n.c.text, n.c.kind, n.c.from_id, n.c.to_id, n.c.acknowledged_by_id, who.c.name, answered)
         .select_from(n.outerjoin(who, n.c.acknowledged_by_id == who.c.id))
         .order_by(n.c.position, n.c.id))
    return [NeedRow(i, text, kind, from_id, to_id, ack_id, ack or "", actions)
            for i, text, kind, from_id, to_id, ack_id, ack, actions in s.execute(q).all()]


class ParkedRow(NamedTuple):
    id: int
    text: str
    raised_by_id: int | None
    raised_by: str
    step: str
    outcome: str  # open | resolved | action | carried


@core_read
def parked(s: "Connection | Session") -> list[ParkedRow]:
    p, who = core_table("parking_lot_item"), core_table("participant")
    q = (select(p.c.id, p.c.text, p.c.raised_by_id, who.c.name, p.c.step, p.c.outcome)
         .select_from(p.outerjoin(who, p.c.raised_by_id == who.c.id)).order_by(p.c.position, p.c.id))
    return [ParkedRow(i, text, raised_id, raised or "", step or "", outcome or "open")
            for i, text, raised_id, raised, step, outcome in s.execute(q).all()]


@core_read
def default_goal_owners(s: "Connection | Session") -> list[int]:
    """Goals belong to both sides unless the room says otherwise: Sales and Marketing, or every department."""
    rows = departments(s)
    pair = [d.id for d in rows if d.name.casefold() in ("sales", "marketing")]
    return pair or [d.id for d in rows]


@core_read
def action_count(s: "Connection | Session") -> int:
    return s.scalar(select(func.count()).select_from(core_table("action"))) or 0


@core_read
def actions(s: "Connection | Session", ids: Collection[int] | None = None) -> list[ActionRow]:
    """Every action in plan order, or just those of `ids` (an edit touched them) in one query."""
    owner, team = core_table("participant"), core_table("department")
    goal, rivalry = core_table("goal"), core_table("rivalry")
    need, parked = core_table("need"), core_table("parking_lot_item")
    challenge, theme = core_table("challenge"), core_table("theme")
    a = core_table("action")
    # The due date comes back as ISO text and is parsed by the C date parser: a plan can hold tens of thousands.
    q = (select(a.c.id, a.c.title, a.c.owner_id, owner.c.name, a.c.team_id, team.c.name, cast(a.c.due_on, String),
                a.c.status, a.c.goal_id, goal.c.statement, a.c.rivalry_id, rivalry.c.statement, a.c.need_id,
                need.c.text, a.c.parking_id, parked.c.text, a.c.challenge_id, challenge.c.text, a.c.theme_id,
                theme.c.name)
         .select_from(a.outerjoin(owner, a.c.owner_id == owner.c.id).outerjoin(team, a.c.team_id == team.c.id)
                      .outerjoin(goal, a.c.goal_id == goal.c.id).outerjoin(rivalry, a.c.rivalry_id == rivalry.c.id)
                      .outerjoin(need, a.c.need_id == need.c.id).outerjoin(parked, a.c.parking_id == parked.c.id)
                      .outerjoin(challenge, a.c.challenge_id == challenge.c.id)
                      .outerjoin(theme, a.c.theme_id == theme.c.id))
         .order_by(a.c.position, a.c.id))
    if ids is not None:
        q = q.where(a.c.id.in_(list(ids)))
    day = dt.date.fromisoformat
    try:
        rows = [ActionRow(i, title, owner_id, who or "", team_id, side or "", day(due) if due else None, status,
                          goal_id, served or "", rivalry_id, answers or "", need_id, needed or "", parking_id,
                          parked_text or "", challenge_id, tackles or "", theme_id, theme_name or "")
                for (i, title, owner_id, who, team_id, side, due, status, goal_id, served, rivalry_id, answers,
                     need_id, needed, parking_id, parked_text, challenge_id, tackles, theme_id, theme_name)
                in s.execute(q).all()]
    except (ValueError, TypeError) as exc:  # a due date that is not a date
        raise DamagedFileError(f"The action plan holds a value no edit could have stored ({exc}): the workshop "
                               "file is damaged. Restore it from a backup (File ▸ Restore from Backup).") from exc
    # Too large to scan when the file was opened (see app.opening), so its values are checked as they are read.
    if not all(type(r.title) is str and type(r.status) is str for r in rows):
        raise DamagedFileError("The action plan holds binary data where text belongs: the workshop file is "
                               "damaged. Restore it from a backup (File ▸ Restore from Backup).")
    return rows


_LATER = frozenset({
    "challenge_board", "PersonaRow", "personas", "target_market", "ActivityRow", "activities", "RoleRow", "roles",
    "Qualifier", "qualifier", "MeetingRow", "TurnRow", "RotaBoard", "rota_board", "VersionRow", "StageRow",
    "ClauseRow", "ScoringRow", "CommitmentRow", "SlaView", "sla", "versions", "SignatureRow", "signatures",
    "signatories", "AuditRow", "audit_events", "signoff", "in_force", "version_in_force",
})


def __getattr__(name: str) -> Any:
    if name in _LATER:
        import app.later_queries

        return getattr(app.later_queries, name)
    raise AttributeError(f"module 'app.queries' has no attribute {name!r}")


if TYPE_CHECKING:
    from app.later_queries import *  # noqa: F403
