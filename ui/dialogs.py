"""Message boxes the window shows. Each is one function, so tests can replace it.

Each imports its dialog class when it runs: creating a Qt class's Python type (and its enums) costs start-up time,
and most sessions never show most of these."""
from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.errors import SaveError, WorkshopError
from app.lock import Holder

FILE_FILTER = "Common Ground workshop (*.cgw);;All files (*)"


def show_error(parent: QWidget | None, error: WorkshopError) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, error.title, error.message, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if error.detail:
        box.setDetailedText(error.detail)
    box.exec()


def show_notice(parent: QWidget | None, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "Common Ground", text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def ask_wrap_up(parent: QWidget | None, still_open: list[str]) -> bool:
    """Parked points are still open as the meeting closes: True to close anyway, False to look at them first."""
    from PySide6.QtWidgets import QMessageBox

    listed = "\n".join(f"• {text}" for text in still_open[:10])
    more = f"\n… and {len(still_open) - 10} more" if len(still_open) > 10 else ""
    box = QMessageBox(QMessageBox.Icon.Question, "Parked points still open",
                      f"{len(still_open)} parked point{'s are' if len(still_open) != 1 else ' is'} still open:\n\n"
                      f"{listed}{more}\n\nResolve each, put it on the Action plan, or carry it to the next "
                      "quarterly review, so nothing raised in the room is lost.", QMessageBox.StandardButton.NoButton,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    review = box.addButton("Review Them", QMessageBox.ButtonRole.RejectRole)
    close = box.addButton("Close Anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(review)
    box.exec()
    return box.clickedButton() is close


def ask_after_failed_save(parent: QWidget | None, error: WorkshopError, typed: str) -> bool:
    """Tell the user a change was not saved; True if they want to save a copy elsewhere."""
    from PySide6.QtWidgets import QMessageBox

    text = error.message
    if typed:
        text += "\n\nWhat you typed is still here, so you can copy it:\n" + typed
    box = QMessageBox(QMessageBox.Icon.Critical, error.title, text, QMessageBox.StandardButton.Close, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    copy = None
    if isinstance(error, SaveError):
        copy = box.addButton("Save a Copy Elsewhere…", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(copy)
    if error.detail:
        box.setDetailedText(error.detail)
    box.exec()
    return copy is not None and box.clickedButton() is copy


class LockChoice(enum.Enum):
    CANCEL = enum.auto()
    READ_ONLY = enum.auto()
    EDIT = enum.auto()  # take the lock over: only offered when its holder cannot be checked from here


def ask_when_locked(parent: QWidget | None, path: Path, holder: Holder) -> LockChoice:
    """The file is open for editing elsewhere: a read-only view, or (holder on another computer) take over."""
    from PySide6.QtWidgets import QMessageBox

    text = (f"{path.name} is open for editing by {holder.describe()}.\n\nYou can look at a read-only copy of it as "
            "it is now; changes made there are not saved.")
    if not holder.here:
        text += ("\n\nCommon Ground cannot tell from here whether that window is still open. If you are sure it "
                 "is closed (the computer was switched off, or the window crashed), you can open the workshop for "
                 "editing here. If it is still open, both windows would change the same file and one of you "
                 "would lose work.")
    box = QMessageBox(QMessageBox.Icon.Information, "Workshop already open", text,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    view = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    edit = box.addButton("Open for Editing Anyway", QMessageBox.ButtonRole.DestructiveRole) if not holder.here else None
    box.setDefaultButton(view)
    box.exec()
    if box.clickedButton() is view:
        return LockChoice.READ_ONLY
    if edit is not None and box.clickedButton() is edit:
        return LockChoice.EDIT
    return LockChoice.CANCEL


def ask_read_only_folder(parent: QWidget | None, error: WorkshopError) -> bool:
    """The folder cannot be written: True to open a read-only view."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "Folder cannot be written", error.message,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    view = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(view)
    box.exec()
    return box.clickedButton() is view


def choose_new_file(parent: QWidget | None, folder: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, "New Workshop", str(folder / "Kickoff.cgw"), FILE_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".cgw" else path.with_name(path.name + ".cgw")


def choose_open_file(parent: QWidget | None, folder: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "Open Workshop", str(folder), FILE_FILTER)
    return Path(name) if name else None


def choose_copy_file(parent: QWidget | None, suggested: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, "Save a Copy", str(suggested), FILE_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".cgw" else path.with_name(path.name + ".cgw")


def choose_export_file(parent: QWidget | None, title: str, suggested: Path, kind: str, suffix: str) -> Path | None:
    """Where to write an export; the suffix is added when the name has none of its own."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), f"{kind} (*{suffix});;All files (*)")
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def choose_spreadsheet(parent: QWidget | None, folder: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "Import Action Spreadsheet", str(folder),
                                          "Excel workbook (*.xlsx);;All files (*)")
    return Path(name) if name else None


def confirm_import(parent: QWidget | None, summary: str, lines: list[str]) -> bool:
    """The import's changes and refusals before anything is applied; True to apply."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Import Action Spreadsheet", summary,
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("Apply these changes? They are one step: Undo takes them all back.")
    box.setDetailedText("\n".join(lines))
    apply = box.addButton("Apply Changes", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(apply)
    box.exec()
    return box.clickedButton() is apply


def ask_uncovered(parent: QWidget | None, missing: list[str]) -> bool:
    """Some text uses characters the PDF's font cannot draw: export anyway (they show as boxes) or not."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "Characters the PDF cannot show",
                      "Some text uses characters the PDF's font does not have. They would print as empty boxes.",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("\n".join(missing[:12]) + ("\n…" if len(missing) > 12 else ""))
    export = box.addButton("Export Anyway", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return box.clickedButton() is export
