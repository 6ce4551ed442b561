"""The action spreadsheet writer: plain tables in, one xlsx file out, where no user text can become a formula.

openpyxl makes a formula of any string that starts with "=" and an error value of "#N/A" and its kin, so every
user string is written with its type forced to text, carrying the `quotePrefix` style (Excel and LibreOffice then
keep it text even when someone edits the cell later). Text a spreadsheet cannot hold is changed by one stated rule
(see `clean_text`) and each change is reported back as a warning; nothing the user typed makes the export fail.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exports.atomic import write_atomic

Progress = Callable[[int, int], None]

ACTIONS_SHEET = "Actions"
ACTION_HEADERS = ("ID", "Title", "Owner", "Team", "Due date", "Status", "Came from", "Notes")

MAX_CELL_CHARS = 32_767  # Excel's limit; openpyxl would cut longer text silently
CUT_MARK = "… [cut: {n:,} more characters are in the workshop]"
# XML 1.0 cannot carry C0 controls (bar tab, LF, CR), U+FFFE/U+FFFF or lone surrogates: openpyxl refuses the first
# at assignment and the others only at save, after the file is half written.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
DATE_FORMAT = "yyyy-mm-dd"
SPARE_ROWS = 1000  # rows below the data that still get the drop-down and the overdue colour, for rows added by hand
MAX_WARNINGS = 50
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | date | number
    wrap: bool = False  # long free text: wrapped, and the width capped lower
    max_width: int = 50


@dataclass(frozen=True)
class Overdue:
    """Colour a due date that has passed while its row's status is still one of `active`."""

    due: int  # column indexes, 0-based
    status: int
    active: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Any]]
    choices: dict[int, tuple[str, ...]] = field(default_factory=dict)  # column index -> drop-down values
    overdue: Overdue | None = None


def clean_text(value: str) -> tuple[str, str]:
    """What a cell can hold of `value`, and why it differs ("" when it does not).

    The policy: line breaks become LF (a spreadsheet's own line break; CR would not survive the XML anyway),
    characters no spreadsheet can store are left out, and text over Excel's 32,767 characters is cut, ending with
    a marker that says how much is missing."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    why = ""
    if _UNSTORABLE.search(value):
        removed = len(_UNSTORABLE.findall(value))
        value = _UNSTORABLE.sub("", value)
        why = f"{removed} character{'s' if removed != 1 else ''} no spreadsheet can store (control characters or " \
              "broken text) left out"
    if len(value) > MAX_CELL_CHARS:
        # Cut the marker's length shorter, so the cell still fits (the marker's count is of what is left out).
        keep = MAX_CELL_CHARS - len(CUT_MARK.format(n=len(value)))
        value, dropped = value[:keep], len(value) - keep
        value += CUT_MARK.format(n=dropped)
        why = (why + "; " if why else "") + f"longer than {MAX_CELL_CHARS:,} characters, so cut"
    return value, why


class _Writer:
    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.warnings: list[str] = []
        self.hidden_warnings = 0
        self.styles: dict[tuple[str, bool], Any] | None = None

    def warn(self, sheet: str, coordinate: str, header: str, why: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(f"{sheet}, cell {coordinate} ({header}): {why}.")
        else:
            self.hidden_warnings += 1

    def text(self, sheet: Sheet, row: int, col: int, value: str) -> str:
        cleaned, why = clean_text(value)
        if why:
            header = sheet.columns[col - 1].header if col <= len(sheet.columns) else ""
            self.warn(sheet.title, f"{get_column_letter(col)}{row}", header, why)
        return cleaned


def _styles(ws: Any) -> dict[tuple[str, bool], Any]:
    """The few cell styles of the whole workbook, made once: each cell copies one style array (setting a font or
    an alignment per cell would look it up in the workbook's lists every time, a third of a small export)."""
    out = {}
    for kind, wrap in (("header", True), ("text", False), ("text", True), ("date", False), ("number", False)):
        c = Cell(ws)
        c.alignment = Alignment(vertical="top", wrap_text=wrap or None)
        if kind == "header":
            c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDE3EA")
        if kind in ("header", "text"):
            c.quotePrefix = True
        elif kind == "date":
            c.number_format = DATE_FORMAT
        out[(kind, wrap)] = c._style
    return out


def _width(column: Column, texts: Sequence[str]) -> float:
    if column.kind == "date":
        longest = 10
    else:
        longest = max((max(map(len, t.split("\n"))) if "\n" in t else len(t) for t in texts), default=0)
    cap = min(column.max_width, 60 if column.wrap else column.max_width)
    floor = 20 if column.wrap else 4  # room to type into a free-text column that is empty so far
    return float(min(cap, max(len(column.header), longest, floor) + 2))


def _write_sheet(w: _Writer, sheet: Sheet, first: bool, tick: Callable[[int], None]) -> None:
    ws = w.wb.active if first else w.wb.create_sheet()
    ws.title = sheet.title
    columns = sheet.columns
    if w.styles is None:
        w.styles = _styles(ws)
    header_cells = []
    for col, column in enumerate(columns, 1):
        c = Cell(ws, value=w.text(sheet, 1, col, column.header), style_array=w.styles[("header", True)])
        c.data_type = "s"  # headers may be names people typed (the RACI's columns)
        header_cells.append(c)
    ws.append(header_cells)
    styles = [w.styles[(c.kind, c.wrap and c.kind == "text")] for c in columns]
    texts: list[list[str]] = [[] for _ in columns]
    for r, values in enumerate(sheet.rows, 2):
        cells: list[Any] = []
        for col, value in enumerate(values, 1):
            if value is None or value == "":
                cells.append(None)
                continue
            c = Cell(ws, style_array=styles[col - 1])
            if isinstance(value, str):
                value = w.text(sheet, r, col, value)
                # Text whatever it looks like: openpyxl made "=…" a formula and "#N/A" an error value just now.
                c.value = value
                c.data_type = "s"
                texts[col - 1].append(value)
            else:
                if isinstance(value, dt.datetime):
                    value = value.replace(tzinfo=None)
                c.value = value
                if columns[col - 1].kind == "number":
                    texts[col - 1].append(str(value))
            cells.append(c)
        ws.append(cells)
        if (r - 1) % PROGRESS_EVERY == 0:
            tick(PROGRESS_EVERY)
    tick((len(sheet.rows)) % PROGRESS_EVERY)
    last = len(sheet.rows) + 1
    for col, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(col)].width = _width(column, texts[col - 1])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    reach = last + SPARE_ROWS
    for col, options in sheet.choices.items():
        # Our own vocabulary (the statuses), never user text; a list formula holds no commas or quotes.
        assert all("," not in o and '"' not in o for o in options)
        letter = get_column_letter(col + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=columns[col].header,
                            error="Pick one of: " + ", ".join(options))
        dv.add(f"{letter}2:{letter}{reach}")
        ws.add_data_validation(dv)
    if sheet.overdue is not None:
        due, status = get_column_letter(sheet.overdue.due + 1), get_column_letter(sheet.overdue.status + 1)
        active = ",".join(f'${status}2="{s.replace(chr(34), chr(34) * 2)}"' for s in sheet.overdue.active)
        rule = FormulaRule(formula=[f"AND(ISNUMBER(${due}2),${due}2<TODAY(),OR({active}))"],
                           font=Font(bold=True, color="9C0006"), fill=PatternFill("solid", bgColor="FFC7CE"))
        ws.conditional_formatting.add(f"{due}2:{due}{reach}", rule)


def write_workbook(path: Path, sheets: Sequence[Sheet], *, progress: Progress | None = None) -> list[str]:
    """Write `sheets` to `path`, replacing it only once the new file is complete; returns the warnings (text that
    had to change, see `clean_text`) for the user. Raises OSError when the file cannot be written, leaving what
    was at `path` untouched."""
    total = sum(len(s.rows) for s in sheets) + 1  # the last step is the save
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    wb = Workbook()
    w = _Writer(wb)
    for i, sheet in enumerate(sheets):
        _write_sheet(w, sheet, i == 0, tick)
    write_atomic(Path(path), wb.save)
    tick(1)
    if w.hidden_warnings:
        w.warnings.append(f"… and {w.hidden_warnings} more cell{'s' if w.hidden_warnings != 1 else ''} changed the "
                          "same way.")
    return w.warnings

