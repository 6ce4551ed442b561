"""Sign-off: signing a version, removing a signature before the version is complete, and starting a new draft.

Each of these appends to the hash-chained audit trail (app.audit). The trail is append-only, so undoing one of them
appends an "undone" event instead of removing the event it took back. When the last signatory signs, the version
is signed and locked: from then on no edit, undo included, changes it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from app import audit
from app.commands import fields as f
from app.commands.base import Changes
from app.commands.sla import version_state
from app.errors import ValidationError
from app.seal import ensure_seal_key
from app.sla_hash import content_hash
from models import (
    Commitment,
    FunnelStage,
    Participant,
    ScoringRule,
    Signature,
    SlaClause,
    SlaVersion,
)
from models.areas import Area

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE = 2_000_000  # a drawn signature is tens of kilobytes; more is not a signature

Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _areas(content: bool = False) -> Changes:
    """A signature alone is the Sign-off step's; a lock or a new draft changes what the SLA step shows too."""
    return Changes(Area.SIGNOFF | Area.SLA) if content else Changes(Area.SIGNOFF)


def _signatory_ids(session: Session) -> list[int]:
    p = Participant.__table__
    return [i for (i,) in session.connection().execute(
        select(p.c.id).where(p.c.is_signatory.is_(True)).order_by(p.c.position, p.c.id))]


def _signed_ids(session: Session, version_id: int) -> set[int]:
    sig = Signature.__table__
    return {i for (i,) in session.connection().execute(
        select(sig.c.participant_id).where(sig.c.version_id == version_id)) if i is not None}


def _content_hash(session: Session, version_id: int) -> str:
    from app.later_queries import sla

    return content_hash(sla(session, version_id))


def outstanding(signatories: list[int], signed: set[int]) -> list[int]:
    """The signatories who have not signed yet, in Setup's order."""
    return [p for p in signatories if p not in signed]


class FinalError(ValidationError):
    title = "The sign-off is final"


class Lock:
    """The version becomes signed: its hash is kept, the version it amends is superseded."""

    def __init__(self, version_id: int, clock: Clock, actor: str) -> None:
        self.version_id = version_id
        self.clock = clock
        self.actor = actor
        self.superseded: list[int] = []

    def apply(self, session: Session) -> None:
        v = SlaVersion.__table__
        number = session.connection().execute(select(v.c.number).where(v.c.id == self.version_id)).scalar_one()
        digest = _content_hash(session, self.version_id)
        at = audit.moment(self.clock())
        # Only one version is in force: earlier signed ones give way to this one.
        self.superseded = [i for (i,) in session.connection().execute(
            select(v.c.id).where(v.c.status == "signed", v.c.number < number))]
        session.execute(update(v).where(v.c.id.in_(self.superseded)).values(status="superseded"))
        session.execute(update(v).where(v.c.id == self.version_id)
                        .values(status="signed", content_hash=digest, locked_at=at))
        audit.append(session.connection(), "version locked", self.actor,
                     {"version": number, "content_hash": digest, "superseded": sorted(self.superseded)}, at)
        ensure_seal_key(session)  # the key that seals this version's PDF, made with the first lock


class Sign:
    """One signatory signs one version, on the content it holds now."""

    def __init__(self, version_id: int, participant_id: int, *, name: str, title: str, on: dt.date | None,
                 image_png: bytes, clock: Clock = _now) -> None:
        self.version_id = version_id
        self.participant_id = participant_id
        self.name = name
        self.title = title
        self.on = on
        self.image_png = image_png
        self.clock = clock
        self.label = f"Signature of {name}"
        self.signature_id: int | None = None
        self.lock: Lock | None = None

    def apply(self, session: Session) -> Changes:
        number, state = version_state(session, self.version_id)
        if state not in ("draft", "partly signed"):
            raise ValidationError(f"Version {number} is {state}: it can no longer be signed.")
        signatories = _signatory_ids(session)
        if self.participant_id not in signatories:
            raise ValidationError(f"{self.name} is not a signatory. Mark them as one in Setup first.")
        if self.participant_id in _signed_ids(session, self.version_id):
            raise ValidationError(f"{self.name} has already signed version {number}.")
        digest = _content_hash(session, self.version_id)
        at = audit.moment(self.clock())
        image_hash = hashlib.sha256(self.image_png).hexdigest()
        values = {"version_id": self.version_id, "participant_id": self.participant_id, "typed_name": self.name,
                  "title": self.title, "signed_at": at, "signed_on": self.on, "image_png": self.image_png,
                  "image_sha256": image_hash, "content_hash": digest}
        if self.signature_id is not None:  # redo: the same signature comes back under its key
            values["id"] = self.signature_id
        result = session.execute(insert(Signature.__table__).values(**values))
        self.signature_id = result.inserted_primary_key[0]
        audit.append(session.connection(), "signed", self.name,
                     {"version": number, "name": self.name, "title": self.title, "content_hash": digest,
                      "image_sha256": image_hash}, at)
        self.lock = None
        if not outstanding(signatories, _signed_ids(session, self.version_id)):
            self.lock = Lock(self.version_id, self.clock, self.name)
            self.lock.apply(session)
        return _areas(content=self.lock is not None)

    def revert(self, session: Session) -> Changes:
        number, state = version_state(session, self.version_id)
        if self.lock is not None or state != "partly signed":
            raise FinalError(f"Version {number} is {state}: its sign-off is final and cannot be undone. "
                                  "Start a new draft from it to change the agreement.")
        session.execute(delete(Signature.__table__).where(Signature.__table__.c.id == self.signature_id))
        audit.append(session.connection(), "undone", audit_actor(),
                     {"version": number, "name": self.name, "note": f"signature of {self.name} taken back"},
                     self.clock())
        return _areas()


class RemoveSignature:
    """Take a signature off a version that is not complete yet (after that, only a new version)."""

    def __init__(self, signature_id: int, *, clock: Clock = _now) -> None:
        self.signature_id = signature_id
        self.clock = clock
        self.row: dict[str, Any] | None = None
        self.label = "Remove signature"

    def _version(self, session: Session) -> tuple[int, str]:
        number, state = version_state(session, self.row["version_id"])  # type: ignore[index]
        if state not in ("draft", "partly signed"):
            raise ValidationError(f"Version {number} is {state}: its signatures stay. Start a new draft to change "
                                  "the agreement.")
        return number, state

    def apply(self, session: Session) -> Changes:
        sig = Signature.__table__
        row = session.execute(select(sig).where(sig.c.id == self.signature_id)).mappings().first()
        if row is None:
            raise ValidationError("That signature is no longer in the workshop.")
        self.row = dict(row)
        number, _state = self._version(session)
        session.execute(delete(sig).where(sig.c.id == self.signature_id))
        audit.append(session.connection(), "signature removed", audit_actor(),
                     {"version": number, "name": self.row["typed_name"]}, self.clock())
        self.label = f"Remove the signature of {self.row['typed_name']}"
        return _areas()

    def revert(self, session: Session) -> Changes:
        assert self.row is not None
        number, _state = self._version(session)
        if _content_hash(session, self.row["version_id"]) != self.row["content_hash"]:
            raise ValidationError(f"Version {number} changed since {self.row['typed_name']} signed it: the signature "
                                  "cannot come back. They sign again.")
        session.execute(insert(Signature.__table__).values(**self.row))
        audit.append(session.connection(), "undone", audit_actor(),
                     {"version": number, "name": self.row["typed_name"],
                      "note": f"signature of {self.row['typed_name']} put back"}, self.clock())
        return _areas()


_COPIED = (
    (FunnelStage, ("name", "definition", "entry_rule", "owner_id", "position")),
    (SlaClause, ("section", "title", "body", "position")),
    (ScoringRule, ("kind", "description", "points", "position")),
    (Commitment, ("department_id", "text", "metric", "comparison", "target", "unit", "period", "owner_id",
                  "position")),
)


class NewDraft:
    """The next version, a draft copied from `source_id`; a partly signed source is superseded by it (its sign-off
    is abandoned), a signed one stays in force until the new draft is signed."""

    def __init__(self, source_id: int, *, clock: Clock = _now, actor: str = "") -> None:
        self.source_id = source_id
        self.clock = clock
        self.actor = actor or audit_actor()
        self.new_id: int | None = None
        self.source_number = 0
        self.source_was: str = ""
        self.label = "New draft"

    def apply(self, session: Session) -> Changes:
        v = SlaVersion.__table__
        conn = session.connection()
        number, state = version_state(session, self.source_id)
        open_draft = conn.execute(
            select(v.c.number).where(v.c.status == "draft", v.c.id != self.source_id,
                                     ~select(Signature.__table__.c.id)
                                     .where(Signature.__table__.c.version_id == v.c.id).exists())).first()
        if state == "draft":
            raise ValidationError(f"Version {number} is still a draft: change it as it is.")
        if open_draft is not None:
            raise ValidationError(f"Version {open_draft[0]} is already a draft: change that one.")
        source = conn.execute(select(v).where(v.c.id == self.source_id)).mappings().one()
        newest = conn.execute(select(func.max(v.c.number))).scalar_one()
        at = audit.moment(self.clock())
        values = {"number": newest + 1, "status": "draft", "based_on_id": self.source_id,
                  "mql_threshold": source["mql_threshold"], "review_on": source["review_on"],
                  "decay_points": source["decay_points"], "decay_days": source["decay_days"], "created_at": at}
        if self.new_id is not None:
            values["id"] = self.new_id
        self.new_id = conn.execute(insert(v).values(**values)).inserted_primary_key[0]
        for entity, columns in _COPIED:
            t = entity.__table__
            rows = conn.execute(select(*(t.c[c] for c in columns)).where(t.c.version_id == self.source_id)
                                .order_by(t.c.position, t.c.id)).all()
            if rows:
                conn.execute(insert(t), [{"version_id": self.new_id, **dict(zip(columns, r, strict=True))}
                                         for r in rows])
        self.source_number, self.source_was = number, state
        if state == "partly signed":
            conn.execute(update(v).where(v.c.id == self.source_id).values(status="superseded"))
        audit.append(conn, "new draft", self.actor, {"version": newest + 1, "from": number}, at)
        self.label = f"New draft from version {number}"
        return _areas(content=True)

    def revert(self, session: Session) -> Changes:
        v = SlaVersion.__table__
        number, state = version_state(session, self.new_id)  # type: ignore[arg-type]
        if state != "draft":
            raise ValidationError(f"Version {number} is {state}: it stays.")
        session.execute(delete(v).where(v.c.id == self.new_id))  # its content goes with it (cascade)
        if self.source_was == "partly signed":
            session.execute(update(v).where(v.c.id == self.source_id).values(status="draft"))
        audit.append(session.connection(), "undone", audit_actor(),
                     {"version": number, "note": f"draft from version {self.source_number} withdrawn"}, self.clock())
        return _areas(content=True)


def audit_actor() -> str:
    from app.lock import local_person

    return local_person()


def sign(version: Any, participant: Any, *, name: str, title: str, on: Any, image_png: bytes,
         clock: Clock = _now) -> Sign:
    """Built from the version on screen and a signatory from Setup; refused before anything runs when the input
    cannot make a signature."""
    if version is None:
        raise ValidationError("There is no SLA to sign yet: start it on the SLA step.")
    if version.state not in ("draft", "partly signed"):
        raise ValidationError(f"Version {version.number} is {version.state}: it can no longer be signed.")
    typed = f.text("Name", max_len=200, required=True)(name)
    role = f.text("Title", max_len=200)(title)
    when = f.date("Date signed")(on)
    if not image_png:
        raise ValidationError(f"{typed} has not drawn a signature yet: sign in the box, then confirm.")
    if not image_png.startswith(PNG_MAGIC) or len(image_png) > MAX_IMAGE:
        raise ValidationError("The drawn signature could not be read as an image.")
    return Sign(version.id, participant.id, name=typed, title=role, on=when, image_png=image_png, clock=clock)


def remove_signature(signature: Any, *, clock: Clock = _now) -> RemoveSignature:
    return RemoveSignature(signature.id, clock=clock)


def new_draft(version: Any, *, clock: Clock = _now, actor: str = "") -> NewDraft:
    if version is None:
        raise ValidationError("There is no SLA yet: start it from the template.")
    if version.state == "draft":
        raise ValidationError(f"Version {version.number} is still a draft: change it as it is.")
    return NewDraft(version.id, clock=clock, actor=actor)
