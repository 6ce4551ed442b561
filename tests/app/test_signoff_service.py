"""Sign-off at the service level: signing, locking when the last signatory signs, removing a signature before
then, new drafts, signatures shown invalid after the file is changed behind the app's back, and the audit chain
detecting an edited, deleted or cut-off event."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update

from app import audit, queries
from app.commands import setup
from app.commands import signoff as so
from app.commands import sla as sc
from app.commands.base import Changes
from app.errors import ValidationError
from app.opening import create_workshop
from app.sla import shipped
from app.sla_hash import content_hash
from app.workshop import Workshop
from models import AuditEvent, SlaClause

PNG = b"\x89PNG\r\n\x1a\n" + b"drawn strokes"
_ticks = itertools.count()


def clock() -> dt.datetime:
    return dt.datetime(2027, 1, 4, 15, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=next(_ticks))


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workshop]:
    w = create_workshop(tmp_path / "kickoff.cgw")
    w.apply(setup.add_participant(name="Dana Whitfield", title="VP Sales", department="Sales", is_signatory=True))
    w.apply(setup.add_participant(name="Μαρία Κωνσταντίνου", title="CMO", department="Marketing", is_signatory=True))
    w.apply(setup.add_participant(name="Sam Obi", department="Sales"))
    departments = {d.name: d.id for d in w.query(queries.departments)}
    w.apply(sc.start_from_template(shipped(), departments, today=dt.date(2027, 1, 4)))
    yield w
    w.close()


def board(w: Workshop, version_id: int | None = None) -> queries.SignOff:
    return w.query(lambda s: queries.signoff(s, version_id))


def sign(w: Workshop, who: int) -> so.Sign:
    b = board(w)
    person = b.blocks[who].participant
    command = so.sign(b.view.version, person, name=person.name, title=person.title, on=dt.date(2027, 1, 4),
                      image_png=PNG, clock=clock)
    w.apply(command)
    return command


def test_signing_records_the_hash_and_the_last_signature_locks(ws: Workshop) -> None:
    digest = board(ws).digest
    sign(ws, 0)
    b = board(ws)
    assert b.view.version.state == "partly signed" and b.signed == 1
    sig = b.blocks[0].signature
    assert sig.content_hash == digest and sig.image_sha256 == hashlib.sha256(PNG).hexdigest()
    assert b.blocks[0].problem == "" and b.blocks[1].signature is None
    sign(ws, 1)
    b = board(ws)
    v = b.view.version
    assert (v.status, v.state, v.content_hash) == ("signed", "signed", digest) and v.locked_at is not None
    assert [e.kind for e in b.trail] == ["signed", "signed", "version locked"] and b.audit_problem == ""
    assert b.trail[1].actor == "Μαρία Κωνσταντίνου"


def test_a_version_with_any_signature_refuses_every_edit_with_the_offer(ws: Workshop) -> None:
    stale = board(ws).view.version  # what a screen held before the signature
    edit = sc.edit_clause(stale, board(ws).view.clauses[0].id, "body", "changed")
    sign(ws, 0)
    with pytest.raises(sc.LockedVersionError, match="Version 1 has signatures.*new draft") as refused:
        sc.add_clause(board(ws).view.version, section="escalation", title="More")
    assert refused.value.number == 1 and refused.value.state == "partly signed"
    before = board(ws).digest
    with pytest.raises(sc.LockedVersionError):  # built before, run after: the guard in the command refuses it
        ws.apply(edit)
    assert board(ws).digest == before


def test_a_partial_signature_can_be_undone_or_removed_but_the_final_one_cannot(ws: Workshop) -> None:
    first = sign(ws, 0)
    ws.revert(first)
    assert board(ws).signed == 0 and board(ws).view.version.state == "draft"
    ws.apply(first)  # redo
    assert board(ws).blocks[0].signature.id == first.signature_id
    removal = so.remove_signature(board(ws).blocks[0].signature, clock=clock)
    ws.apply(removal)
    assert board(ws).signed == 0
    ws.revert(removal)
    assert board(ws).signed == 1
    last = sign(ws, 1)
    with pytest.raises(ValidationError, match="sign-off is final"):
        ws.revert(last)
    with pytest.raises(ValidationError, match="is signed: its signatures stay"):
        ws.apply(so.remove_signature(board(ws).blocks[0].signature))
    b = board(ws)
    assert b.view.version.state == "signed" and b.signed == 2 and b.audit_problem == ""
    assert [e.kind for e in b.trail] == ["signed", "undone", "signed", "signature removed", "undone", "signed",
                                         "version locked"]


def test_who_may_sign_and_what_makes_a_signature(ws: Workshop) -> None:
    b = board(ws)
    version, dana = b.view.version, b.blocks[0].participant
    with pytest.raises(ValidationError, match="has not drawn a signature"):
        so.sign(version, dana, name="Dana", title="", on=None, image_png=b"")
    with pytest.raises(ValidationError, match="could not be read as an image"):
        so.sign(version, dana, name="Dana", title="", on=None, image_png=b"GIF89a")
    with pytest.raises(ValidationError, match="Name cannot be empty"):
        so.sign(version, dana, name="  ", title="", on=None, image_png=PNG)
    sam = next(p for p in ws.query(queries.participants) if p.name == "Sam Obi")
    with pytest.raises(ValidationError, match="Sam Obi is not a signatory"):
        ws.apply(so.sign(version, sam, name="Sam Obi", title="", on=None, image_png=PNG))
    sign(ws, 0)
    with pytest.raises(ValidationError, match="has already signed version 1"):
        ws.apply(so.sign(board(ws).view.version, dana, name="Dana Whitfield", title="", on=None, image_png=PNG))


def test_a_new_draft_copies_the_signed_version_which_stays_in_force_until_the_draft_is_signed(ws: Workshop) -> None:
    sign(ws, 0)
    sign(ws, 1)
    v1 = board(ws).view
    with pytest.raises(ValidationError, match="still a draft"):
        so.new_draft(queries.VersionRow(9, 9, "draft", None))
    draft = so.new_draft(v1.version, clock=clock)
    ws.apply(draft)
    v2 = board(ws).view
    assert (v2.version.number, v2.version.state, v2.version.based_on_number) == (2, "draft", 1)
    assert content_hash(v2) == content_hash(v1)  # a copy is the same agreement until the room changes it
    assert [c.title for c in v2.clauses] == [c.title for c in v1.clauses]
    ws.apply(sc.edit_commitment(v2.version, v2.commitments[0].id, "target", "250"))
    assert board(ws, v1.version.id).view.commitments[0].target == 200  # the signed one is as it was
    with pytest.raises(ValidationError, match="Version 2 is already a draft"):
        ws.apply(so.new_draft(v1.version))
    sign(ws, 0)
    sign(ws, 1)
    states = {v.number: v.state for v in ws.query(queries.versions)}
    assert states == {1: "superseded", 2: "signed"}
    assert board(ws, v1.version.id).blocks[0].problem == ""  # superseded, still validly signed


def test_a_new_draft_from_a_partly_signed_version_supersedes_it_and_undo_puts_it_back(ws: Workshop) -> None:
    sign(ws, 0)
    draft = so.new_draft(board(ws).view.version, clock=clock)
    ws.apply(draft)
    assert {v.number: v.state for v in ws.query(queries.versions)} == {1: "superseded", 2: "draft"}
    ws.revert(draft)
    assert {v.number: v.state for v in ws.query(queries.versions)} == {1: "partly signed"}
    ws.apply(draft)  # redo comes back under the same key
    assert board(ws).view.version.id == draft.new_id
    assert board(ws).audit_problem == ""


def _sql(w: Workshop, statement: object) -> None:
    def run(session: object) -> Changes:
        session.execute(statement)  # type: ignore[attr-defined]
        return Changes()

    w.apply_step(run)


def test_content_changed_behind_the_apps_back_shows_every_signature_invalid(ws: Workshop) -> None:
    sign(ws, 0)
    sign(ws, 1)
    clause = board(ws).view.clauses[0]
    _sql(ws, update(SlaClause).where(SlaClause.id == clause.id).values(body=clause.body + " Except on Fridays."))
    b = board(ws)
    assert all(block.problem.startswith("Invalid: the agreement's content changed") for block in b.blocks)
    assert b.invalid == 2 and b.locked_content_changed


def test_a_swapped_signature_image_is_invalid(ws: Workshop) -> None:
    sign(ws, 0)
    _sql(ws, text("UPDATE signature SET image_png = :png").bindparams(png=PNG + b"forged"))
    assert board(ws).blocks[0].problem == "Invalid: the signature's image is not the one that was signed."


@pytest.mark.parametrize("tamper, says", [
    (update(AuditEvent).where(AuditEvent.seq == 1).values(actor="Somebody else"), "event 1 (signed, 2027-01-04"),
    (delete(AuditEvent).where(AuditEvent.seq == 2), "event 2 is missing"),
    (delete(AuditEvent).where(AuditEvent.seq == 3), "newest audit events were removed"),
    (update(AuditEvent).where(AuditEvent.seq == 2).values(prev_hash="0" * 64), "does not follow the event before"),
])
def test_the_audit_chain_detects_an_edited_deleted_or_cut_off_event(ws: Workshop, tamper: object, says: str) -> None:
    sign(ws, 0)
    sign(ws, 1)
    assert board(ws).audit_problem == ""
    _sql(ws, tamper)
    assert says in board(ws).audit_problem


def test_an_event_hash_covers_every_field() -> None:
    at = dt.datetime(2027, 1, 4, 15, 0, tzinfo=dt.UTC)
    base = audit.event_hash(1, "signed", "Ann", at, '{"version":1}', "")
    variants = [audit.event_hash(2, "signed", "Ann", at, '{"version":1}', ""),
                audit.event_hash(1, "undone", "Ann", at, '{"version":1}', ""),
                audit.event_hash(1, "signed", "Anne", at, '{"version":1}', ""),
                audit.event_hash(1, "signed", "Ann", at + dt.timedelta(seconds=1), '{"version":1}', ""),
                audit.event_hash(1, "signed", "Ann", at, '{"version":2}', ""),
                audit.event_hash(1, "signed", "Ann", at, '{"version":1}', "x")]
    assert base not in variants and len(set(variants)) == len(variants)


def test_the_event_hash_is_the_documented_serialisation() -> None:
    at = dt.datetime(2027, 1, 4, 16, 0, 30, 999, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    text = '["commonground-audit/1",3,"signed","Zoë","2027-01-04T15:00:30+00:00","{\\"version\\":1}","ab"]'
    assert audit.event_hash(3, "signed", "Zoë", at, '{"version":1}', "ab") == \
        hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_each_event_records_what_was_signed_and_reads_as_a_line(ws: Workshop) -> None:
    digest = board(ws).digest
    sign(ws, 0)
    first = board(ws).trail[0]
    assert first.payload == ('{"content_hash":"' + digest + '","image_sha256":"' + hashlib.sha256(PNG).hexdigest()
                             + '","name":"Dana Whitfield","title":"VP Sales","version":1}')
    assert first.at.second == 0 and first.at.tzinfo == dt.UTC
    assert audit.describe(first) == f"{first.at:%Y-%m-%d %H:%M} UTC · signed · version 1 · Dana Whitfield"
    removal = so.remove_signature(board(ws).blocks[0].signature, clock=clock)
    ws.apply(removal)
    ws.revert(removal)
    undone = board(ws).trail[-1]
    assert audit.describe(undone).endswith(" · undone (signature of Dana Whitfield put back) · version 1 · "
                                           "Dana Whitfield")
    changes = sign(ws, 1)
    assert '"name":"Μαρία Κωνσταντίνου"' in board(ws).trail[-2].payload  # stored as written, not \u-escaped
    locked = board(ws).trail[-1]
    assert locked.kind == "version locked" and '"content_hash":"' + digest + '"' in locked.payload
    assert changes.lock is not None


def test_a_partial_signature_tells_the_sign_off_step_and_the_lock_tells_the_sla_step_too(ws: Workshop) -> None:
    from models import Area

    b = board(ws)
    first = so.sign(b.view.version, b.blocks[0].participant, name="Dana Whitfield", title="", on=None,
                    image_png=PNG, clock=clock)
    assert ws.apply(first).areas == Area.SIGNOFF
    b = board(ws)
    last = so.sign(b.view.version, b.blocks[1].participant, name="Μαρία", title="", on=None, image_png=PNG,
                   clock=clock)
    assert ws.apply(last).areas == Area.SIGNOFF | Area.SLA


def test_a_signed_version_cannot_be_signed_again(ws: Workshop) -> None:
    stale = board(ws)
    sign(ws, 0)
    sign(ws, 1)
    with pytest.raises(ValidationError, match="Version 1 is signed: it can no longer be signed"):
        so.sign(board(ws).view.version, stale.blocks[0].participant, name="X", title="", on=None, image_png=PNG)
    with pytest.raises(ValidationError, match="Version 1 is signed: it can no longer be signed"):
        ws.apply(so.sign(stale.view.version, stale.blocks[0].participant, name="X", title="", on=None,
                         image_png=PNG))


@pytest.mark.parametrize("tamper, says", [
    (delete(AuditEvent).where(AuditEvent.seq == 2),
     "Audit event 2 is missing: the trail jumps from 1 to 3."),
    (delete(AuditEvent).where(AuditEvent.seq == 3),
     "The newest audit events were removed: the trail ends at event 2 of the 3 the workshop recorded."),
    (text("UPDATE workshop SET audit_count = 2"),
     "The audit trail does not end where the workshop recorded it: events were added or removed."),
    (text("UPDATE workshop SET audit_head = 'x'"),
     "The audit trail does not end where the workshop recorded it: events were added or removed."),
])
def test_what_the_chain_check_says(ws: Workshop, tamper: object, says: str) -> None:
    sign(ws, 0)
    sign(ws, 1)
    _sql(ws, tamper)
    assert board(ws).audit_problem == says
