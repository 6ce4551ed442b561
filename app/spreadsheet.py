"""The action spreadsheet as a service: what goes in it, and what its Actions sheet changes when it comes back.

Qt-free. Exporting reads through `app.queries`; importing compares each row with the plan and builds one `Macro`
of the plan's own commands, so the whole import is one undo step and every value passes the same checks as an
edit typed on screen. The headless functions at the end are what the command line calls.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import queries
from app.commands.actions import ACTION_FIELDS, add_action, edit_action
from app.commands.base import Command, Macro
from app.errors import ValidationError, WorkshopError
from app.workshop import Workshop
from exports.xlsx import ACTION_HEADERS, ACTIONS_SHEET, Column, Overdue, Sheet, clean_text, write_workbook
from models import ACTION_STATUSES, Action

Progress = Callable[[int, int], None]

ACTIVE_STATUSES = ("open", "in progress")  # as ActionRow.is_overdue counts them
IMPORT_LABEL = "Import action spreadsheet"


class SpreadsheetError(WorkshopError):
    title = "Action spreadsheet"


# -- export ------------------------------------------------------------------------------------------------


def _notes(s: Session) -> dict[int, str]:
    return {i: notes or "" for i, notes in s.execute(select(Action.id, Action.notes))}


def _came_from(a: queries.ActionRow) -> str:
    for kind, text in (("Rivalry", a.rivalry), ("Need", a.need), ("Theme", a.theme), ("Challenge", a.challenge),
                       ("Parking lot", a.parked)):
        if text:
            return f"{kind}: {text}"
    return ""


def _action_sheet(s: Session) -> Sheet:
    notes = _notes(s)
    rows = [(a.id, a.title, a.owner, a.team, a.due_on, a.status, _came_from(a), notes.get(a.id, ""))
            for a in queries.actions(s)]
    kinds = {"ID": "number", "Due date": "date"}
    wrapped = {"Title", "Came from", "Notes"}
    columns = tuple(Column(h, kinds.get(h, "text"), wrap=h in wrapped, max_width=18 if h == "Status" else 50)
                    for h in ACTION_HEADERS)
    status, due = ACTION_HEADERS.index("Status"), ACTION_HEADERS.index("Due date")
    return Sheet(ACTIONS_SHEET, columns, rows, choices={status: ACTION_STATUSES},
                 overdue=Overdue(due=due, status=status, active=ACTIVE_STATUSES))


def _goal_sheet(s: Session) -> Sheet | None:
    goals = queries.goals(s)
    if not goals:
        return None
    columns = (Column("Goal", wrap=True), Column("Metric", wrap=True), Column("Unit"), Column("Baseline", "number"),
               Column("Target", "number"), Column("Deadline", "date"), Column("Data source", wrap=True),
               Column("Owner teams"))
    rows = [(g.statement, g.metric, g.unit, g.baseline, g.target, g.deadline, g.data_source, g.owners)
            for g in goals]
    return Sheet("Goals & KPIs", columns, rows)


def _sla_sheet(s: Session) -> Sheet | None:
    view = queries.sla(s, queries.version_in_force(s))  # the agreement in force, not a draft amending it
    if view.version is None or not view.commitments:
        return None
    columns = (Column("Side"), Column("Commitment", wrap=True), Column("Metric", wrap=True), Column("Comparison"),
               Column("Target", "number"), Column("Unit"), Column("Period"), Column("Owner"))
    rows = [(c.side, c.text, c.metric, c.comparison, c.target, c.unit, c.period, c.owner) for c in view.commitments]
    return Sheet("SLA commitments", columns, rows)


def _raci_sheet(s: Session) -> Sheet | None:
    activities = [a for a in queries.activities(s) if a.cells]
    if not activities:
        return None
    people = queries.participants(s)
    columns = (Column("Activity", wrap=True),
               *(Column(f"{p.name} ({p.department})" if p.department else p.name, max_width=24) for p in people),
               Column("Check", wrap=True))
    rows = [(a.name, *(a.letter_of(p.id) for p in people), a.problem) for a in activities]
    return Sheet("RACI", columns, rows)


def _persona_sheet(s: Session) -> Sheet | None:
    personas = queries.personas(s)
    if not personas:
        return None
    headers = ("Persona", "Role", "Industry", "Company size", "Region", "Company profile", "Goals", "Pains",
               "Objections", "Channels", "Buying triggers", "Fit criteria", "Owners")
    long = {"Company profile", "Goals", "Pains", "Objections", "Channels", "Buying triggers", "Fit criteria"}
    columns = tuple(Column(h, wrap=h in long, max_width=40) for h in headers)
    rows = [(p.name, p.role, p.industry, p.size_band, p.region, p.company_profile, p.goals, p.pains, p.objections,
             p.channels, p.buying_triggers, p.fit_criteria, ", ".join(p.owners)) for p in personas]
    return Sheet("Personas", columns, rows)


def _rota_sheet(s: Session) -> Sheet | None:
    board = queries.rota_board(s)
    if not board.turns:
        return None
    meetings = {m.id: m for m in board.meetings}
    columns = (Column("Week of", "date"), Column("Meeting"), Column("Cadence"), Column("Host team"),
               Column("Who goes"))
    rows = []
    for t in board.turns:
        m = meetings.get(t.meeting_id)
        rows.append((t.week, t.meeting, m.cadence if m else "", m.host if m else "", t.participant))
    return Sheet("Meeting rota", columns, rows)


def spreadsheet_sheets(s: Session) -> list[Sheet]:
    """Every sheet the workshop has rows for; the Actions sheet always (it is the one that comes back)."""
    sheets = [_action_sheet(s)]
    for make in (_goal_sheet, _sla_sheet, _raci_sheet, _persona_sheet, _rota_sheet):
        sheet = make(s)
        if sheet is not None:
            sheets.append(sheet)
    return sheets


def export_workshop(workshop: Workshop, out_path: Path, *, progress: Progress | None = None) -> list[str]:
    """Write the action spreadsheet of an open workshop; returns the warnings about text that had to change."""
    if workshop.path is not None and Path(out_path).resolve() == workshop.path.resolve():
        raise SpreadsheetError("The spreadsheet would replace the workshop file itself; choose another name.")
    sheets = workshop.query(spreadsheet_sheets)
    try:
        return write_workbook(Path(out_path), sheets, progress=progress)
    except OSError as exc:
        raise SpreadsheetError(f"The spreadsheet could not be written to {out_path}: {exc.strerror or exc}. "
                               "Any file that was there is unchanged.") from exc


# -- import ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str  # as the sheet's header says it
    old: str
    new: str


@dataclass(frozen=True)
class ActionChange:
    row: int  # the sheet's row number
    action_id: int | None  # None: a new action
    title: str
    fields: tuple[FieldChange, ...]

    def describe(self) -> str:
        what = "; ".join(f"{f.field} “{_short(f.old)}” → “{_short(f.new)}”" for f in self.fields)
        if self.action_id is None:
            return f"Row {self.row}: new action “{self.title}”" + (f" ({what})" if what else "")
        return f"Action {self.action_id} “{self.title}”: {what}"


def _short(text: str, limit: int = 80) -> str:
    """A long value (notes) shortened for a line of the report."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class RowProblem:
    row: int
    action_id: int | None
    reason: str

    def describe(self) -> str:
        return f"Row {self.row}: {self.reason}"


@dataclass(frozen=True)
class ImportReport:
    changes: tuple[ActionChange, ...]  # what is (or, once applied, was) changed, new actions included
    problems: tuple[RowProblem, ...]  # rows left out, each with its reason
    unchanged: int  # rows that matched the plan as it is
    not_in_sheet: int  # actions of the plan the sheet does not list (left as they are: a sheet may be filtered)

    @property
    def added(self) -> int:
        return sum(c.action_id is None for c in self.changes)

    def summary(self) -> str:
        updated = len(self.changes) - self.added
        parts = [f"{updated} action{'s' if updated != 1 else ''} changed", f"{self.added} added",
                 f"{self.unchanged} unchanged"]
        if self.problems:
            parts.append(f"{len(self.problems)} row{'s' if len(self.problems) != 1 else ''} not applied")
        return ", ".join(parts) + "."

    def lines(self) -> list[str]:
        out = [self.summary()]
        out += [c.describe() for c in self.changes]
        if self.problems:
            out.append("Not applied:")
            out += ["  " + p.describe() for p in self.problems]
        if self.not_in_sheet:
            out.append(f"{self.not_in_sheet} action{'s' if self.not_in_sheet != 1 else ''} of the plan "
                       f"{'are' if self.not_in_sheet != 1 else 'is'} not in the sheet and were left as they are.")
        return out


@dataclass(frozen=True)
class ImportPlan:
    report: ImportReport
    command: Command | None  # one undo step for every change; None when nothing changes


class _RowRefused(Exception):
    pass


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _names(rows: Sequence[tuple[int, str]], what: str) -> Callable[[str], int]:
    found: dict[str, list[int]] = {}
    for i, name in rows:
        found.setdefault(_key(name), []).append(i)

    def look_up(name: str) -> int:
        ids = found.get(_key(name))
        if not ids:
            raise _RowRefused(f"unknown {what} “{name}”" + (" (name them in Setup first)" if what == "owner" else ""))
        if len(ids) > 1:
            raise _RowRefused(f"{len(ids)} {what}s are called “{name}”; set this one in the app")
        return ids[0]

    return look_up


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    return str(value)


def _action_id(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _RowRefused(f"“{value}” is not an action ID")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,18}\s*", value):
        return int(value)
    raise _RowRefused(f"“{_text(value)}” is not an action ID (leave the ID empty for a new action)")


def _due(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _RowRefused(f"bad date “{_text(value)}” (use a date cell, or text such as 2027-03-31)")


def _status(value: Any) -> str:
    text = _text(value).strip().lower()
    if text not in ACTION_STATUSES:
        shown = _text(value)
        raise _RowRefused(f"unknown status “{shown}” (one of: {', '.join(ACTION_STATUSES)})" if shown
                          else f"the status is empty (one of: {', '.join(ACTION_STATUSES)})")
    return text


def _as_exported(current: str, cell: Any) -> bool:
    """Whether the cell still shows what the export wrote for `current` (cleaned, or cut to fit): not an edit."""
    return clean_text(current)[0] == _text(cell)


def _parse(field: str, value: Any) -> Any:
    try:
        return ACTION_FIELDS[field](value)
    except ValidationError as exc:
        raise _RowRefused(exc.message[:1].lower() + exc.message[1:].rstrip(".")) from None


def plan_import(workshop: Workshop, xlsx_path: Path, *, progress: Progress | None = None) -> ImportPlan:
    """Read an action spreadsheet and work out what it changes, as one command the caller applies (the window
    pushes it on its undo stack). Raises SpreadsheetError, changing nothing, for a file it will not read."""
    return plan_rows(workshop, read_sheet(Path(xlsx_path), progress=progress))


def read_sheet(xlsx_path: Path, *, progress: Progress | None = None) -> list[Any]:
    """The Actions sheet's rows, after every check an untrusted file gets; touches no workshop, so the window runs
    it off the UI thread. Raises SpreadsheetError for a file it will not read."""
    from exports.xlsx_import import ImportRejected, read_actions

    try:
        return list(read_actions(Path(xlsx_path), progress=progress))
    except ImportRejected as exc:
        raise SpreadsheetError(exc.message) from exc


def plan_rows(workshop: Workshop, rows: Sequence[Any]) -> ImportPlan:
    """What rows read by `read_sheet` change in the workshop, as one command."""
    return workshop.query(lambda s: _plan(s, rows))


def _plan(s: Session, rows: Sequence[Any]) -> ImportPlan:
    actions = {a.id: a for a in queries.actions(s)}
    notes = _notes(s)
    owner_of = _names([(p.id, p.name) for p in queries.participants(s)], "owner")
    team_of = _names([(d.id, d.name) for d in queries.departments(s)], "team")
    changes: list[ActionChange] = []
    problems: list[RowProblem] = []
    commands: list[Command] = []
    seen: dict[int, int] = {}
    unchanged = 0
    for row in rows:
        action_id: int | None = None
        try:
            action_id = _action_id(row.id)
            if action_id is None:
                change, made = _new_action(row, owner_of, team_of)
            else:
                if action_id in seen:
                    raise _RowRefused(f"action {action_id} is listed twice (first on row {seen[action_id]})")
                seen[action_id] = row.number
                current = actions.get(action_id)
                if current is None:
                    raise _RowRefused(f"unknown id {action_id}: no action has this ID in this workshop (it may "
                                      "have been removed since the export); leave the ID empty to add it as new")
                change, made = _edits(row, current, notes.get(action_id, ""), owner_of, team_of)
        except _RowRefused as exc:
            problems.append(RowProblem(row.number, action_id, str(exc)))
            continue
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
            commands.extend(made)
    report = ImportReport(tuple(changes), tuple(problems), unchanged, len(set(actions) - set(seen)))
    return ImportPlan(report, Macro(IMPORT_LABEL, commands) if commands else None)


def _edits(row: Any, a: queries.ActionRow, current_notes: str, owner_of: Callable[[str], int],
           team_of: Callable[[str], int]) -> tuple[ActionChange | None, list[Command]]:
    """The edits one row makes to an existing action, all checked before any is made (a bad value refuses the
    row whole)."""
    found: list[tuple[str, Any, str, str]] = []  # (field, new value, old shown, new shown)

    def text_field(field: str, current: str, cell: Any) -> None:
        if _as_exported(current, cell):
            return
        new = _parse(field, _text(cell))
        if new != current:
            found.append((field, new, current, new))

    text_field("title", a.title, row.title)
    owner_name = _text(row.owner).strip()
    if not _as_exported(a.owner, row.owner):
        owner_id = owner_of(owner_name) if owner_name else None
        if owner_id != a.owner_id:
            found.append(("owner_id", owner_id, a.owner, owner_name))
    team_name = _text(row.team).strip()
    if not _as_exported(a.team, row.team):
        team_id = team_of(team_name) if team_name else None
        if team_id != a.team_id:
            found.append(("team_id", team_id, a.team, team_name))
    due = _due(row.due)
    if due != a.due_on:
        found.append(("due_on", due, a.due_on.isoformat() if a.due_on else "", due.isoformat() if due else ""))
    status = _status(row.status)
    if status != a.status:
        found.append(("status", status, a.status, status))
    text_field("notes", current_notes, row.notes)
    if not found:
        return None, []
    headers = {"title": "Title", "owner_id": "Owner", "team_id": "Team", "due_on": "Due date", "status": "Status",
               "notes": "Notes"}
    commands = [edit_action(a.id, field, value) for field, value, _old, _new in found]
    return (ActionChange(row.number, a.id, a.title,
                         tuple(FieldChange(headers[f], old, new) for f, _v, old, new in found)), commands)


def _new_action(row: Any, owner_of: Callable[[str], int],
                team_of: Callable[[str], int]) -> tuple[ActionChange, list[Command]]:
    title = _parse("title", _text(row.title))
    values: dict[str, Any] = {}
    shown: list[FieldChange] = []
    owner_name, team_name = _text(row.owner).strip(), _text(row.team).strip()
    if owner_name:
        values["owner_id"] = owner_of(owner_name)
        shown.append(FieldChange("Owner", "", owner_name))
    if team_name:
        values["team_id"] = team_of(team_name)
        shown.append(FieldChange("Team", "", team_name))
    due = _due(row.due)
    if due is not None:
        values["due_on"] = due
        shown.append(FieldChange("Due date", "", due.isoformat()))
    status = _status(row.status) if _text(row.status).strip() else "open"
    values["status"] = status
    shown.append(FieldChange("Status", "", status))
    notes = _parse("notes", _text(row.notes))
    if notes:
        values["notes"] = notes
        shown.append(FieldChange("Notes", "", notes))
    try:
        command = add_action(title=title, step="actions", **values)
    except ValidationError as exc:
        raise _RowRefused(exc.message) from None
    return ActionChange(row.number, None, title, tuple(shown)), [command]


def apply_import(workshop: Workshop, plan: ImportPlan) -> None:
    """Apply a planned import in one transaction (headless; the window pushes `plan.command` instead)."""
    if plan.command is not None:
        workshop.apply(plan.command)


# -- headless ----------------------------------------------------------------------------------------------


def export_xlsx(workshop_path: Path, out_path: Path, *, progress: Progress | None = None) -> list[str]:
    """Export the action spreadsheet of a workshop file without a window; returns the warnings.

    Reads a private snapshot (as the window does for a file another window holds), so it works while the workshop
    is open elsewhere and never writes to it; an older file is updated in the snapshot only."""
    from app.opening import open_snapshot

    workshop = open_snapshot(Path(workshop_path))
    try:
        return export_workshop(workshop, Path(out_path), progress=progress)
    finally:
        workshop.close()


def import_xlsx(workshop_path: Path, xlsx_path: Path, *, progress: Progress | None = None) -> ImportReport:
    """Apply an action spreadsheet to a workshop file without a window; returns the report.

    Takes the workshop's lock (refusing while a window has it open), reads and checks the spreadsheet before
    touching the workshop, backs the workshop up, then applies every good row in one transaction."""
    from app.backups import BackupStore
    from app.lock import WorkshopLock
    from app.opening import open_workshop
    from app.paths import backups_dir

    path = Path(workshop_path).absolute()
    lock = WorkshopLock(path)
    holder = lock.acquire()
    if holder is not None:
        raise SpreadsheetError(f"{path.name} is open by {holder.describe()}. Import the spreadsheet there (File ▸ "
                               "Import), or close it first.")
    try:
        backups = BackupStore(backups_dir())
        workshop = open_workshop(path, backups=backups)
        try:
            plan = plan_import(workshop, Path(xlsx_path), progress=progress)
            if plan.command is not None:
                backups.snapshot(path, "before-import")
                apply_import(workshop, plan)
            return plan.report
        finally:
            workshop.close()
    finally:
        lock.release()
