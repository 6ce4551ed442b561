"""Reads of the later steps: challenges, personas, roles and the rota, the SLA (see `app.queries`, which hands
them out when first named)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.challenges import Board, ChallengeRow, ThemeRow, VoteRow
from app.queries import ParticipantRow, departments, participants
from app.signoff import Block, SignOff, signature_problem
from models import Action, Department, Participant, Workshop


def challenge_board(s: Session) -> Board:
    """The Challenges step in one read: every challenge with its side and theme, the themes, each dot placed."""
    from models import Challenge, Theme, Vote

    c, t, v, a = Challenge.__table__, Theme.__table__, Vote.__table__, Action.__table__
    dept = Department.__table__
    conn = s.connection()
    own = {("challenge", challenge_id) if challenge_id is not None else ("theme", theme_id): dots
           for challenge_id, theme_id, dots in conn.execute(
               select(v.c.challenge_id, v.c.theme_id, func.sum(v.c.dots)).group_by(v.c.challenge_id, v.c.theme_id))}
    made: dict[tuple[str, int], int] = {}
    for challenge_id, theme_id, count in conn.execute(
            select(a.c.challenge_id, a.c.theme_id, func.count())
            .where((a.c.challenge_id.is_not(None)) | (a.c.theme_id.is_not(None)))
            .group_by(a.c.challenge_id, a.c.theme_id)):
        if challenge_id is not None:
            made[("challenge", challenge_id)] = made.get(("challenge", challenge_id), 0) + count
        if theme_id is not None:
            made[("theme", theme_id)] = made.get(("theme", theme_id), 0) + count
    themes = tuple(ThemeRow(i, name, own.get(("theme", i), 0), made.get(("theme", i), 0))
                   for i, name in conn.execute(select(t.c.id, t.c.name).order_by(t.c.position, t.c.id)))
    names = {row.id: row.name for row in themes}
    challenges = tuple(
        ChallengeRow(i, text, dept_id, dept_name or "", theme_id, names.get(theme_id, "") if theme_id else "",
                     own.get(("challenge", i), 0), made.get(("challenge", i), 0))
        for i, text, dept_id, dept_name, theme_id in conn.execute(
            select(c.c.id, c.c.text, c.c.department_id, dept.c.name, c.c.theme_id)
            .select_from(c.outerjoin(dept, c.c.department_id == dept.c.id))
            # A theme's challenges together, themes in the order they were made, those in none last.
            .order_by(c.c.theme_id.is_(None), c.c.theme_id, c.c.position, c.c.id)))
    votes = tuple(VoteRow(*row) for row in conn.execute(
        select(v.c.id, v.c.participant_id, v.c.challenge_id, v.c.theme_id, v.c.dots).order_by(v.c.id)))
    dots_each = s.scalar(select(Workshop.dots_per_person).where(Workshop.id == 1)) or 3
    people = {i: name for i, name in conn.execute(select(Participant.id, Participant.name))}
    departments_ = tuple((d.id, d.name) for d in departments(s))
    return Board(challenges, themes, votes, dots_each, people, departments_)


@dataclass(frozen=True)
class PersonaRow:
    id: int
    name: str
    role: str
    industry: str
    size_band: str
    region: str
    company_profile: str
    goals: str
    pains: str
    objections: str
    channels: str
    buying_triggers: str
    fit_criteria: str
    owner_ids: tuple[int, ...] = ()
    owners: tuple[str, ...] = ()  # their names
    sides: tuple[str, ...] = ()  # the departments the owners come from, in the agenda's order

    @property
    def company(self) -> str:
        return " · ".join(part for part in (self.industry, self.size_band, self.region) if part)

    @property
    def ownership_problem(self) -> str:
        """Why the owning team is not a joint one, or "" when people of two or more departments own it."""
        if not self.owner_ids:
            return "No owners yet: name someone from each side."
        if len(self.sides) < 2:
            side = self.sides[0] if self.sides else "one side"
            return f"Owned by {side} only: add someone from the other side."
        return ""


def personas(s: Session) -> list[PersonaRow]:
    from models import Persona, PersonaOwner

    people = {p.id: p for p in participants(s)}
    seat = {person_id: i for i, person_id in enumerate(people)}  # owners in Setup's order of participants
    order = {d.id: i for i, d in enumerate(departments(s))}
    owners: dict[int, list[int]] = {}
    for persona_id, participant_id in s.execute(select(PersonaOwner.persona_id, PersonaOwner.participant_id)):
        owners.setdefault(persona_id, []).append(participant_id)
    p = Persona.__table__
    out = []
    for row in s.connection().execute(
            select(p.c.id, p.c.name, p.c.role, p.c.industry, p.c.size_band, p.c.region, p.c.company_profile,
                   p.c.goals, p.c.pains, p.c.objections, p.c.channels, p.c.buying_triggers, p.c.fit_criteria)
            .order_by(p.c.position, p.c.id)):
        ids = tuple(sorted(owners.get(row.id, ()), key=lambda i: seat.get(i, 0)))
        depts = {people[i].department_id: people[i].department for i in ids if people[i].department_id is not None}
        sides = tuple(name for dept_id, name in sorted(depts.items(), key=lambda d: order.get(d[0], 0)))
        out.append(PersonaRow(*(v if v is not None else "" for v in row), owner_ids=ids,  # type: ignore[arg-type]
                              owners=tuple(people[i].name for i in ids), sides=sides))
    return out


def target_market(s: Session) -> str:
    return s.scalar(select(Workshop.target_market).where(Workshop.id == 1)) or ""


@dataclass(frozen=True)
class ActivityRow:
    """A row of the RACI matrix: the activity and each participant's letter."""

    id: int
    name: str
    description: str
    cells: tuple[tuple[int, int, str], ...] = ()  # (participant id, assignment id, letter)

    def letter_of(self, participant_id: int) -> str:
        return next((letter for pid, _a, letter in self.cells if pid == participant_id), "")

    def assignment_of(self, participant_id: int) -> int | None:
        return next((a for pid, a, _letter in self.cells if pid == participant_id), None)

    @property
    def problem(self) -> str:
        """Why the row breaks the RACI rule (exactly one A, at least one R), or "" when it keeps it."""
        letters = [letter for _p, _a, letter in self.cells]
        accountable, responsible = letters.count("A"), letters.count("R")
        problems = []
        if accountable == 0:
            problems.append("no one is Accountable (A)")
        elif accountable > 1:
            problems.append(f"{accountable} people are Accountable (A): exactly one must be")
        if responsible == 0:
            problems.append("no one is Responsible (R)")
        text = "; ".join(problems)
        return text[:1].upper() + text[1:]


def activities(s: Session) -> list[ActivityRow]:
    from models import Activity, RaciAssignment

    cells: dict[int, list[tuple[int, int, str]]] = {}
    r = RaciAssignment.__table__
    for assignment, activity_id, participant_id, letter in s.connection().execute(
            select(r.c.id, r.c.activity_id, r.c.participant_id, r.c.role).order_by(r.c.id)):
        cells.setdefault(activity_id, []).append((participant_id, assignment, letter))
    a = Activity.__table__
    return [ActivityRow(i, name, description or "", tuple(cells.get(i, ())))
            for i, name, description in s.connection().execute(
                select(a.c.id, a.c.name, a.c.description).order_by(a.c.position, a.c.id))]


@dataclass(frozen=True)
class RoleRow:
    id: int
    name: str
    department_id: int | None
    department: str
    holder_id: int | None
    holder: str


def roles(s: Session) -> list[RoleRow]:
    from models import Role

    r, d, p = Role.__table__, Department.__table__, Participant.__table__
    q = (select(r.c.id, r.c.name, r.c.department_id, d.c.name, r.c.holder_id, p.c.name)
         .select_from(r.outerjoin(d, r.c.department_id == d.c.id).outerjoin(p, r.c.holder_id == p.c.id))
         .order_by(r.c.position, r.c.id))
    return [RoleRow(i, name, dept_id, dept or "", holder_id, holder or "")
            for i, name, dept_id, dept, holder_id, holder in s.connection().execute(q)]


@dataclass(frozen=True)
class Qualifier:
    department_id: int | None
    department: str
    reason: str


def qualifier(s: Session) -> Qualifier:
    w, d = Workshop.__table__, Department.__table__
    row = s.connection().execute(select(w.c.qualifier_department_id, d.c.name, w.c.qualifier_reason)
                                 .select_from(w.outerjoin(d, w.c.qualifier_department_id == d.c.id))
                                 .where(w.c.id == 1)).first()
    return Qualifier(row[0], row[1] or "", row[2] or "") if row else Qualifier(None, "", "")


@dataclass(frozen=True)
class MeetingRow:
    id: int
    name: str
    cadence: str
    host_id: int | None
    host: str
    guest_id: int | None
    guest: str  # the department that sends guests, or "" for any other
    attendee_ids: tuple[int, ...] = ()
    attendees: str = ""


@dataclass(frozen=True)
class TurnRow:
    id: int
    meeting_id: int
    meeting: str
    week: dt.date
    participant_id: int | None
    participant: str


@dataclass(frozen=True)
class RotaBoard:
    meetings: tuple[MeetingRow, ...]
    turns: tuple[TurnRow, ...]
    people: tuple[ParticipantRow, ...]
    absences: frozenset[tuple[int, dt.date]]
    start: dt.date | None
    weeks: int

    def turns_of(self, participant_id: int) -> int:
        return sum(t.participant_id == participant_id for t in self.turns)


def rota_board(s: Session) -> RotaBoard:
    from models import Absence, Meeting, MeetingAttendee, RotaTurn

    people = tuple(participants(s))
    names = {p.id: p.name for p in people}
    depts = {d.id: d.name for d in departments(s)}
    attending: dict[int, list[int]] = {}
    for meeting_id, participant_id in s.execute(select(MeetingAttendee.meeting_id, MeetingAttendee.participant_id)):
        attending.setdefault(meeting_id, []).append(participant_id)
    m = Meeting.__table__
    meetings = []
    for i, name, cadence, host_id, guest_id in s.connection().execute(
            select(m.c.id, m.c.name, m.c.cadence, m.c.host_id, m.c.guest_id).order_by(m.c.position, m.c.id)):
        ids = tuple(p.id for p in people if p.id in attending.get(i, ()))
        meetings.append(MeetingRow(i, name, cadence or "weekly", host_id, depts.get(host_id, ""), guest_id,
                                   depts.get(guest_id, ""), ids, ", ".join(names[p] for p in ids)))
    titles = {row.id: row.name for row in meetings}
    t = RotaTurn.__table__
    turns = tuple(TurnRow(i, meeting_id, titles.get(meeting_id, ""), week, pid, names.get(pid, "") if pid else "")
                  for i, meeting_id, week, pid in s.connection().execute(
                      select(t.c.id, t.c.meeting_id, t.c.week, t.c.participant_id).order_by(t.c.week, t.c.id)))
    a = Absence.__table__
    absences = frozenset((pid, week) for pid, week in s.connection().execute(select(a.c.participant_id, a.c.week)))
    w = s.connection().execute(select(Workshop.rota_start, Workshop.rota_weeks).where(Workshop.id == 1)).first()
    return RotaBoard(tuple(meetings), turns, people, absences, w[0] if w else None, (w[1] if w else 8) or 8)


@dataclass(frozen=True)
class VersionRow:
    id: int
    number: int
    status: str  # stored: draft | signed | superseded
    review_on: dt.date | None
    mql_threshold: int | None = None
    decay_points: int | None = None
    decay_days: int | None = None
    based_on_id: int | None = None
    based_on_number: int | None = None
    signatures: int = 0
    locked_at: dt.datetime | None = None
    content_hash: str = ""  # kept when the version is locked

    @property
    def state(self) -> str:
        """What the room is told: draft, partly signed, signed or superseded."""
        if self.status == "draft" and self.signatures:
            return "partly signed"
        return self.status

    @property
    def editable(self) -> bool:
        return self.state == "draft"


@dataclass(frozen=True)
class StageRow:
    id: int
    name: str
    definition: str
    entry_rule: str
    owner_id: int | None
    owner: str


@dataclass(frozen=True)
class ClauseRow:
    id: int
    section: str
    title: str
    body: str


@dataclass(frozen=True)
class ScoringRow:
    id: int
    kind: str  # attribute | behaviour
    description: str
    points: int


@dataclass(frozen=True)
class CommitmentRow:
    id: int
    department_id: int | None
    side: str
    text: str
    metric: str
    comparison: str
    target: float | None
    unit: str
    period: str
    owner_id: int | None
    owner: str

    @property
    def problem(self) -> str:
        from app.sla import commitment_problem

        return commitment_problem(self)


@dataclass(frozen=True)
class SlaView:
    """One version of the agreement with its funnel and clauses (version None before the room starts one)."""

    version: VersionRow | None
    stages: tuple[StageRow, ...] = ()
    clauses: tuple[ClauseRow, ...] = ()
    rules: tuple[ScoringRow, ...] = ()
    commitments: tuple[CommitmentRow, ...] = ()


def versions(s: Session) -> list[VersionRow]:
    """Every version, newest first, with how many signatures each holds."""
    from models import Signature, SlaVersion

    v, sig = SlaVersion.__table__, Signature.__table__
    base = v.alias("base")
    count = select(func.count()).where(sig.c.version_id == v.c.id).scalar_subquery()
    return [VersionRow(*row) for row in s.connection().execute(
        select(v.c.id, v.c.number, v.c.status, v.c.review_on, v.c.mql_threshold, v.c.decay_points, v.c.decay_days,
               v.c.based_on_id, base.c.number, count, v.c.locked_at, v.c.content_hash)
        .select_from(v.outerjoin(base, v.c.based_on_id == base.c.id)).order_by(v.c.number.desc()))]


def in_force(versions: list[VersionRow]) -> VersionRow | None:
    """Of versions newest first: the signed one (not superseded), else the newest; None before any."""
    return next((v for v in versions if v.status == "signed"), versions[0] if versions else None)


def version_in_force(s: Session) -> int | None:
    """The id of the version exports show by default (see `in_force`)."""
    chosen = in_force(versions(s))
    return chosen.id if chosen else None


def sla(s: Session, version_id: int | None = None) -> SlaView:
    """The version `version_id`, or the newest when None (or when that version is gone)."""
    from models import Commitment, FunnelStage, ScoringRule, SlaClause

    all_versions = versions(s)
    version = next((r for r in all_versions if r.id == version_id), all_versions[0] if all_versions else None)
    if version is None:
        return SlaView(None)
    st, d, c = FunnelStage.__table__, Department.__table__, SlaClause.__table__
    stages = tuple(StageRow(i, name, definition or "", rule or "", owner_id, owner or "")
                   for i, name, definition, rule, owner_id, owner in s.connection().execute(
                       select(st.c.id, st.c.name, st.c.definition, st.c.entry_rule, st.c.owner_id, d.c.name)
                       .select_from(st.outerjoin(d, st.c.owner_id == d.c.id))
                       .where(st.c.version_id == version.id).order_by(st.c.position, st.c.id)))
    rows = [ClauseRow(i, section, title, body or "") for i, section, title, body in s.connection().execute(
        select(c.c.id, c.c.section, c.c.title, c.c.body).where(c.c.version_id == version.id)
        .order_by(c.c.position, c.c.id))]
    # Sections stand in the order of their first clause; each keeps its clauses together, in their order.
    first: dict[str, int] = {}
    for n, r in enumerate(rows):
        first.setdefault(r.section, n)
    rows.sort(key=lambda r: first[r.section])  # stable
    sr, cm, who = ScoringRule.__table__, Commitment.__table__, Participant.__table__
    rules = tuple(ScoringRow(*r) for r in s.connection().execute(
        select(sr.c.id, sr.c.kind, sr.c.description, sr.c.points).where(sr.c.version_id == version.id)
        .order_by(sr.c.position, sr.c.id)))
    commitments = tuple(
        CommitmentRow(i, dept_id, side or "", text, metric or "", comparison or "at least", target, unit or "",
                      period or "", owner_id, owner or "")
        for i, dept_id, side, text, metric, comparison, target, unit, period, owner_id, owner in s.connection().execute(
            select(cm.c.id, cm.c.department_id, d.c.name, cm.c.text, cm.c.metric, cm.c.comparison, cm.c.target,
                   cm.c.unit, cm.c.period, cm.c.owner_id, who.c.name)
            .select_from(cm.outerjoin(d, cm.c.department_id == d.c.id).outerjoin(who, cm.c.owner_id == who.c.id))
            .where(cm.c.version_id == version.id).order_by(cm.c.position, cm.c.id)))
    return SlaView(version, stages, tuple(rows), rules, commitments)


@dataclass(frozen=True)
class SignatureRow:
    id: int
    version_id: int
    participant_id: int | None
    typed_name: str
    title: str
    signed_at: dt.datetime
    signed_on: dt.date | None
    image_png: bytes
    image_sha256: str
    content_hash: str


def signatures(s: Session, version_id: int) -> list[SignatureRow]:
    from models import Signature

    sig = Signature.__table__
    return [SignatureRow(i, v, p, name, title or "", at, on, png or b"", image or "", digest)
            for i, v, p, name, title, at, on, png, image, digest in s.connection().execute(
                select(sig.c.id, sig.c.version_id, sig.c.participant_id, sig.c.typed_name, sig.c.title,
                       sig.c.signed_at, sig.c.signed_on, sig.c.image_png, sig.c.image_sha256, sig.c.content_hash)
                .where(sig.c.version_id == version_id).order_by(sig.c.signed_at, sig.c.id))]


def signatories(s: Session) -> list[ParticipantRow]:
    """Who signs the agreement (marked in Setup), in the participants' order."""
    return [p for p in participants(s) if p.is_signatory]


@dataclass(frozen=True)
class AuditRow:
    seq: int
    kind: str
    actor: str
    at: dt.datetime
    payload: str
    prev_hash: str
    event_hash: str


def audit_events(s: Session) -> tuple[list[AuditRow], str, int]:
    """The audit trail in order, with the head hash and count the workshop keeps as its anchor."""
    from models import AuditEvent

    a = AuditEvent.__table__
    events = [AuditRow(*r) for r in s.connection().execute(
        select(a.c.seq, a.c.kind, a.c.actor, a.c.at, a.c.payload, a.c.prev_hash, a.c.event_hash).order_by(a.c.seq))]
    head = s.connection().execute(select(Workshop.audit_head, Workshop.audit_count).where(Workshop.id == 1)).first()
    return events, (head[0] or "") if head else "", (head[1] or 0) if head else 0


def signoff(s: Session, version_id: int | None = None) -> SignOff:
    """The sign-off page of a version (the newest when None): each signatory's block with their signature and
    whether it still holds, and whether the audit trail is intact."""
    from app import audit
    from app.sla_hash import content_hash

    view = sla(s, version_id)
    if view.version is None:
        return SignOff(view, "")
    digest = content_hash(view)
    made = signatures(s, view.version.id)
    by_person = {sig.participant_id: sig for sig in made}
    people = signatories(s)
    blocks = tuple(Block(p, by_person.get(p.id), signature_problem(by_person[p.id], digest) if p.id in by_person
                         else "") for p in people)
    current = {p.id for p in people}
    others = tuple(Block(None, sig, signature_problem(sig, digest))
                   for sig in made if sig.participant_id not in current)
    events, head, count = audit_events(s)
    return SignOff(view, digest, blocks, others, audit.verify(events, head, count), tuple(events))
