"""The SLA PDF read back with pypdf: every part of the agreement and the appendix, names in any script, user text
printed as typed (never as markup), the content hash on the signature page, drafts and tampered agreements marked on
every page, paper sizes, text that would break a naive layout, and the atomic write."""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_support import CLAUSE_TITLE, HOSTILE, IMG, SIGNERS, build, flat, pages_text, sign_as
from pypdf import PdfReader
from sqlalchemy import text

from app import queries
from app.commands import setup
from app.demo import build_demo
from app.opening import open_checked
from app.sla_hash import content_hash, short
from app.sla_pdf import PdfError, PdfOptions, export_pdf, export_workshop_pdf, uncovered_text, version_in_force
from app.workshop import Workshop
from exports.pdf_seal import check_seal


@pytest.fixture
def signed(tmp_path: Path) -> Iterator[Workshop]:
    w = build(tmp_path / "signed.cgw")
    yield w
    w.close()


@pytest.fixture
def draft(tmp_path: Path) -> Iterator[Workshop]:
    w = build(tmp_path / "draft.cgw", sign=0)
    yield w
    w.close()


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo workshop (signed version 1, draft version 2) and its PDF of the version in force."""
    folder = tmp_path_factory.mktemp("demo")
    build_demo(folder / "demo.cgw")
    export_pdf(folder / "demo.cgw", folder / "demo.pdf")
    return folder / "demo.cgw", folder / "demo.pdf"


def signature_pages(pdf: Path) -> str:
    """The text of the signature page and any page after it."""
    pages = pages_text(pdf)
    first = next(i for i, p in enumerate(pages) if "Signatures\nBy signing" in p)
    return "\n".join(pages[first:])


def export(w: Workshop, path: Path, **options: object) -> list[str]:
    return export_workshop_pdf(w, path, PdfOptions(**options))  # type: ignore[arg-type]


def test_every_part_of_the_agreement_is_in_the_pdf(signed: Workshop, tmp_path: Path) -> None:
    assert export(signed, tmp_path / "sla.pdf") == []
    whole = flat(" ".join(pages_text(tmp_path / "sla.pdf")))
    view = signed.query(queries.sla)
    for stage in view.stages:
        assert stage.name in whole
    assert "Shared funnel and terms" in whole and "The lead score reaches the agreed threshold." in whole
    clause = view.clauses[0]
    assert f"{clause.title} {clause.body}" in whole
    assert "Requested a demo behaviour +40" in whole
    assert "A student or job seeker attribute -30" in whole
    assert "MQL threshold: A lead becomes a marketing-qualified lead (MQL) at 60 points or more." in whole
    assert "Deliver MQLs, each with its source and score MQLs delivered at least 200 MQLs per month" in whole
    assert "within 24 hours each MQL" in whole
    assert "Review date: 1 April 2027" in whole
    for name, title, dept in SIGNERS:
        assert f"{name} {title} {dept}" in whole  # the title page's table of signatories
    # The agreement's order: the funnel, the clause sections, scoring, commitments, review; signatures last.
    order = [whole.index(s) for s in ("1. Shared funnel and terms", "2. What makes a good lead", "Lead scoring",
                                      "Commitments", "Review date:", "Signatures")]
    assert order == sorted(order)


def test_the_appendix_has_goals_personas_raci_and_rota(demo_pdf: tuple[Path, Path]) -> None:
    cgw, pdf = demo_pdf
    whole = flat(" ".join(pages_text(pdf)))
    w = open_checked(cgw)
    try:
        goal = w.query(queries.goals)[0]
        persona = w.query(queries.personas)[0]
        activity = [a for a in w.query(queries.activities) if a.cells][0]
        rota = w.query(queries.rota_board)
    finally:
        w.close()
    for heading in ("Appendix A — Shared goals and KPIs", "Appendix B — Personas",
                    "Appendix C — Roles and responsibilities (RACI)", "Appendix D — Meeting rota"):
        assert heading in whole
    assert flat(goal.statement) in whole and "310 → 450 leads" in whole
    assert persona.name in whole and persona.pains in whole
    assert activity.name in whole and "R = Responsible" in whole
    assert rota.meetings[0].name in whole and rota.turns[0].participant in whole


def test_signatory_names_in_any_european_script_extract_exactly(signed: Workshop, tmp_path: Path) -> None:
    export(signed, tmp_path / "sla.pdf")
    last = signature_pages(tmp_path / "sla.pdf")
    for name, title, _dept in SIGNERS:
        assert name in last.splitlines() and title in last
    fonts = {str(f["/BaseFont"]) for page in PdfReader(tmp_path / "sla.pdf").pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSans" in f for f in fonts)  # no base-14 font anywhere


def test_user_text_is_printed_literally_never_as_markup(signed: Workshop, tmp_path: Path) -> None:
    export(signed, tmp_path / "sla.pdf")
    pages = pages_text(tmp_path / "sla.pdf")
    whole = "\n".join(pages)
    assert f"{HOSTILE} said {IMG}\nand a second line" in whole  # the line break kept, the tags printed
    assert whole.count(HOSTILE) >= len(pages) + 1  # the company is in every page's header, and on the title
    reader = PdfReader(tmp_path / "sla.pdf")
    images = [len(page.images) for page in reader.pages]
    first = next(i for i, p in enumerate(pages) if "Signatures\nBy signing" in p)
    assert images[:first] == [0] * first  # no image but the drawn signatures on the signature page
    assert sum(images) == len(SIGNERS)
    assert b"root:x:0" not in (tmp_path / "sla.pdf").read_bytes()


def test_the_signature_page_carries_the_version_content_hash(signed: Workshop, tmp_path: Path) -> None:
    export(signed, tmp_path / "sla.pdf")
    digest = content_hash(signed.query(queries.sla))
    last = signature_pages(tmp_path / "sla.pdf")
    assert f"Full hash: {digest}" in last and short(digest) in last
    assert last.count("SIGNED") >= len(SIGNERS) and "INVALID" not in last
    assert "Date signed: 5 January 2027" in last
    info = PdfReader(tmp_path / "sla.pdf").metadata
    assert info["/CommonGroundContentHash"] == digest and info["/CommonGroundSLAVersion"] == "1"
    assert info["/CommonGroundState"] == "signed"


def test_a_draft_is_marked_on_every_page(draft: Workshop, tmp_path: Path) -> None:
    export(draft, tmp_path / "draft.pdf")
    pages = pages_text(tmp_path / "draft.pdf")
    assert len(pages) >= 4
    for page in pages:
        assert "DRAFT — NOT SIGNED · Version 1 is a draft" in page  # the band
        assert page.count("DRAFT — NOT SIGNED") >= 2  # and the watermark
    assert "Draft — not signed" in pages[0]
    signatures = signature_pages(tmp_path / "draft.pdf")
    assert signatures.count("NOT SIGNED YET") == len(SIGNERS) and "This PDF is not sealed" in signatures
    assert not check_seal((tmp_path / "draft.pdf").read_bytes()).sealed


def test_a_partly_signed_version_is_a_draft_on_every_page(tmp_path: Path) -> None:
    w = build(tmp_path / "partly.cgw", sign=1)
    try:
        export(w, tmp_path / "partly.pdf")
    finally:
        w.close()
    pages = pages_text(tmp_path / "partly.pdf")
    assert all("DRAFT — NOT SIGNED · Version 1 is partly signed: 1 of 3" in p for p in pages)
    assert "Partly signed (1 of 3) — not in force" in pages[0]
    assert signature_pages(tmp_path / "partly.pdf").count("NOT SIGNED YET") == 2
    assert not check_seal((tmp_path / "partly.pdf").read_bytes()).sealed


def tamper(w: Workshop) -> None:
    """Change the signed version's first commitment target behind the app's back."""
    with w.engine.begin() as conn:
        conn.execute(text("UPDATE commitment SET target = target + 1 WHERE id = (SELECT MIN(id) FROM commitment)"))


def test_a_tampered_signed_version_warns_on_every_page_and_is_not_sealed(signed: Workshop, tmp_path: Path) -> None:
    locked = signed.query(queries.sla).version.content_hash
    tamper(signed)
    warnings = export(signed, tmp_path / "tampered.pdf")
    assert any("do not hold" in w and "not sealed" in w for w in warnings)
    pages = pages_text(tmp_path / "tampered.pdf")
    for page in pages:
        assert "the signatures shown are INVALID" in page  # the red line
        assert "INVALID — version 1 was changed after it was signed" in page  # the band
    assert pages[0].count("INVALID") >= 3 and "Signed on" not in pages[0].split("INVALID")[0]
    last = signature_pages(tmp_path / "tampered.pdf")
    assert last.count("INVALID\n") + last.count("INVALID ") >= len(SIGNERS)
    assert "SIGNED" not in last.splitlines() and "content changed after this signature was made" in flat(last)
    assert f"no longer matches): {locked}" in flat(last)
    data = (tmp_path / "tampered.pdf").read_bytes()
    assert not check_seal(data).sealed
    assert PdfReader(io.BytesIO(data)).metadata["/CommonGroundState"] == "invalid"


def test_a_broken_audit_trail_makes_the_signatures_invalid(signed: Workshop, tmp_path: Path) -> None:
    with signed.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'someone else' WHERE seq = 1"))
    export(signed, tmp_path / "audit.pdf")
    pages = pages_text(tmp_path / "audit.pdf")
    assert all("the signatures shown are INVALID" in p and "audit trail of version 1 is broken" in p for p in pages)
    assert "Audit trail: BROKEN" in signature_pages(tmp_path / "audit.pdf")
    assert not check_seal((tmp_path / "audit.pdf").read_bytes()).sealed


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_paper_sizes(signed: Workshop, tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    export(signed, tmp_path / "sla.pdf", paper=paper)
    for page in PdfReader(tmp_path / "sla.pdf").pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


def test_an_unknown_paper_size_is_refused(signed: Workshop, tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="paper size"):
        export(signed, tmp_path / "sla.pdf", paper="A3")


def test_a_ten_thousand_character_word_and_a_page_long_clause_wrap(draft: Workshop, tmp_path: Path) -> None:
    word = "Ω" + "x" * 9_998 + "Ж"
    long_body = " ".join(f"word{i}" for i in range(1300))  # ~8,000 characters: more than a page
    with draft.engine.begin() as conn:  # beyond what the edit commands allow: a file edited elsewhere
        conn.execute(text("UPDATE commitment SET text = :w WHERE id = (SELECT MIN(id) FROM commitment)"), {"w": word})
        conn.execute(text("UPDATE funnel_stage SET definition = :w WHERE id = (SELECT MIN(id) FROM funnel_stage)"),
                     {"w": word})
        conn.execute(text("UPDATE sla_clause SET body = :b WHERE id = (SELECT MIN(id) FROM sla_clause)"),
                     {"b": long_body})
        conn.execute(text("UPDATE participant SET name = :w WHERE id = 1"), {"w": word})
    export(draft, tmp_path / "long.pdf")
    pages = pages_text(tmp_path / "long.pdf")
    # The word's pieces, line by line, rejoined: split across lines and pages, every character kept.
    pieces = "".join(line for p in pages for line in p.splitlines() if line and set(line) <= set("ΩxЖ"))
    assert pieces.count(word) == 4  # the title page, the funnel, the commitment and the signature page
    words = re.findall(r"\bword(\d+)\b", " ".join(pages))
    assert sorted(map(int, words)) == list(range(1300))  # the clause runs over a page break, no word lost
    assert len(PdfReader(tmp_path / "long.pdf").pages) > 6


def test_a_signature_image_that_cannot_be_read_is_said_not_fatal(signed: Workshop, tmp_path: Path) -> None:
    with signed.engine.begin() as conn:
        conn.execute(text("UPDATE signature SET image_png = :png"), {"png": b"\x89PNG\r\n\x1a\nnot really"})
    export(signed, tmp_path / "sla.pdf")
    last = signature_pages(tmp_path / "sla.pdf")
    assert "(the drawn signature could not be read)" in last
    assert "the signature's image is not the one that was signed" in flat(last)  # its hash no longer matches


def test_characters_the_font_cannot_draw_are_named_before_export(draft: Workshop, tmp_path: Path) -> None:
    draft.apply(setup.add_participant(name="名前", title="CEO", department="Sales", is_signatory=True))
    assert uncovered_text(draft, PdfOptions()) == ["'名前' in signatory name: 名, 前", "'名前' in participant: 名, 前"]
    warnings = export(draft, tmp_path / "cjk.pdf")
    assert any("名, 前" in w for w in warnings)
    assert uncovered_text(draft, PdfOptions(paper="Letter"))  # a warning whatever the paper


def test_the_version_in_force_is_the_signed_one_not_the_newer_draft(demo_pdf: tuple[Path, Path],
                                                                    tmp_path: Path) -> None:
    cgw, pdf = demo_pdf
    w = open_checked(cgw)
    try:
        versions = w.query(queries.versions)
        assert [v.state for v in versions] == ["draft", "signed"]
        assert w.query(version_in_force) == versions[1].id
        export_workshop_pdf(w, tmp_path / "v2.pdf", PdfOptions(version_id=versions[0].id))
    finally:
        w.close()
    assert "SLA version 1 · signed" in pages_text(pdf)[0]
    assert "SLA version 2 · draft" in pages_text(tmp_path / "v2.pdf")[0]


def test_no_sla_yet_and_the_workshop_file_itself_are_refused(tmp_path: Path) -> None:
    from app.opening import create_workshop

    w = create_workshop(tmp_path / "empty.cgw")
    try:
        assert w.query(version_in_force) is None
        with pytest.raises(PdfError, match="no SLA"):
            export(w, tmp_path / "x.pdf")
        with pytest.raises(PdfError, match="workshop file itself"):
            export(w, tmp_path / "empty.cgw")
    finally:
        w.close()


def test_a_failed_export_leaves_the_previous_pdf_byte_identical(signed: Workshop, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from exports import atomic

    out = tmp_path / "sla.pdf"
    export(signed, out)
    before = hashlib.sha256(out.read_bytes()).hexdigest()

    def disk_full(_path: Path) -> None:  # the new file is written, then syncing it fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "fsync_file", disk_full)
    with pytest.raises(PdfError, match="No space left on device.*unchanged"):
        export(signed, out, paper="Letter")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "sla.pdf" in p.name) == ["sla.pdf"]  # no scratch left


def test_a_failure_while_laying_out_leaves_the_previous_pdf(signed: Workshop, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from exports import pdf

    out = tmp_path / "sla.pdf"
    out.write_bytes(b"the previous export")

    def boom(*_a: object, **_k: object) -> bytes:
        raise RuntimeError("injected")

    monkeypatch.setattr(pdf, "render", boom)
    with pytest.raises(RuntimeError, match="injected"):
        export(signed, out)
    assert out.read_bytes() == b"the previous export"


def test_progress_is_reported(signed: Workshop, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_workshop_pdf(signed, tmp_path / "sla.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)


def test_headless_export_reads_a_snapshot_of_a_file_open_elsewhere(signed: Workshop, tmp_path: Path) -> None:
    export_pdf(signed.path, tmp_path / "headless.pdf")  # the fixture still holds the workshop open
    assert "Zoë Ångström" in signature_pages(tmp_path / "headless.pdf")


def test_a_signatory_named_after_sign_off_is_not_asked_to_sign_the_locked_version(signed: Workshop,
                                                                                  tmp_path: Path) -> None:
    signed.apply(setup.add_participant(name="Late Joiner", department="Sales", is_signatory=True))
    export(signed, tmp_path / "sla.pdf")
    whole = "\n".join(pages_text(tmp_path / "sla.pdf"))
    assert "Late Joiner" not in whole and "NOT SIGNED YET" not in whole
    draft = build(tmp_path / "draft.cgw", sign=0)
    try:
        draft.apply(setup.add_participant(name="Late Joiner", department="Sales", is_signatory=True))
        export(draft, tmp_path / "draft.pdf")
    finally:
        draft.close()
    assert "Late Joiner" in signature_pages(tmp_path / "draft.pdf")


tools = pytest.mark.skipif(shutil.which("qpdf") is None or shutil.which("pdftotext") is None,
                           reason="qpdf and poppler-utils are not installed")


@tools
def test_qpdf_finds_the_pdf_sound_and_pdftotext_reads_it(signed: Workshop, draft: Workshop, tmp_path: Path) -> None:
    export(signed, tmp_path / "signed.pdf")
    export(draft, tmp_path / "draft.pdf", paper="Letter")
    for name in ("signed.pdf", "draft.pdf"):
        check = subprocess.run(["qpdf", "--check", str(tmp_path / name)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / name), "-"], capture_output=True,
                             text=True, check=True).stdout
        assert HOSTILE in out and IMG in out and CLAUSE_TITLE in out
        for person, _title, _dept in SIGNERS:
            assert person in out
    fonts = subprocess.run(["pdffonts", str(tmp_path / "signed.pdf")], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes yes " in r and "DejaVuSans" in r for r in rows)  # embedded, subset, unicode


def test_a_superseded_version_says_so(signed: Workshop, tmp_path: Path) -> None:
    from app.commands import signoff as so

    v1 = signed.query(queries.sla).version
    signed.apply(so.new_draft(v1))
    for i in range(len(SIGNERS)):
        sign_as(signed, i)
    export(signed, tmp_path / "v1.pdf", version_id=v1.id)
    pages = pages_text(tmp_path / "v1.pdf")
    assert all("SUPERSEDED · Version 1 was signed, then replaced" in p for p in pages)
    assert "superseded by a later signed version" in pages[0]
