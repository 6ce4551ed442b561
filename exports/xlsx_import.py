"""Reading the Actions sheet of an action spreadsheet back, treating the file as hostile until it passes each check.

The checks run cheapest first, each before anything that the previous one protects: the file is a zip of a
sensible size; no member unpacks to more than `MAX_RATIO` times its packed size, nor all of them to more than
`MAX_UNPACKED_BYTES` (zipfile never yields more than a member's declared size, so the declared sizes bound what
can be unpacked); one streaming pass over the XML finds no DTD (a real xlsx never has one, and that is where entity
expansion and external entities live; openpyxl parses through defusedxml as well) and no sheet over the row cap;
only then does openpyxl open it, read-only,
formulas kept as their text and never evaluated, and the Actions sheet is read up to `MAX_ROWS` rows.
"""
from __future__ import annotations

import datetime as dt
import time
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from exports.xlsx import ACTION_HEADERS, ACTIONS_SHEET

Progress = Callable[[int, int], None]

MAX_FILE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 50 * 2**20
MAX_RATIO = 100
RATIO_FROM_BYTES = 2**20  # below a megabyte unpacked, no ratio can hurt (an empty sheet packs 50:1)
MAX_MEMBERS = 1000
MAX_ROWS = 20_000  # data rows of the Actions sheet (of any sheet, in fact); a plan is a few hundred
MAX_CELLS = 400_000  # of one sheet: the cap's rows of eight columns, with room to spare
MAX_ELEMENTS = 2_000_000  # of one XML part; a full Actions sheet has about 500,000
MAX_SECONDS = 30.0  # a budget for the whole read, whatever the file found to slow it down
PROGRESS_EVERY = 500


class ImportRejected(Exception):
    """The file is not read at all: it is not our spreadsheet, or it is unsafe to read. Nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SheetRow:
    """One data row of the Actions sheet, values as the cells hold them (str, int, float, datetime or None)."""

    number: int  # the row number the spreadsheet shows
    id: Any
    title: Any
    owner: Any
    team: Any
    due: Any
    status: Any
    notes: Any


def check_archive(path: Path) -> None:
    """Refuse a file that is not a zip, or whose contents would unpack to far more than an action plan needs."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ImportRejected(f"{name} could not be read: {exc.strerror or exc}.") from exc
    if magic != b"PK\x03\x04":
        raise ImportRejected(f"{name} is not an xlsx spreadsheet (an xlsx file is a zip archive; this is not one).")
    if size > MAX_FILE_BYTES:
        raise ImportRejected(f"{name} is {size / 2**20:.0f} MB: far larger than any action spreadsheet "
                             f"(at most {MAX_FILE_BYTES // 2**20} MB is read).")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRejected(f"{name} is damaged: its zip archive cannot be read ({exc}).") from exc
    if len(members) > MAX_MEMBERS:
        raise ImportRejected(f"{name} holds {len(members):,} parts; an action spreadsheet has a few dozen.")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise ImportRejected(f"{name} is encrypted; save it without a password and import it again.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise ImportRejected(f"{name} is not safe to read: its part {info.filename} unpacks to {ratio:,.0f} "
                                 f"times its size (a 'zip bomb'; at most {MAX_RATIO}:1 is read).")
    if total > MAX_UNPACKED_BYTES:
        raise ImportRejected(f"{name} is not safe to read: it unpacks to {total / 2**20:,.0f} MB "
                             f"(at most {MAX_UNPACKED_BYTES // 2**20} MB is read).")
    if "[Content_Types].xml" not in {info.filename for info in members}:
        raise ImportRejected(f"{name} is not an xlsx spreadsheet (it is a zip archive of something else).")


class _Refused(Exception):
    pass


def scan_xml(path: Path, *, max_rows: int = MAX_ROWS, deadline: float | None = None) -> None:
    """Read every XML part once with expat before openpyxl sees any: refuse a DTD, a sheet over the row or cell cap
    (also a row numbered past it), and a part of more elements than any spreadsheet of a plan has.

    openpyxl would read a whole sheet that lacks its dimensions just to size it, so this pass, which stops at the
    first limit it meets, is what keeps a million-row file to a fraction of a second."""
    name = path.name
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            sheet = info.filename.startswith("xl/worksheets/")
            counts = {"elements": 0, "rows": 0, "cells": 0}
            parser = expat.ParserCreate()

            def doctype(*_args: Any, part: str = info.filename) -> None:
                raise _Refused(f"{name} is not safe to read: its part {part} declares a DTD (which can pull "
                               "in other files or expand without end); no spreadsheet program writes one.")

            def element(tag: str, attrs: dict[str, str], *, sheet: bool = sheet, counts: dict[str, int] = counts,
                        part: str = info.filename) -> None:
                counts["elements"] += 1
                if counts["elements"] > MAX_ELEMENTS:
                    raise _Refused(f"{name} is far larger than an action spreadsheet: its part {part} holds more "
                                   f"than {MAX_ELEMENTS:,} elements.")
                if not sheet:
                    return
                local = tag.rpartition(":")[2]
                if local == "row":
                    counts["rows"] += 1
                    number = attrs.get("r", "")
                    if counts["rows"] > max_rows + 1 or (number.isdigit() and int(number) > max_rows + 1):
                        raise _Refused(_too_many(name, max_rows, max_rows, at_least=True, sheet=""))
                elif local == "c":
                    counts["cells"] += 1
                    if counts["cells"] > MAX_CELLS:
                        raise _Refused(f"{name} has more than {MAX_CELLS:,} cells on one sheet; an action "
                                       "spreadsheet has far fewer.")

            parser.StartDoctypeDeclHandler = doctype
            parser.EntityDeclHandler = doctype
            parser.StartElementHandler = element
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(2**16):
                        parser.Parse(chunk, False)
                        if deadline is not None and time.monotonic() > deadline:
                            raise _Refused(f"{name} took too long to read; it is not imported.")
                    parser.Parse(b"", True)
            except _Refused as exc:
                raise ImportRejected(str(exc)) from None
            except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise ImportRejected(f"{name} is damaged: its part {info.filename} cannot be read "
                                     f"({exc}).") from exc


def read_actions(path: Path, *, progress: Progress | None = None, max_rows: int = MAX_ROWS,
                 max_seconds: float = MAX_SECONDS) -> list[SheetRow]:
    """The data rows of the Actions sheet of a Common Ground action spreadsheet; ImportRejected for anything else.

    Empty rows are left out. Formula cells come back as their text ("=SUM(A1)"), never evaluated."""
    path = Path(path)
    started = time.monotonic()
    check_archive(path)
    scan_xml(path, max_rows=max_rows, deadline=started + max_seconds)
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # installed with the app; without it openpyxl parses with no guard at all
        raise ImportRejected("Spreadsheets cannot be imported safely here: the defusedxml package is missing.")
    name = path.name
    not_ours = (f"{name} is not a Common Ground action spreadsheet: it needs a sheet called “{ACTIONS_SHEET}” "
                f"whose first row is {', '.join(ACTION_HEADERS)} (as the app exports it).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on features it drops (extensions, styles)
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # an untrusted file can make a parser raise almost anything
        raise ImportRejected(f"{name} could not be read as a spreadsheet ({type(exc).__name__}: {exc}).") from exc
    try:
        if ACTIONS_SHEET not in wb.sheetnames:
            raise ImportRejected(not_ours)
        ws = wb[ACTIONS_SHEET]
        if not hasattr(ws, "iter_rows"):  # a chart sheet of that name
            raise ImportRejected(not_ours)
        declared = ws.max_row
        if declared is not None and declared > max_rows + 1:
            raise ImportRejected(_too_many(name, declared - 1, max_rows))
        # Read past the dimensions the file declares (they may lie) but never past the cap.
        ws.reset_dimensions()
        return _rows(ws, name, not_ours, progress, max_rows, started + max_seconds, declared)
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected(f"{name} could not be read as a spreadsheet ({type(exc).__name__}: {exc}).") from exc
    finally:
        wb.close()


def _rows(ws: Any, name: str, not_ours: str, progress: Progress | None, max_rows: int, deadline: float,
          declared: int | None) -> list[SheetRow]:
    width = len(ACTION_HEADERS)
    rows = ws.iter_rows(min_row=1, max_row=max_rows + 2, max_col=width, values_only=True)
    header = next(rows, None)
    if header is None or tuple(_header_text(v) for v in header) != ACTION_HEADERS:
        raise ImportRejected(not_ours)
    total = max((declared or 1) - 1, 0)
    out: list[SheetRow] = []
    for number, values in enumerate(rows, 2):
        if number > max_rows + 1:
            raise ImportRejected(_too_many(name, max_rows, max_rows, at_least=True))
        if number % PROGRESS_EVERY == 0:
            if time.monotonic() > deadline:
                raise ImportRejected(f"{name} took too long to read; it is not imported.")
            if progress is not None:
                progress(number - 1, max(total, number - 1))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        out.append(SheetRow(number, *values[:2], values[2], values[3], _date_value(values[4]), values[5],
                            values[7]))
    if progress is not None:
        progress(len(out), len(out))
    return out


def _header_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _date_value(value: Any) -> Any:
    # A date cell comes back as a datetime at midnight; the plan holds dates.
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _too_many(name: str, rows: int, cap: int, *, at_least: bool = False, sheet: str = ACTIONS_SHEET) -> str:
    more = "more than " if at_least else ""
    where = f"its {sheet} sheet" if sheet else "a sheet"
    return (f"{name} has {more}{rows:,} rows on {where}; at most {cap:,} are imported. "
            "Split it, or remove the rows that are not actions.")
