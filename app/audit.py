"""The sign-off audit trail: an append-only list of events, each carrying the hash of the one before it.

An event's hash is SHA-256 over the UTF-8 JSON array (no spaces, `ensure_ascii=False`)
`["commonground-audit/1", seq, kind, actor, at, payload, prev_hash]`, where `at` is the UTC moment as
`YYYY-MM-DDTHH:MM:SS+00:00` and `payload` the event's JSON text. The workshop row keeps the newest event's hash and
the number of events, so an edited, deleted, inserted or cut-off event breaks the chain where it happened.
Nothing in the app deletes or changes an event: undoing a sign-off step appends an event saying so.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from models import AuditEvent, Workshop

FORMAT = "commonground-audit/1"

# What the trail says for each kind of event.
KINDS = {
    "signed": "signed",
    "signature removed": "signature removed",
    "version locked": "version signed and locked",
    "new draft": "new draft started",
    "undone": "undone",
}


def moment(at: dt.datetime) -> dt.datetime:
    """The moment as stored: UTC, whole seconds (what reads back is what was hashed)."""
    return at.astimezone(dt.UTC).replace(microsecond=0)


def event_hash(seq: int, kind: str, actor: str, at: dt.datetime, payload: str, prev_hash: str) -> str:
    body = [FORMAT, seq, kind, actor, moment(at).isoformat(), payload, prev_hash]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def append(conn: Connection, kind: str, actor: str, payload: dict[str, Any], at: dt.datetime) -> int:
    """Add one event after the newest and move the workshop's anchor to it; returns its number."""
    a = AuditEvent.__table__
    last = conn.execute(select(a.c.seq, a.c.event_hash).order_by(a.c.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, "")
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    at = moment(at)
    digest = event_hash(seq, kind, actor, at, text, prev)
    conn.execute(a.insert().values(seq=seq, kind=kind, actor=actor, at=at, payload=text, prev_hash=prev,
                                   event_hash=digest))
    conn.execute(update(Workshop.__table__).where(Workshop.__table__.c.id == 1)
                 .values(audit_head=digest, audit_count=seq))
    return seq


def verify(events: Sequence[Any], head: str, count: int) -> str:
    """Why the trail cannot be trusted, or "" when every event is as it was written and none is missing."""
    prev = ""
    for expected, e in enumerate(events, start=1):
        if e.seq != expected:
            return (f"Audit event {expected} is missing: the trail jumps from {expected - 1} to {e.seq}."
                    if e.seq > expected else f"Audit event {e.seq} appears out of order.")
        if e.prev_hash != prev:
            return f"Audit event {e.seq} ({e.kind}) does not follow the event before it: one was changed or replaced."
        if event_hash(e.seq, e.kind, e.actor, e.at, e.payload, e.prev_hash) != e.event_hash:
            when = f"{moment(e.at):%Y-%m-%d %H:%M} UTC"
            return f"Audit event {e.seq} ({e.kind}, {when}) was changed after it was written."
        prev = e.event_hash
    if len(events) != count or prev != head:
        if len(events) < count:
            return (f"The newest audit events were removed: the trail ends at event {len(events)} of the {count} "
                    "the workshop recorded.")
        return "The audit trail does not end where the workshop recorded it: events were added or removed."
    return ""


def describe(e: Any) -> str:
    """One line for the trail on screen: what happened, to which version, by whom."""
    try:
        data = json.loads(e.payload) if e.payload else {}
    except ValueError:
        data = {}
    what = KINDS.get(e.kind, e.kind)
    version = f"version {data['version']}" if "version" in data else ""
    who = data.get("name") or e.actor
    detail = f" ({data['note']})" if data.get("note") else ""
    return " · ".join(part for part in (f"{moment(e.at):%Y-%m-%d %H:%M} UTC", f"{what}{detail}", version, who) if part)
