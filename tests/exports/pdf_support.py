"""Workshops for the SLA PDF tests, built with the app's own commands: signatories in Latin-extended, Greek and
Cyrillic, a clause and a company name that look like markup, and helpers to read a PDF back."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from app import queries
from app.commands import setup
from app.commands import signoff as so
from app.commands import sla as sc
from app.demo import signature_png
from app.opening import create_workshop
from app.sla import shipped
from app.workshop import Workshop

SIGNERS = (("Zoë Ångström", "VP Sales", "Sales"), ("Μαρία Κωνσταντίνου", "CMO", "Marketing"),
           ("Наталья Соколова", "Head of Sales Development", "Sales"))
HOSTILE = '<b>Ann & "Bo"</b>'
IMG = '<img src="/etc/passwd"/>'
CLAUSE_TITLE = "Escaping check"
REVIEW = dt.date(2027, 4, 1)


def build(path: Path, *, sign: int = 3, name: str = "Kickoff 2027", company: str = HOSTILE) -> Workshop:
    """A workshop whose SLA version 1 is signed by the first `sign` of the three signatories (3: signed, locked)."""
    w = create_workshop(path, name=name)
    w.apply(setup.edit_workshop("company", company))
    for person, title, dept in SIGNERS:
        w.apply(setup.add_participant(name=person, title=title, department=dept, is_signatory=True))
    departments = {d.name: d.id for d in w.query(queries.departments)}
    w.apply(sc.start_from_template(shipped(), departments, today=dt.date(2027, 1, 4)))
    version = w.query(queries.sla).version
    w.apply(sc.add_clause(version, section="escalation", title=CLAUSE_TITLE))
    clause = next(c for c in w.query(queries.sla).clauses if c.title == CLAUSE_TITLE)
    w.apply(sc.edit_clause(version, clause.id, "body", f"{HOSTILE} said {IMG}\nand a second line"))
    w.apply(sc.set_review_date(version, REVIEW))
    for i in range(sign):
        sign_as(w, i)
    return w


def sign_as(w: Workshop, who: int, version_id: int | None = None) -> None:
    board = w.query(lambda s: queries.signoff(s, version_id))
    person = board.blocks[who].participant
    w.apply(so.sign(board.view.version, person, name=person.name, title=person.title, on=dt.date(2027, 1, 5),
                    image_png=signature_png(person.name)))


def pages_text(pdf: Path | bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    """Extracted text with its line breaks and runs of spaces made single spaces (wrapping is not content)."""
    return " ".join(text.split())
