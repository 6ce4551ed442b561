"""Hostile spreadsheets are refused within seconds, and the workshop is left byte for byte as it was."""
from __future__ import annotations

import hashlib
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from app.spreadsheet import SpreadsheetError, export_workshop, import_xlsx
from app.workshop import Workshop
from exports import xlsx_import

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_ROW = ('<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{h}</t></is></c>'
    for col, h in zip("ABCDEFGH", ("ID", "Title", "Owner", "Team", "Due date", "Status", "Came from", "Notes"),
                      strict=True)) + "</row>")


@pytest.fixture
def closed_plan(plan: Workshop, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The plan's file (closed, as the command line finds it) and a genuine export of it to spoil."""
    out = tmp_path / "genuine.xlsx"
    export_workshop(plan, out)
    assert plan.path is not None
    plan.close()
    yield plan.path, out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def respun(source: Path, target: Path, replace: dict[str, bytes | Callable[[zipfile.ZipFile], None]]) -> Path:
    """A copy of `source` with some parts replaced (bytes) or written by a function (streamed, for large ones)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in replace:
                dst.writestr(info.filename, src.read(info.filename))
        for name, part in replace.items():
            if callable(part):
                part(dst)
            else:
                dst.writestr(name, part)
    return target


def assert_refused(workshop: Path, xlsx: Path, match: str) -> None:
    before = digest(workshop)
    started = time.monotonic()
    with pytest.raises(SpreadsheetError, match=match) as caught:
        import_xlsx(workshop, xlsx)
    took = time.monotonic() - started
    assert took < 5, f"refused only after {took:.1f} s"
    assert digest(workshop) == before
    assert "root:" not in caught.value.message  # nothing of a local file leaks into the message either


def test_a_zip_bomb_is_refused(closed_plan: tuple[Path, Path], tmp_path: Path) -> None:
    workshop, genuine = closed_plan

    def bomb(zf: zipfile.ZipFile) -> None:  # 200 MB of one byte: about 200 KB packed
        with zf.open(SHEET, "w", force_zip64=True) as fh:
            fh.write(f"<worksheet {NS}><sheetData>".encode())
            block = b" " * 2**20
            for _ in range(200):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")

    bad = respun(genuine, tmp_path / "bomb.xlsx", {SHEET: bomb})
    assert bad.stat().st_size < 2**20
    assert_refused(workshop, bad, "zip bomb")


def test_a_file_that_unpacks_too_large_is_refused(closed_plan: tuple[Path, Path], tmp_path: Path) -> None:
    workshop, genuine = closed_plan
    alphabet = bytes.maketrans(bytes(range(256)), b"ACGT" * 64)

    def filler(zf: zipfile.ZipFile) -> None:  # 60 MB packing only about 4:1, so no ratio check catches it
        for i in range(6):
            zf.writestr(f"xl/media/part{i}.bin", os.urandom(10 * 2**20).translate(alphabet),
                        compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)

    bad = respun(genuine, tmp_path / "large.xlsx", {"xl/media/part0.bin": filler})
    assert bad.stat().st_size < xlsx_import.MAX_FILE_BYTES
    assert_refused(workshop, bad, "unpacks to 60 MB")


def test_a_dtd_with_an_external_entity_is_refused(closed_plan: tuple[Path, Path], tmp_path: Path) -> None:
    workshop, genuine = closed_plan
    xxe = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           f'<worksheet {NS}><sheetData>{HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c>'
           '</row></sheetData></worksheet>').encode()
    assert_refused(workshop, respun(genuine, tmp_path / "xxe.xlsx", {SHEET: xxe}), "declares a DTD")


def test_entity_expansion_is_refused(closed_plan: tuple[Path, Path], tmp_path: Path) -> None:
    workshop, genuine = closed_plan
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "lol">{laughs}]>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&l9;</t></si></sst>')
    parts = {"xl/sharedStrings.xml": bomb.encode()}
    assert_refused(workshop, respun(genuine, tmp_path / "laughs.xlsx", parts), "declares a DTD")


def test_defusedxml_still_stands_behind_the_dtd_check(closed_plan: tuple[Path, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Without our own check, openpyxl parses through defusedxml, which refuses the entity too."""
    workshop, genuine = closed_plan
    assert openpyxl.DEFUSEDXML is True
    xxe = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           f'<worksheet {NS}><sheetData>{HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c>'
           '</row></sheetData></worksheet>').encode()
    monkeypatch.setattr(xlsx_import, "scan_xml", lambda _path, **_kw: None)
    assert_refused(workshop, respun(genuine, tmp_path / "xxe.xlsx", {SHEET: xxe}), "could not be read")


def million_rows(dimension: str) -> Callable[[zipfile.ZipFile], None]:
    def write(zf: zipfile.ZipFile) -> None:  # rows of one short cell: 26 MB of XML, inside the size limits
        with zf.open(SHEET, "w", force_zip64=True) as fh:
            fh.write(f"<worksheet {NS}>{dimension}<sheetData>{HEADER_ROW}".encode())
            for start in range(2, 1_000_002, 50_000):
                fh.write("".join(f'<row r="{r}"><c r="A{r}"/></row>' for r in range(start, start + 50_000)).encode())
            fh.write(b"</sheetData></worksheet>")
    return write


@pytest.mark.parametrize("dimension", ['<dimension ref="A1:H1000001"/>', ""])
def test_a_million_rows_are_refused(closed_plan: tuple[Path, Path], tmp_path: Path, dimension: str) -> None:
    workshop, genuine = closed_plan
    bad = respun(genuine, tmp_path / "rows.xlsx", {SHEET: million_rows(dimension)})
    assert bad.stat().st_size < xlsx_import.MAX_FILE_BYTES
    assert_refused(workshop, bad, "has more than 20,000 rows")


@pytest.mark.parametrize("dimension", ["", '<dimension ref="A1:H3"/>'])
def test_rows_past_the_cap_are_refused_whatever_the_file_declares(closed_plan: tuple[Path, Path], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  dimension: str) -> None:
    """Under the size limits but over the row cap, with the dimensions missing or lying: counted while read."""
    workshop, genuine = closed_plan

    def rows(zf: zipfile.ZipFile) -> None:
        body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 30_002))
        zf.writestr(SHEET, f"<worksheet {NS}>{dimension}<sheetData>{HEADER_ROW}{body}</sheetData></worksheet>")

    bad = respun(genuine, tmp_path / "rows.xlsx", {SHEET: rows})
    assert_refused(workshop, bad, "has more than 20,000 rows")


def test_a_far_away_row_is_refused_without_reading_the_gap(closed_plan: tuple[Path, Path], tmp_path: Path) -> None:
    workshop, genuine = closed_plan
    far = f'<worksheet {NS}><sheetData>{HEADER_ROW}<row r="1048576"><c r="A1048576"><v>1</v></c></row>' \
          '</sheetData></worksheet>'
    assert_refused(workshop, respun(genuine, tmp_path / "far.xlsx", {SHEET: far.encode()}), "rows")


def test_a_damaged_sheet_is_refused(closed_plan: tuple[Path, Path], tmp_path: Path) -> None:
    workshop, genuine = closed_plan
    broken = f"<worksheet {NS}><sheetData>{HEADER_ROW}<row r='2'><c r='A2'".encode()
    assert_refused(workshop, respun(genuine, tmp_path / "broken.xlsx", {SHEET: broken}), "is damaged")


@pytest.mark.parametrize("dimension", ['<dimension ref="A1:H30001"/>', '<dimension ref="A1:H3"/>', ""])
def test_the_reader_counts_rows_itself_behind_the_scan(closed_plan: tuple[Path, Path], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, dimension: str) -> None:
    """The row cap holds in openpyxl's pass too: by the declared dimensions, and by counting when they lie."""
    workshop, genuine = closed_plan
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 30_002))
    sheet = f"<worksheet {NS}>{dimension}<sheetData>{HEADER_ROW}{body}</sheetData></worksheet>".encode()
    monkeypatch.setattr(xlsx_import, "scan_xml", lambda _path, **_kw: None)
    assert_refused(workshop, respun(genuine, tmp_path / "rows.xlsx", {SHEET: sheet}), "30,000 rows|more than 20,000")
