"""File ▸ Export and Import, and the Export step's buttons: the SLA PDF, the action spreadsheet, and importing the
spreadsheet back. The work runs off the UI thread (a progress dialog keeps the window painted); an export reads its
own snapshot of the file, so the window's connection is never used from another thread."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui
from PySide6.QtCore import QObject

from app.errors import WorkshopError
from ui import dialogs
from ui.jobs import run_with_progress

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _safe_name(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_." else " " for c in text)
    return " ".join(keep.split()) or "Workshop"


class Exports(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.opened: list[Path] = []  # what "open after export" handed to the system viewer

    def handlers(self) -> dict[str, Callable[[], None]]:
        return {"export_pdf": lambda: self.export_pdf(), "export_xlsx": lambda: self.export_xlsx(),
                "import_xlsx": lambda: self.import_xlsx()}

    # -- where -------------------------------------------------------------------------------------

    def _workshop_path(self) -> Path | None:
        document = self.window.document
        return document.workshop.path if document is not None else None

    def _folder(self) -> Path:
        return self.window.settings.export_folder() or self.window.files.folder()

    def _stem(self) -> str:
        from app import queries

        info = self.window.document.query(queries.workshop_info)  # type: ignore[union-attr]
        return _safe_name(" ".join(part for part in (info.company, info.name) if part))

    def _ask_target(self, title: str, name: str, kind: str, suffix: str) -> Path | None:
        target = dialogs.choose_export_file(self.window, title, self._folder() / name, kind, suffix)
        if target is not None:
            self.window.settings.set_export_folder(target.parent)
        return target

    def _run(self, fn: Callable[..., Any], text: str) -> Any:
        """`fn(progress)` off the UI thread, the dialog showing how far it is; None (and a message) if it failed."""
        try:
            return run_with_progress(self.window, fn, title="Common Ground", text=text, steps=True)
        except WorkshopError as exc:
            dialogs.show_error(self.window, exc)
        except OSError as exc:
            dialogs.show_error(self.window, WorkshopError(f"The file could not be written: {exc.strerror or exc}.",
                                                          detail=str(exc)))
        return None

    def _done(self, target: Path, warnings: list[str]) -> None:
        if warnings:
            dialogs.show_notice(self.window, f"{target.name} was written, with these changes to its text:\n\n"
                                + "\n".join(warnings[:20]))
        self.window.statusBar().showMessage(f"Exported {target}", 10000)
        if self.window.settings.open_after_export():
            self.opened.append(target)
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(target)))

    # -- the SLA PDF ---------------------------------------------------------------------------------

    def export_pdf(self, version_id: int | None = None, target: Path | None = None) -> Path | None:
        source = self._workshop_path()
        if source is None:
            return None
        from app.sla_pdf import PdfOptions, export_pdf, uncovered_text

        options = PdfOptions(version_id=version_id, paper=self.window.settings.paper())
        try:
            missing = uncovered_text(self.window.document.workshop, options)  # type: ignore[union-attr]
        except WorkshopError as exc:
            dialogs.show_error(self.window, exc)
            return None
        if missing and not dialogs.ask_uncovered(self.window, missing):
            return None
        target = target or self._ask_target("Export the SLA as PDF", f"{self._stem()} SLA.pdf", "PDF document",
                                            ".pdf")
        if target is None:
            return None
        warnings = self._run(lambda step: export_pdf(source, target, options, progress=step), f"Writing {target.name}…")
        if warnings is None:
            return None
        self._done(target, warnings)
        return target

    # -- the action spreadsheet ----------------------------------------------------------------------

    def export_xlsx(self, target: Path | None = None) -> Path | None:
        source = self._workshop_path()
        if source is None:
            return None
        from app.spreadsheet import export_xlsx

        target = target or self._ask_target("Export the Action Spreadsheet", f"{self._stem()} actions.xlsx",
                                            "Excel workbook", ".xlsx")
        if target is None:
            return None
        warnings = self._run(lambda step: export_xlsx(source, target, progress=step), f"Writing {target.name}…")
        if warnings is None:
            return None
        self._done(target, warnings)
        return target

    def import_xlsx(self, sheet: Path | None = None) -> bool:
        """Read the sheet off the UI thread, show what it changes, and apply it as one undoable step."""
        window, document = self.window, self.window.document
        if document is None:
            return False
        if document.read_only:
            dialogs.show_error(window, WorkshopError("This is a read-only view: open the workshop itself to import "
                                                     "the spreadsheet into it."))
            return False
        sheet = sheet or dialogs.choose_spreadsheet(window, self._folder())
        if sheet is None:
            return False
        from app.spreadsheet import plan_rows, read_sheet

        rows = self._run(lambda step: read_sheet(sheet, progress=step), f"Reading {sheet.name}…")
        if rows is None:
            return False
        try:
            plan = plan_rows(document.workshop, rows)
        except WorkshopError as exc:
            dialogs.show_error(window, exc)
            return False
        report = plan.report
        if plan.command is None:
            dialogs.show_notice(window, "The spreadsheet changes nothing in the plan.\n\n" + "\n".join(report.lines()))
            return False
        if not dialogs.confirm_import(window, report.summary(), report.lines()):
            return False
        path = document.workshop.path
        if path is not None:
            try:
                window.backups.snapshot(path, "before-import")
            except WorkshopError as exc:
                dialogs.show_error(window, exc)
                return False
        if not document.push(plan.command):
            return False
        window.statusBar().showMessage(f"Imported {sheet.name}: {report.summary()} Undo takes it all back.", 15000)
        window.show_step("actions")
        return True
