"""The SLA PDF as a service: what a department head files, sealed when the version is validly signed, and checking
such a PDF offline.

Qt-free. `export_workshop_pdf` reads everything it shows in one `workshop.query` into plain rows (so it can run on
a worker thread), decides the document's standing (draft, partly signed, signed, superseded, or invalid: signatures
that no longer match the content, or a broken audit trail), lays it out with exports.pdf and, for a validly signed
version, seals it with the workshop's own key (app.seal, exports.pdf_seal). An invalid agreement is never made to
look signed: every page says so in red, and it is not sealed. The headless functions are what the command line calls.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import queries
from app.errors import WorkshopError
from app.seal import SealMaterial, seal_key
from app.sla import meetings_sentence, section_title
from app.sla_hash import FORMAT, short
from app.workshop import Workshop
from exports import pdf as P

Progress = Callable[[int, int], None]

# Document information keys every SLA PDF carries, so `verify_pdf` (or anyone) can read what it claims to be.
KEY_VERSION = "CommonGroundSLAVersion"
KEY_HASH = "CommonGroundContentHash"
KEY_STATE = "CommonGroundState"  # draft | partly signed | signed | superseded | invalid
KEY_FORMAT = "CommonGroundHashFormat"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
RACI_PEOPLE_PER_TABLE = 7  # beyond this the columns get too narrow to read a name: the matrix continues below
RACI_LEGEND = (
    "R = Responsible (does the work), A = Accountable (exactly one per activity), C = Consulted, I = Informed.")


class PdfError(WorkshopError):
    title = "SLA PDF"


@dataclass(frozen=True)
class PdfOptions:
    version_id: int | None = None  # None: the version in force (the newest signed one), else the newest
    paper: str = "A4"  # A4 | Letter


@dataclass(frozen=True)
class Verification:
    ok: bool
    lines: list[str]  # one sentence per check, in the order they ran
    content_hash: str | None = None
    version: int | None = None


version_in_force = queries.version_in_force  # where the query lives; kept here for callers of this module


# -- reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfContent:
    """Everything the PDF shows, read in one transaction; nothing here touches the database again."""

    info: Any  # queries.WorkshopInfo
    board: Any  # queries.SignOff of the chosen version
    people: tuple[Any, ...]  # queries.ParticipantRow, Setup's order
    goals: tuple[Any, ...] = ()
    personas: tuple[Any, ...] = ()
    activities: tuple[Any, ...] = ()
    rota: Any = None  # queries.RotaBoard
    seal: SealMaterial | None = None


def read_content(s: Session, options: PdfOptions) -> PdfContent:
    version_id = options.version_id if options.version_id is not None else version_in_force(s)
    if version_id is None:
        raise PdfError("There is no SLA to export yet: start it on the SLA step.")
    if options.version_id is not None and all(v.id != version_id for v in queries.versions(s)):
        raise PdfError("That version of the SLA is no longer in the workshop.")
    board = queries.signoff(s, version_id)
    return PdfContent(queries.workshop_info(s), board, tuple(queries.participants(s)), tuple(queries.goals(s)),
                      tuple(queries.personas(s)), tuple(a for a in queries.activities(s) if a.cells),
                      queries.rota_board(s), seal_key(s))


# -- the standing of the version -----------------------------------------------------------------------------


def long_date(d: dt.date | None) -> str:
    """4 January 2027: one form whatever the machine's locale."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else ""


@dataclass(frozen=True)
class Standing:
    state: str  # draft | partly signed | signed | superseded
    invalid: bool
    reasons: tuple[str, ...]  # why it is invalid
    locked: bool  # every signatory signed and the version was locked
    status_line: str
    tone: str
    marking: P.Marking
    seal_refusal: str  # why the PDF is not sealed, or "" when it is


def standing(content: PdfContent) -> Standing:
    board = content.board
    v = board.view.version
    state = v.state
    reasons: list[str] = []
    if board.locked_content_changed:
        reasons.append("the agreement's content changed after it was signed and locked")
    if any(b.problem for b in board.blocks + board.others):
        reasons.append("signatures no longer match the agreement's content")
    if board.audit_problem:
        reasons.append(f"the audit trail is broken ({board.audit_problem.rstrip('.')})")
    invalid = bool(reasons)
    locked = v.locked_at is not None and bool(v.content_hash)
    signed_on = long_date(v.locked_at.date()) if v.locked_at else ""
    n_sign = len(board.blocks)
    if state == "draft":
        status, tone = "Draft — not signed", "draft"
    elif state == "partly signed":
        status, tone = f"Partly signed ({board.signed} of {n_sign}) — not in force", "draft"
    elif state == "signed":
        status, tone = f"Signed on {signed_on}", "ok"
    elif locked:
        status, tone = f"Signed on {signed_on}; superseded by a later signed version", "muted"
    else:
        status, tone = "Superseded before every signatory signed — never in force", "muted"
    number = v.number
    if invalid:
        why = "; ".join(reasons)
        status = f"INVALID — {why[:1].upper() + why[1:]} (was: {status})"
        band = (f"INVALID — version {number} was changed after it was signed: its signatures do not hold"
                if board.locked_content_changed or any(b.problem for b in board.blocks + board.others)
                else f"INVALID — the audit trail of version {number} is broken: its signatures cannot be trusted")
        marking = P.Marking(band=band, tone="danger",
                            warning="Warning: do not rely on this document as a signed agreement — "
                                    "the signatures shown are INVALID.",
                            watermark="INVALID — NOT VALIDLY SIGNED")
        tone = "danger"
    elif state in ("draft", "partly signed"):
        detail = ("it binds no one until every signatory signs" if state == "draft"
                  else f"{board.signed} of {n_sign} signatories have signed; it binds no one until all have")
        marking = P.Marking(band=f"DRAFT — NOT SIGNED · Version {number} is "
                                 f"{'a draft' if state == 'draft' else state}: {detail}", tone="draft",
                            watermark="DRAFT — NOT SIGNED")
    elif state == "superseded" and not locked:
        marking = P.Marking(band=f"SUPERSEDED — NOT SIGNED · Version {number} was replaced before every "
                                 "signatory signed", tone="muted", watermark="NOT SIGNED — SUPERSEDED")
    elif state == "superseded":
        marking = P.Marking(band=f"SUPERSEDED · Version {number} was signed, then replaced by a later signed "
                                 "version: it is no longer in force", tone="muted")
    else:
        marking = P.Marking()
    if invalid:
        refusal = "its signatures do not hold"
    elif not locked:
        refusal = (f"version {number} is {'a draft' if state == 'draft' else state}, not signed by every "
                   "signatory")
    elif content.seal is None:
        refusal = ("the workshop was signed before Common Ground sealed its PDFs, so it has no seal key (the next "
                   "version signed gets one)")
    else:
        refusal = ""
    return Standing(state, invalid, tuple(reasons), locked, status, tone, marking, refusal)


# -- composing the document ----------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _target(c: Any) -> str:
    period = c.period.strip()
    if period and not period.lower().startswith(("per ", "each ", "every ", "a ", "an ")):
        period = f"per {period}"
    return " ".join(p for p in (_number(c.target), c.unit, period) if p)


def _agreement(content: PdfContent) -> list[Any]:
    view = content.board.view
    v = view.version
    out: list[Any] = []
    part = 0

    def heading(text: str) -> None:
        nonlocal part
        part += 1
        out.append(P.Heading(f"{part}. {text}"))

    if view.stages:
        heading("Shared funnel and terms")
        out.append(P.Text("The stages both sides use, what each means, and the rule that moves a lead into it.",
                          "note"))
        out.append(P.Grid((P.Column("Stage", 1.0), P.Column("Definition", 2.4), P.Column("Enters when", 2.1),
                           P.Column("Owned by", 0.9)),
                          [(s.name, s.definition, s.entry_rule, s.owner or "Both sides") for s in view.stages]))
    for section, clauses in groupby(view.clauses, key=lambda c: c.section):
        heading(section_title(section))
        out.extend(P.Clause(c.title, c.body) for c in clauses)
        if section == "reporting" and content.rota is not None and content.rota.meetings:
            out.append(P.Text(meetings_sentence(content.rota.meetings), label="In these meetings:"))
    if view.rules or v.mql_threshold is not None:
        heading("Lead scoring")
        if view.rules:
            out.append(P.Grid((P.Column("Rule", 4.2), P.Column("Kind", 1.1), P.Column("Points", 0.7, "RIGHT")),
                              [(r.description, r.kind, f"{r.points:+d}") for r in view.rules]))
        if v.mql_threshold is not None:
            out.append(P.Text(f"A lead becomes a marketing-qualified lead (MQL) at {v.mql_threshold} points or "
                              "more.", label="MQL threshold:"))
        if v.decay_points and v.decay_days:
            out.append(P.Text(f"a lead loses {v.decay_points} points for every {v.decay_days} days without "
                              "activity.", label="Score decay:"))
    if view.commitments:
        heading("Commitments")
        sides: dict[str, list[Any]] = {}
        for c in view.commitments:  # each side once, in the order the sides first appear
            sides.setdefault(c.side or "Both sides", []).append(c)
        for side, items in sides.items():
            out.append(P.Heading(f"{side} commits to", level=2))
            out.append(P.Grid((P.Column("Commitment", 2.5), P.Column("Metric", 1.5), P.Column("Comparison", 1.1),
                               P.Column("Target", 1.3), P.Column("Owner", 1.0)),
                              [(c.text, c.metric, c.comparison, _target(c), c.owner or "—") for c in items]))
    heading("Review")
    out.append(P.Text(long_date(v.review_on) if v.review_on else "not set", label="Review date:"))
    if v.review_on:
        out.append(P.Text("Both sides review this agreement together on that date, and agree any change as a new "
                          "version signed by every signatory.", "note"))
    return out


def _goals(goals: tuple[Any, ...]) -> list[Any]:
    def kpi(g: Any) -> str:
        unit = f" {g.unit}" if g.unit else ""
        if g.baseline is not None and g.target is not None:
            return f"{_number(g.baseline)} → {_number(g.target)}{unit}"
        if g.target is not None:
            return f"target {_number(g.target)}{unit}"
        return f"from {_number(g.baseline)}{unit}" if g.baseline is not None else ""

    return [P.Grid((P.Column("Goal", 2.4), P.Column("Metric", 1.6), P.Column("Baseline → target", 1.2),
                    P.Column("Deadline", 0.95), P.Column("Data source", 1.2), P.Column("Owners", 1.0)),
                   [(g.statement, g.metric, kpi(g), long_date(g.deadline), g.data_source, g.owners)
                    for g in goals])]


def _personas(personas: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for p in personas:
        out.append(P.Heading(p.name, level=2))
        pairs = [(label, value) for label, value in (
            ("Role", p.role), ("Company", p.company), ("Company profile", p.company_profile), ("Goals", p.goals),
            ("Pains", p.pains), ("Objections", p.objections), ("Channels", p.channels),
            ("Buying triggers", p.buying_triggers), ("Fit criteria", p.fit_criteria),
            ("Owners", ", ".join(p.owners))) if value]
        out.append(P.Fields(tuple(pairs)) if pairs else P.Text("No profile yet.", "note"))
    return out


def _raci(activities: tuple[Any, ...], people: tuple[Any, ...]) -> list[Any]:
    involved = [p for p in people if any(a.letter_of(p.id) for a in activities)]
    out: list[Any] = [P.Text(RACI_LEGEND, "note")]
    chunks = [involved[i:i + RACI_PEOPLE_PER_TABLE] for i in range(0, len(involved), RACI_PEOPLE_PER_TABLE)]
    for n, chunk in enumerate(chunks, 1):
        if len(chunks) > 1:
            out.append(P.Heading(f"People {chunk[0].name} to {chunk[-1].name} ({n} of {len(chunks)})", level=2))
        columns = (P.Column("Activity", 2.6),
                   *(P.Column(f"{p.name}\n{p.department}" if p.department else p.name, 1.0, "CENTER")
                     for p in chunk))
        out.append(P.Grid(columns, [(a.name, *(a.letter_of(p.id) for p in chunk)) for a in activities],
                          compact=True))
    problems = [(a.name, a.problem) for a in activities if a.problem]
    if problems:
        out.append(P.Text("; ".join(f"{name}: {why}" for name, why in problems), "note",
                          label="Still to settle:"))
    return out


def _rota(board: Any) -> list[Any]:
    out: list[Any] = []
    if board.meetings:
        out.append(P.Grid((P.Column("Meeting", 1.6), P.Column("Cadence", 0.8), P.Column("Host team", 1.0),
                           P.Column("Guests from", 1.0), P.Column("Attendees", 2.6)),
                          [(m.name, m.cadence, m.host, m.guest or "any other team", m.attendees)
                           for m in board.meetings]))
    if board.turns:
        out.append(P.Heading("Who goes, week by week", level=2))
        out.append(P.Grid((P.Column("Week of", 1.0), P.Column("Meeting", 2.0), P.Column("Who goes", 2.0)),
                          [(long_date(t.week), t.meeting, t.participant or "—") for t in board.turns]))
    return out


def _appendix(content: PdfContent) -> list[Any]:
    parts: list[tuple[str, list[Any]]] = []
    if content.goals:
        parts.append(("Shared goals and KPIs", _goals(content.goals)))
    if content.personas:
        parts.append(("Personas", _personas(content.personas)))
    if content.activities:
        parts.append(("Roles and responsibilities (RACI)", _raci(content.activities, content.people)))
    if content.rota is not None and (content.rota.meetings or content.rota.turns):
        parts.append(("Meeting rota", _rota(content.rota)))
    out: list[Any] = []
    for i, (title, blocks) in enumerate(parts):
        if i == 0:
            out.append(P.NewPage())
        out.append(P.Heading(f"Appendix {chr(ord('A') + i)} — {title}"))
        out.extend(blocks)
    return out


def _signing(content: PdfContent, st: Standing) -> tuple[Any, ...]:
    """The blocks of the signature page: every signatory of an open version; once locked, those who signed it
    (someone named a signatory in Setup later was never asked to sign this version)."""
    blocks = content.board.blocks + content.board.others
    return tuple(b for b in blocks if b.signature is not None) if st.locked else blocks


def _signature_page(content: PdfContent, st: Standing) -> list[Any]:
    board = content.board
    v = board.view.version
    out: list[Any] = [P.NewPage(), P.Heading("Signatures")]
    out.append(P.Text(f"By signing, each signatory agrees to version {v.number} of this service level agreement as "
                      "set out on the pages before, identified by the content hash below.", "lead"))
    for b in _signing(content, st):
        person, sig = b.participant, b.signature
        problem = b.problem or (f"Invalid: {board.audit_problem}" if board.audit_problem and sig else "")
        if sig is None:
            verdict = "NOT SIGNED YET"
        else:
            verdict = "INVALID" if problem else "SIGNED"
        name = sig.typed_name if sig is not None else person.name
        title = sig.title if sig is not None else person.title
        department = person.department if person is not None else "(no longer a signatory in Setup)"
        signed_on = long_date(sig.signed_on or sig.signed_at.date()) if sig is not None else ""
        out.append(P.SignatureBlock(name, title, department, signed_on, sig.image_png if sig is not None else None,
                                    verdict, problem))
    if not _signing(content, st):
        out.append(P.Text("No signatories are named in Setup yet.", "note"))
    out.append(P.Heading("Content hash", level=2))
    out.append(P.Text(f"SHA-256 over the agreement's content in the canonical form “{FORMAT}”: the funnel, every "
                      "clause, the scoring rules and threshold, the commitments and the review date. Any change "
                      "to them gives another hash.", "note"))
    out.append(P.Text(short(board.digest), "short_hash"))
    out.append(P.Text(board.digest, "hash", label="Full hash:"))
    if board.locked_content_changed:
        out.append(P.Text(v.content_hash, "hash", label="Hash when it was signed (no longer matches):"))
    events = len(board.trail)
    head = board.trail[-1].event_hash if board.trail else ""
    if board.audit_problem:
        out.append(P.Text(f"BROKEN — {board.audit_problem}", "hash", label="Audit trail:"))
    else:
        out.append(P.Text(f"intact, {events} event{'s' if events != 1 else ''}"
                          + (f"; latest event hash {head}" if head else ""), "hash", label="Audit trail:"))
    out.append(P.Heading("Seal", level=2))
    if st.seal_refusal:
        out.append(P.Text(f"This PDF is not sealed: {st.seal_refusal}.", label="Not sealed."))
    else:
        workshop = content.info.name or "this workshop"
        out.append(P.Text(
            f"This PDF carries a digital seal (a PAdES signature) made with the key of the workshop file "
            f"“{workshop}”. The seal shows any change made to this PDF after export. The signer is the workshop file "
            "itself, not a certification authority, so a PDF reader may call the seal's signer unknown; Common "
            "Ground's Verify PDF checks the seal, and with the workshop file, that it came from that file.",
            label="Sealed."))
        out.append(P.Text(f"Version {v.number}; content hash {board.digest}; seal certificate SHA-256 "
                          f"{content.seal.fingerprint if content.seal else ''}.", "note"))
    return out


def compose(content: PdfContent, options: PdfOptions) -> tuple[P.Document, Standing]:
    board = content.board
    v = board.view.version
    st = standing(content)
    info = content.info
    title_page = P.TitlePage(
        "Service level agreement", info.company, info.name, long_date(info.held_on), f"Version {v.number}",
        st.status_line, st.tone,
        tuple((b.signature.typed_name if b.signature else b.participant.name,
               b.signature.title if b.signature else b.participant.title,
               b.participant.department if b.participant else "") for b in _signing(content, st)))
    blocks = [title_page, *_agreement(content), *_appendix(content), *_signature_page(content, st)]
    state = "invalid" if st.invalid else st.state
    company = info.company or info.name or "Common Ground"
    doc = P.Document(
        title=f"Service level agreement, version {v.number} — {info.company or info.name}".rstrip(" —"),
        author=info.company or info.facilitator, subject=f"SLA version {v.number} ({state})",
        header_left=f"{company} · Service level agreement",
        header_right=f"SLA version {v.number} · {'INVALID' if st.invalid else st.state}",
        footer_left=f"Content hash {short(board.digest)}", blocks=tuple(blocks), marking=st.marking,
        paper=options.paper,
        info={KEY_VERSION: str(v.number), KEY_HASH: board.digest, KEY_STATE: state, KEY_FORMAT: FORMAT},
        keywords=f"service level agreement, version {v.number}, {state}")
    return doc, st


# -- characters the font cannot draw --------------------------------------------------------------------------


def _user_texts(content: PdfContent) -> Iterator[tuple[str, str]]:
    info, view = content.info, content.board.view
    yield "company", info.company
    yield "workshop name", info.name
    for b in content.board.blocks + content.board.others:
        if b.participant is not None:
            yield "signatory name", b.participant.name
            yield "signatory title", b.participant.title
            yield "department", b.participant.department
        if b.signature is not None:
            yield "signatory name", b.signature.typed_name
            yield "signatory title", b.signature.title
    for s in view.stages:
        yield "funnel stage", s.name
        yield f"funnel stage {s.name}", s.definition
        yield f"funnel stage {s.name}", s.entry_rule
        yield "funnel stage owner", s.owner
    for c in view.clauses:
        yield "section", section_title(c.section)
        yield "clause title", c.title
        yield f"clause {c.title}", c.body
    for r in view.rules:
        yield "scoring rule", r.description
    for c in view.commitments:
        for text in (c.side, c.text, c.metric, c.unit, c.period, c.owner):
            yield "commitment", text
    for g in content.goals:
        for text in (g.statement, g.metric, g.unit, g.data_source, g.owners):
            yield "goal", text
    for p in content.personas:
        for text in (p.name, p.role, p.company, p.company_profile, p.goals, p.pains, p.objections, p.channels,
                     p.buying_triggers, p.fit_criteria, *p.owners):
            yield "persona", text
    for a in content.activities:
        yield "RACI activity", a.name
    for p in content.people:
        yield "participant", p.name
    if content.rota is not None:
        for m in content.rota.meetings:
            yield "meeting", m.name
            yield "meeting", m.cadence


def _uncovered(content: PdfContent) -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for label, text in _user_texts(content):
        if not text or (label, text) in seen:
            continue
        seen.add((label, text))
        missing = P.uncovered(text)
        if missing:
            shown = text if len(text) <= 40 else text[:39] + "…"
            out.append(f"'{shown}' in {label}: {', '.join(missing)}")
    return out


def uncovered_text(workshop: Workshop, options: PdfOptions) -> list[str]:
    """User texts of the PDF with characters the bundled font cannot draw (they would print as empty boxes), one
    line each, for a warning before export: "'名前' in signatory name: 名, 前"."""
    return _uncovered(workshop.query(lambda s: read_content(s, options)))


# -- export --------------------------------------------------------------------------------------------------


def build_pdf(content: PdfContent, options: PdfOptions, *, progress: Progress | None = None) -> tuple[bytes, list[str]]:
    """The PDF's bytes (sealed when the version is validly signed) and the warnings for the user."""
    from exports.pdf_seal import seal_pdf

    if options.paper not in P.PAPERS:
        raise PdfError(f"Unknown paper size “{options.paper}”: choose {' or '.join(P.PAPERS)}.")
    doc, st = compose(content, options)
    warnings = [f"Characters the PDF's font cannot draw (they print as empty boxes): {line}"
                for line in _uncovered(content)]
    data = P.render(doc, progress=progress)
    if st.invalid:
        warnings.append("The agreement's signatures do not hold (" + "; ".join(st.reasons) + "): the PDF says "
                        "INVALID on every page and is not sealed.")
    elif st.locked and content.seal is None:
        warnings.append("This PDF is not sealed: the workshop was signed before Common Ground sealed its PDFs "
                        "(it has no seal key).")
    if not st.seal_refusal and content.seal is not None:
        try:
            data = seal_pdf(data, private_key=content.seal.private_key, certificate=content.seal.certificate,
                            reason="Sealed by the workshop file: shows any change made after export",
                            name=content.info.name or "Common Ground workshop")
        except Exception as exc:  # pyHanko or a damaged key: no half-sealed PDF, and the user hears why
            raise PdfError(f"The PDF could not be sealed ({type(exc).__name__}: {exc}). Nothing was written.") \
                from exc
    return data, warnings


def export_workshop_pdf(workshop: Workshop, out_path: Path, options: PdfOptions = PdfOptions(), *,  # noqa: B008
                        progress: Progress | None = None) -> list[str]:
    """Write the SLA PDF of an open workshop; returns the warnings. Reads the workshop once, then works on plain
    rows, so it may run on a worker thread. The file at `out_path` is replaced only once the new one is whole."""
    from exports.atomic import write_bytes_atomic

    out_path = Path(out_path)
    if workshop.path is not None and out_path.resolve() == workshop.path.resolve():
        raise PdfError("The PDF would replace the workshop file itself; choose another name.")
    if options.paper not in P.PAPERS:
        raise PdfError(f"Unknown paper size “{options.paper}”: choose {' or '.join(P.PAPERS)}.")
    content = workshop.query(lambda s: read_content(s, options))
    data, warnings = build_pdf(content, options, progress=progress)
    try:
        write_bytes_atomic(out_path, data)
    except OSError as exc:
        raise PdfError(f"The PDF could not be written to {out_path}: {exc.strerror or exc}. Any file that was "
                       "there is unchanged.") from exc
    return warnings


def export_pdf(workshop_path: Path, out_path: Path, options: PdfOptions = PdfOptions(), *,  # noqa: B008
               progress: Progress | None = None) -> list[str]:
    """Export the SLA PDF of a workshop file without a window, from a private read-only snapshot (so it works while
    the workshop is open elsewhere and never writes to it); returns the warnings."""
    from app.opening import open_snapshot

    workshop = open_snapshot(Path(workshop_path))
    try:
        return export_workshop_pdf(workshop, Path(out_path), options, progress=progress)
    finally:
        workshop.close()


# -- verification --------------------------------------------------------------------------------------------


@dataclass
class _Report:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def good(self, line: str) -> None:
        self.lines.append(line)

    def bad(self, line: str) -> None:
        self.lines.append(line)
        self.ok = False


def _version_of(info: dict[str, str]) -> int | None:
    try:
        return int(info.get(KEY_VERSION, ""))
    except ValueError:
        return None


def verify_pdf(pdf_path: Path, workshop_path: Path | None = None) -> Verification:
    """Check an SLA PDF offline: its seal is intact and covers the whole file (trusting, for this check alone, the
    self-signed certificate the PDF carries), and, given the workshop file, that the seal is that workshop's and
    the content hash is a validly signed version in it. Never raises for a bad PDF: `ok` is False and a line says
    why."""
    from exports.pdf_seal import check_seal

    report = _Report()
    try:
        data = Path(pdf_path).read_bytes()
    except OSError as exc:
        return Verification(False, [f"The PDF could not be read: {exc.strerror or exc}."])
    check = check_seal(data)
    info = check.info or {}
    digest = info.get(KEY_HASH) or None
    version = _version_of(info)
    state = info.get(KEY_STATE, "")
    if not check.sealed:
        if check.problem.startswith("The file could not be read"):
            report.bad(check.problem)
        elif state in ("draft", "partly signed"):
            report.bad(f"Not sealed (draft): version {version} was {state} when exported; only a signed version's "
                       "PDF is sealed.")
        elif state == "invalid":
            report.bad(f"Not sealed: version {version}'s signatures did not hold when it was exported (the PDF says "
                       "INVALID on every page).")
        elif digest:
            report.bad(f"Not sealed: nothing shows whether this PDF of version {version} was changed after export "
                       "(it was exported without a seal key, or the seal was removed).")
        else:
            report.bad("Not sealed: the PDF carries no seal, and it does not say it is a Common Ground SLA.")
        if digest:
            report.good(f"The PDF says it shows version {version}, content hash {digest}.")
        return Verification(False, report.lines, digest, version)
    if check.problem:
        report.bad(f"Seal broken: {check.problem}")
    else:
        report.good("Seal intact: the PDF is byte-for-byte what was sealed, and the seal covers the whole file.")
        report.good(f"Trusted for this check: the certificate the PDF carries ({check.subject}; SHA-256 "
                    f"{check.fingerprint}). It is self-signed by a workshop file, not issued by a certification "
                    "authority: the seal shows the PDF is unchanged and which key sealed it, not who holds the key.")
    if digest is None or version is None:
        report.bad("The PDF does not say which version and content hash it shows.")
    else:
        report.good(f"The PDF shows SLA version {version}, content hash {digest} ({short(digest)}).")
    if workshop_path is not None:
        _check_against_workshop(report, Path(workshop_path), check.fingerprint, digest, version)
    return Verification(report.ok, report.lines, digest, version)


def _check_against_workshop(report: _Report, workshop_path: Path, fingerprint: str, digest: str | None,
                            version: int | None) -> None:
    from app.opening import open_snapshot

    try:
        workshop = open_snapshot(workshop_path)
    except WorkshopError as exc:
        report.bad(f"The workshop file could not be opened: {exc.message}")
        return
    try:
        def read(s: Session) -> tuple[SealMaterial | None, list[Any], dict[int, Any]]:
            rows = queries.versions(s)
            boards = {v.id: queries.signoff(s, v.id) for v in rows if digest and v.content_hash == digest}
            return seal_key(s), rows, boards

        key, rows, boards = workshop.query(read)
    finally:
        workshop.close()
    name = workshop_path.name
    if key is None:
        report.bad(f"{name} has no seal key, so this seal was not made by it.")
    elif key.fingerprint != fingerprint:
        report.bad(f"The seal was made with another key than {name}'s (its certificate {key.fingerprint[:16]}…, "
                   f"the seal's {fingerprint[:16]}…): this PDF did not come from that workshop file.")
    else:
        report.good(f"The seal was made with {name}'s own key.")
    if digest is None:
        return
    candidates = [v for v in rows if v.content_hash == digest and v.locked_at is not None
                  and v.status in ("signed", "superseded")]
    # Two versions can hold the same content (a new draft signed unchanged): the one the PDF names is the match.
    match = next((v for v in candidates if v.number == version), candidates[0] if candidates else None)
    if match is None:
        report.bad(f"No signed version in {name} has the content hash {short(digest)}.")
        return
    board = boards[match.id]
    if board.locked_content_changed or board.invalid or board.audit_problem:
        report.bad(f"Version {match.number} in {name} has this hash, but its signatures no longer hold there"
                   + (f" ({board.audit_problem})" if board.audit_problem else "") + ".")
        return
    if version is not None and match.number != version:
        report.bad(f"The PDF says version {version}, but the version with its content hash in {name} is "
                   f"{match.number}.")
        return
    when = long_date(match.locked_at.date())
    report.good(f"Version {match.number} in {name} was signed on {when} with this content hash"
                + (", and has since been superseded by a later signed version." if match.status == "superseded"
                   else "; it is the version in force."))
