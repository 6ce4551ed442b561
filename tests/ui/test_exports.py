"""File ▸ Export and Import as a user meets them: the action spreadsheet written where they chose, and a spreadsheet
edited outside the app brought back as one undoable change after they saw what it changes."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt

from app import queries
from ui import dialogs


@pytest.fixture
def choose(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    picked: dict[str, Any] = {"asked": []}
    monkeypatch.setattr(dialogs, "choose_export_file", lambda _p, title, suggested, _k, _s: (
        picked["asked"].append((title, suggested.name)), picked.get("target"))[1])
    monkeypatch.setattr(dialogs, "choose_spreadsheet", lambda _p, _f: picked.get("sheet"))
    monkeypatch.setattr(dialogs, "show_notice", lambda _p, text: picked.setdefault("notices", []).append(text))
    return picked


def test_export_then_import_the_spreadsheet_as_one_undoable_change(qtbot, make_window, errors, choose,
                                                                    monkeypatch, tmp_path: Path) -> None:
    window = make_window()
    window.open_demo()
    sheet = tmp_path / "plan.xlsx"
    choose["target"] = sheet
    window.actions["export_xlsx"].trigger()
    assert errors == [] and sheet.is_file()
    assert choose["asked"] == [("Export the Action Spreadsheet", "Northwind Analytics Revenue alignment kickoff "
                                                                 "actions.xlsx")]
    assert f"Exported {sheet}" in window.statusBar().currentMessage()

    book = openpyxl.load_workbook(sheet)
    ws = book["Actions"]
    headers = [c.value for c in ws[1]]
    target_id = ws.cell(row=3, column=1).value
    ws.cell(row=3, column=headers.index("Status") + 1, value="done")
    ws.append([None, "Agree the lead-rejection reasons", "Dana Whitfield", "Sales", None, "open", None, None])
    book.save(sheet)
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(dialogs, "confirm_import", lambda _p, summary, lines: shown.append((summary, lines)) or True)
    choose["sheet"] = sheet
    before = window.document.stack.count()
    window.actions["import_xlsx"].trigger()
    assert errors == []
    assert shown and shown[0][0].startswith("1 action changed, 1 added")
    actions = {a.id: a for a in window.document.query(queries.actions)}
    assert actions[target_id].status == "done"
    assert any(a.title == "Agree the lead-rejection reasons" for a in actions.values())
    assert window.current_screen().key == "actions"
    assert window.document.stack.count() == before + 1  # one step
    assert any("before-import" in e.path.name for e in window.backups.entries(window.document.workshop.path))
    window.actions["undo"].trigger()
    after = {a.id: a for a in window.document.query(queries.actions)}
    assert after[target_id].status != "done" and len(after) == len(actions) - 1


def test_a_file_that_is_not_our_spreadsheet_is_refused_and_changes_nothing(qtbot, make_window, errors, choose,
                                                                          tmp_path: Path) -> None:
    window = make_window()
    window.open_demo()
    other = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(other)
    choose["sheet"] = other
    before = window.document.query(queries.actions)
    window.actions["import_xlsx"].trigger()
    assert len(errors) == 1 and "not" in errors[0][1].lower()
    assert window.document.query(queries.actions) == before
    choose["sheet"] = tmp_path / "missing.xlsx"
    window.actions["import_xlsx"].trigger()
    assert len(errors) == 2


def test_the_export_step_previews_the_pdf_and_exports_it(qtbot, make_window, errors, choose,
                                                          tmp_path: Path) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("export")
    qtbot.waitExposed(screen)
    assert screen.picker.currentText() == "Version 1 · signed"  # the agreement in force, not the newer draft
    assert "seal" in screen.pdf_note.text()
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    assert errors == [] and screen.pdf_document.pageCount() >= 5
    assert screen.pdf_view.isVisibleTo(screen)
    screen.picker.setCurrentIndex(screen.picker.findText("Version 2 · draft, from version 1"))
    screen.picker.activated.emit(screen.picker.currentIndex())
    assert "marked as not signed" in screen.pdf_note.text() and not screen.pdf_view.isVisibleTo(screen)
    choose["target"] = tmp_path / "sla.pdf"
    qtbot.mouseClick(screen.export_pdf_button, Qt.MouseButton.LeftButton)
    assert errors == [] and (tmp_path / "sla.pdf").read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    assert "DRAFT" in PdfReader(tmp_path / "sla.pdf").pages[0].extract_text().upper()


def test_text_the_pdf_font_cannot_draw_is_warned_about_first(qtbot, make_window, errors, choose, monkeypatch,
                                                             tmp_path: Path) -> None:
    from app.commands import setup

    window = make_window()
    window.open_demo()
    window.document.push(setup.add_participant(name="山田 花子", department="Sales", is_signatory=True))
    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "ask_uncovered", lambda _p, missing: asked.append(missing) or False)
    choose["target"] = tmp_path / "sla.pdf"
    window.exports.export_pdf()
    assert asked and any("山田 花子" in line for line in asked[0])
    assert not (tmp_path / "sla.pdf").exists() and choose["asked"] == []  # declined before choosing a file


def test_a_preview_survives_larger_text_closing_and_reopening(qtbot, make_window, errors) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("export")
    qtbot.waitExposed(screen)
    assert screen.preview()
    window.view_control.toggle_projector()  # the style sheet is set again over the preview
    qtbot.wait(50)
    window.files.close_workshop()
    qtbot.wait(50)
    window.open_demo()
    again = window.show_step("export")
    assert again.preview() and again.pdf_document.pageCount() >= 5 and errors == []


def test_long_work_reports_how_far_it_is_from_its_thread(qtbot, make_window, monkeypatch) -> None:
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from ui.jobs import run_with_progress

    seen: list[tuple[int, int, bool]] = []
    original = QProgressDialog.setValue
    monkeypatch.setattr(QProgressDialog, "setValue", lambda self, v: (
        seen.append((v, self.maximum(), threading.current_thread() is threading.main_thread())), original(self, v)))
    window = make_window()

    def work(progress: Any) -> str:
        for done in range(1, 4):
            progress(done, 3)
        return "finished"

    assert run_with_progress(window, work, title="t", text="x", steps=True) == "finished"
    qtbot.waitUntil(lambda: (3, 3, True) in seen)
    assert all(on_ui for _v, _m, on_ui in seen)


def test_the_export_steps_spreadsheet_buttons_export_and_import(qtbot, make_window, errors, choose, monkeypatch,
                                                                tmp_path: Path) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("export")
    qtbot.waitExposed(screen)

    viewed: list[str] = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: viewed.append(url.toLocalFile()))
    screen.open_after.setChecked(True)  # hand each export to the system viewer
    sheet = tmp_path / "plan.xlsx"
    choose["target"] = sheet
    qtbot.mouseClick(screen.export_xlsx_button, Qt.MouseButton.LeftButton)
    assert errors == [] and openpyxl.load_workbook(sheet)["Actions"].max_row == 7
    assert viewed == [str(sheet)] and window.settings.open_after_export()
    book = openpyxl.load_workbook(sheet)
    book["Actions"].append([None, "Agree the lead-rejection reasons", "Dana Whitfield", "Sales", None, "open"])
    book.save(sheet)
    choose["sheet"] = sheet
    monkeypatch.setattr(dialogs, "confirm_import", lambda _p, _summary, _lines: True)
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert errors == [] and any(a.title == "Agree the lead-rejection reasons"
                                for a in window.document.query(queries.actions))
