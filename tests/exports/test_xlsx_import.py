"""Importing the action spreadsheet back: exactly the edits made in it reach the plan, as one undo step."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from app import queries
from app.backups import BackupStore
from app.lock import WorkshopLock
from app.spreadsheet import (
    IMPORT_LABEL,
    SpreadsheetError,
    export_workshop,
    export_xlsx,
    import_xlsx,
    plan_import,
)
from app.workshop import Workshop
from models import Action


def state(w: Workshop) -> dict[int, tuple[Any, ...]]:
    """Each action as the plan shows it, notes and position included."""
    from sqlalchemy import select

    extra = dict(w.query(lambda s: {i: (n, p) for i, n, p in s.execute(select(Action.id, Action.notes,
                                                                             Action.position))}))
    return {a.id: (a.title, a.owner, a.team, a.due_on, a.status, a.goal, *extra[a.id])
            for a in w.query(queries.actions)}


def edited(path: Path, edit: Callable[[Worksheet], None]) -> Path:
    """The exported file after someone edited it in a spreadsheet program (openpyxl standing in)."""
    wb = openpyxl.load_workbook(path)
    edit(wb["Actions"])
    wb.save(path)
    return path


def row_of(ws: Worksheet, action_id: int) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == action_id)


def test_the_edits_made_in_the_sheet_and_nothing_else(demo: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(demo, out)
    before = state(demo)
    plan = demo.query(queries.actions)
    first, second, third = plan[0], plan[1], plan[2]
    people = {p.name: p for p in demo.query(queries.participants)}
    other = next(name for name in people if name not in (second.owner,))
    team = next(d.name for d in demo.query(queries.departments) if d.name != third.team)

    def edit(ws: Worksheet) -> None:
        ws.cell(row_of(ws, first.id), 6).value = "Dropped"  # any case
        r = row_of(ws, second.id)
        ws.cell(r, 3).value = f"  {other.upper()} "  # owner by name, case and spaces aside
        ws.cell(r, 5).value = "2027-04-01"  # a date typed as text
        r = row_of(ws, third.id)
        ws.cell(r, 8).value = "Called the vendor\nwaiting for a quote"
        ws.cell(r, 4).value = team.lower()
        ws.cell(r, 5).value = dt.datetime(2027, 6, 30)
        ws.append([None, "Brand new action", "Priya Raman", "Sales", dt.date(2027, 5, 1), "in progress", None,
                   "=SUM(A1:A3)"])  # typed as a formula: it comes in as its text, never evaluated

    planned = plan_import(demo, edited(out, edit))
    r = planned.report
    assert r.problems == ()
    assert r.added == 1 and len(r.changes) == 4 and r.unchanged == len(plan) - 3 and r.not_in_sheet == 0
    by_id = {c.action_id: c for c in r.changes}
    assert [(f.field, f.old, f.new) for f in by_id[first.id].fields] == [("Status", first.status, "dropped")]
    assert [(f.field, f.old, f.new) for f in by_id[second.id].fields] == [
        ("Owner", second.owner, other.upper()), ("Due date", second.due_on.isoformat(), "2027-04-01")]
    assert {f.field for f in by_id[third.id].fields} == {"Team", "Due date", "Notes"}
    assert "new action “Brand new action”" in by_id[None].describe()
    assert state(demo) == before  # planning changes nothing

    assert planned.command is not None and planned.command.label == IMPORT_LABEL
    demo.apply(planned.command)
    after = state(demo)
    expected = dict(before)
    t = expected[first.id]
    expected[first.id] = (*t[:4], "dropped", *t[5:])
    t = expected[second.id]
    expected[second.id] = (t[0], other, t[2], dt.date(2027, 4, 1), *t[4:])
    t = expected[third.id]
    expected[third.id] = (t[0], t[1], team, dt.date(2027, 6, 30), t[4], t[5],
                          "Called the vendor\nwaiting for a quote", t[7])
    new_id = max(after)
    assert after[new_id][:6] == ("Brand new action", "Priya Raman", "Sales", dt.date(2027, 5, 1), "in progress", "")
    assert after[new_id][6] == "=SUM(A1:A3)"
    assert after[new_id][7] > max(p for *_rest, p in before.values())  # at the end of the plan
    del after[new_id]
    assert after == expected

    demo.revert(planned.command)  # one undo puts everything back
    assert state(demo) == before
    demo.apply(planned.command)  # and redo does it all again
    assert {k: v for k, v in state(demo).items() if k != new_id} == expected


def test_bad_rows_are_reported_and_left_out_while_good_ones_apply(plan: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    before = state(plan)

    def edit(ws: Worksheet) -> None:
        ws["F2"] = "done"  # good: action 1
        ws["E3"] = "next week"  # action 2: bad date, and its good status change is not applied either
        ws["F3"] = "done"
        ws["F4"] = "finished"  # action 3: unknown status
        ws.append([999, "Gone", None, None, None, "open"])
        ws.append([1, "Define MQL", "Dana Whitfield", "Sales", None, "open"])  # listed twice
        ws.append([None, "Hire an SDR", "Nobody Here", None, None, None])
        ws.append([None, "Budget", None, "Finance", None, None])
        ws.append([None, None, None, None, None, "open", None, "notes but no title"])
        ws.append(["12a", "x", None, None, None, "open"])
        ws.append([None, "Numbers are not dates", None, None, 45000, None])
        ws.append([None, "A good new one", "марина оксенко", None, None, None])

    result = plan_import(plan, edited(out, edit)).report
    reasons = {p.row: p.reason for p in result.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert reasons[3].startswith("bad date “next week”")
    assert reasons[4].startswith("unknown status “finished”")
    assert reasons[5].startswith("unknown id 999")
    assert reasons[6].startswith("action 1 is listed twice")
    assert reasons[7].startswith("unknown owner “Nobody Here”")
    assert reasons[8].startswith("unknown team “Finance”")
    assert reasons[9] == "action cannot be empty"
    assert reasons[10].startswith("“12a” is not an action ID")
    assert reasons[11].startswith("bad date “45000”")
    assert result.summary() == "1 action changed, 1 added, 0 unchanged, 9 rows not applied."

    cmd = plan_import(plan, out).command
    assert cmd is not None
    plan.apply(cmd)
    after = state(plan)
    assert after[1][4] == "done" and after[2] == before[2] and after[3] == before[3]
    (new,) = set(after) - set(before)
    assert after[new][:2] == ("A good new one", "Марина Оксенко")
    plan.revert(cmd)
    assert state(plan) == before


def test_an_unedited_export_changes_nothing(demo: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(demo, out)
    result = plan_import(demo, out)
    assert result.command is None and result.report.changes == () and result.report.problems == ()
    assert result.report.unchanged == len(demo.query(queries.actions))


def test_rows_filtered_out_of_the_sheet_are_left_alone(plan: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    report = plan_import(plan, edited(out, lambda ws: ws.delete_rows(3, 2))).report
    assert report.not_in_sheet == 2 and report.changes == ()
    assert "2 actions of the plan are not in the sheet" in report.lines()[-1]


@pytest.mark.parametrize("spoil", ["rename", "header", "extra-header"])
def test_not_our_spreadsheet_is_refused(plan: Workshop, tmp_path: Path, spoil: str) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    wb = openpyxl.load_workbook(out)
    if spoil == "rename":
        wb["Actions"].title = "Plan"
    elif spoil == "header":
        wb["Actions"]["B1"] = "Action"
    else:
        wb["Actions"].insert_cols(1)
    wb.save(out)
    with pytest.raises(SpreadsheetError, match="not a Common Ground action spreadsheet"):
        plan_import(plan, out)


@pytest.mark.parametrize("content", [b"", b"ID,Title\n1,x\n", b"PK\x03\x04 truncated", b"\x00" * 5000])
def test_a_file_that_is_no_spreadsheet_is_refused(plan: Workshop, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(content)
    with pytest.raises(SpreadsheetError, match="not an xlsx|damaged"):
        plan_import(plan, bad)


def test_a_plain_zip_is_not_a_spreadsheet(plan: Workshop, tmp_path: Path) -> None:
    import zipfile

    bad = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("a.txt", "hello")
    with pytest.raises(SpreadsheetError, match="zip archive of something else"):
        plan_import(plan, bad)


def test_headless_round_trip_with_a_backup_first(plan: Workshop, tmp_path: Path, data_dir: Path) -> None:
    assert plan.path is not None
    path = plan.path
    plan.close()  # the command line works on a closed file
    out = tmp_path / "plan.xlsx"
    assert export_xlsx(path, out) == []
    edited(out, lambda ws: ws.__setitem__("F4", "done"))
    report = import_xlsx(path, out)
    assert [c.action_id for c in report.changes] == [3]
    entries = BackupStore(data_dir / "backups").entries(path)
    assert [e.reason for e in entries] == ["before-import"]
    from app.opening import open_checked

    w = open_checked(path)
    try:
        assert w.query(queries.actions)[2].status == "done"
    finally:
        w.close()
    assert not (path.parent / (path.name + ".lock")).exists()  # released


def test_headless_import_refuses_a_workshop_open_in_a_window(plan: Workshop, tmp_path: Path) -> None:
    assert plan.path is not None
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    edited(out, lambda ws: ws.__setitem__("F4", "done"))
    window = WorkshopLock(plan.path)
    assert window.acquire() is None
    try:
        before = plan.path.read_bytes()
        with pytest.raises(SpreadsheetError, match="is open by"):
            import_xlsx(plan.path, out)
        assert plan.path.read_bytes() == before
    finally:
        window.release()


def test_import_progress_reaches_the_end(demo: Workshop, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    export_workshop(demo, out)
    seen: list[tuple[int, int]] = []
    plan_import(demo, out, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_file_saved_again_by_libreoffice_imports_cleanly(demo: Workshop, tmp_path: Path) -> None:
    """Another program's xlsx (shared strings, drawings, its own styles) passes the checks and matches the plan."""
    out = tmp_path / "plan.xlsx"
    export_workshop(demo, out)
    edited(out, lambda ws: ws.__setitem__("F2", "open" if ws["F2"].value != "open" else "done"))
    resaved = tmp_path / "calc"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(out)],
                   check=True, capture_output=True, timeout=120)
    report = plan_import(demo, resaved / "plan.xlsx").report
    assert report.problems == ()
    assert [(c.action_id, [f.field for f in c.fields]) for c in report.changes] == [
        (demo.query(queries.actions)[0].id, ["Status"])]
    assert report.unchanged == len(demo.query(queries.actions)) - 1


def test_an_owner_name_two_people_share_is_not_guessed(plan: Workshop, tmp_path: Path) -> None:
    from app.commands import setup

    plan.apply(setup.add_participant(name="dana  whitfield", department="Marketing"))
    out = tmp_path / "plan.xlsx"
    export_workshop(plan, out)
    report = plan_import(plan, edited(out, lambda ws: ws.__setitem__("C4", "Dana Whitfield"))).report
    assert [(p.row, p.reason.split(";")[0]) for p in report.problems] == [(4, "2 owners are called “Dana Whitfield”")]
    assert report.changes == ()
