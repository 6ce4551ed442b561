"""The headless command line as a script uses it: exit codes, results on stdout, refusals on stderr."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app import queries
from app.backups import BackupStore
from app.cli import FAILED, OK, PARTLY, USAGE, run
from app.opening import open_workshop

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.cgw"
    shutil.copyfile(ROOT / "resources" / "demo.cgw", path)
    return path


def call(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def test_export_writes_the_spreadsheet_and_import_applies_its_edits(demo: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMONGROUND_DATA_DIR", str(tmp_path / "data"))
    sheet = tmp_path / "plan.xlsx"
    code, out, err = call("export", demo, "--xlsx", sheet)
    assert (code, out.strip(), err) == (OK, f"wrote {sheet}", "")
    book = openpyxl.load_workbook(sheet)
    actions = book["Actions"]
    headers = [c.value for c in actions[1]]
    status = headers.index("Status") + 1
    changed_id = actions.cell(row=2, column=headers.index("ID") + 1).value
    before = actions.cell(row=2, column=status).value
    actions.cell(row=2, column=status, value="in progress" if before != "in progress" else "done")
    actions.cell(row=3, column=headers.index("Due date") + 1, value="not a date")
    book.save(sheet)
    code, out, err = call("import", demo, sheet)
    assert code == PARTLY
    assert out.startswith("1 action changed, 0 added") and "not applied" in err and "date" in err
    w = open_workshop(demo, backups=BackupStore(tmp_path / "b"))
    try:
        assert next(a for a in w.query(queries.actions) if a.id == changed_id).status != before
    finally:
        w.close()


def test_usage_mistakes_and_missing_files_get_their_exit_codes(demo: Path, tmp_path: Path) -> None:
    assert call("export", demo)[0] == USAGE
    assert call("export")[0] == USAGE
    code, _out, err = call("import", tmp_path / "missing.cgw", tmp_path / "x.xlsx")
    assert code == FAILED and "missing.cgw does not exist" in err
    not_ours = tmp_path / "notes.xlsx"
    openpyxl.Workbook().save(not_ours)
    code, _out, err = call("import", demo, not_ours)
    assert code == FAILED and err.startswith("import: ")


def test_the_module_runs_headless_without_importing_qt(demo: Path, tmp_path: Path) -> None:
    script = ("import sys, runpy; sys.argv = ['app', 'export', sys.argv[1], '--xlsx', sys.argv[2]]\n"
              "try:\n    runpy.run_module('app', run_name='__main__')\nexcept SystemExit as e:\n"
              "    assert e.code == 0, e.code\nassert not any(m.startswith('PySide6') for m in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script, str(demo), str(tmp_path / "o.xlsx")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o.xlsx").stat().st_size > 0


def test_export_the_signed_pdf_and_verify_its_seal_then_a_changed_byte_fails(demo: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "sla.pdf"
    code, out, err = call("export", demo, "--pdf", pdf, "--paper", "Letter")
    assert (code, out.strip()) == (OK, f"wrote {pdf}"), err
    code, out, err = call("verify", pdf, "--workshop", demo)
    assert code == OK and err == "" and "version 1" in out.lower()
    data = bytearray(pdf.read_bytes())
    at = data.index(b"stream\n", len(data) // 4) + 20  # inside a page's content, under the seal
    data[at] ^= 0x01
    broken = tmp_path / "changed.pdf"
    broken.write_bytes(bytes(data))
    code, out, err = call("verify", broken)
    assert code == FAILED and out == "" and err


def test_a_draft_version_exports_unsealed_and_does_not_verify(demo: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "draft.pdf"
    assert call("export", demo, "--pdf", pdf, "--version", "2")[0] == OK
    code, _out, err = call("verify", pdf)
    assert code == FAILED and "not sealed" in err.lower()
    code, _out, err = call("export", demo, "--pdf", pdf, "--version", "7")
    assert code == FAILED and "no SLA version 7" in err


def test_the_pdf_says_in_which_meetings_the_agreement_is_reported(demo: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = tmp_path / "sla.pdf"
    assert call("export", demo, "--pdf", pdf)[0] == OK
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    reporting = text[text.index("Reporting and review"):]
    assert "In these meetings: Weekly pipeline review (weekly, hosted by Sales)" in reporting
