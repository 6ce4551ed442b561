"""Step 10, Export: the signed SLA as a PDF a department head files (previewed here before it is saved), and the
action plan as a spreadsheet the teams update and bring back."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import queries
from app.commands import Changes
from app.errors import WorkshopError
from ui import dialogs
from ui.document import Document
from ui.jobs import run_with_progress
from ui.row_list import mark_editing
from ui.screens.base import Screen
from ui.settings import Settings
from ui.version_picker import VersionPicker


class ExportScreen(Screen):
    key = "export"
    subtitle = ("The agreement as a PDF to file, sealed once it is signed, and the action plan as a spreadsheet the "
                "teams keep up to date and bring back here.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.version_id: int | None = None
        self._preview_dir = tempfile.TemporaryDirectory(prefix="cg-preview-")
        self.preview_path: Path | None = None
        self.pdf_view: QWidget | None = None

        pdf = QGroupBox("The SLA as a PDF")
        pdf_layout = QVBoxLayout(pdf)
        row = self.side_by_side()
        self.picker = VersionPicker()
        self.picker.chosen.connect(self._choose)
        row.addWidget(self.picker)
        paper_row = QHBoxLayout()
        paper_label = QLabel("&Paper")
        self.paper = QComboBox()
        self.paper.setObjectName("paper")
        self.paper.addItems(["A4", "Letter"])
        self.paper.setCurrentText(settings.paper())
        self.paper.currentTextChanged.connect(settings.set_paper)
        paper_label.setBuddy(self.paper)
        paper_row.addWidget(paper_label)
        paper_row.addWidget(self.paper)
        paper_row.addStretch(1)
        row.addLayout(paper_row)
        pdf_layout.addLayout(row)
        self.pdf_note = QLabel()
        self.pdf_note.setObjectName("banner")
        self.pdf_note.setWordWrap(True)
        pdf_layout.addWidget(self.pdf_note)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.setObjectName("preview_pdf")
        self.preview_button.setToolTip("The PDF as it will be saved, shown here first")
        self.preview_button.clicked.connect(self.preview)
        self.export_pdf_button = QPushButton("E&xport PDF…")
        self.export_pdf_button.setObjectName("export_pdf")
        self.export_pdf_button.clicked.connect(self._export_pdf)
        for button in (self.preview_button, self.export_pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        pdf_layout.addLayout(buttons)
        self.preview_box = QVBoxLayout()
        pdf_layout.addLayout(self.preview_box, 1)
        self.layout_.addWidget(pdf)

        sheet = QGroupBox("The action spreadsheet")
        sheet_layout = QVBoxLayout(sheet)
        self.sheet_note = QLabel()
        self.sheet_note.setWordWrap(True)
        sheet_layout.addWidget(self.sheet_note)
        sheet_buttons = QHBoxLayout()
        self.export_xlsx_button = QPushButton("Export &Spreadsheet…")
        self.export_xlsx_button.setObjectName("export_xlsx")
        self.export_xlsx_button.clicked.connect(lambda: self.window().exports.export_xlsx())
        self.import_button = QPushButton("&Import Spreadsheet…")
        self.import_button.setObjectName("import_xlsx")
        self.import_button.setToolTip("Bring back the statuses, owners, due dates and notes the teams changed")
        self.import_button.clicked.connect(lambda: self.window().exports.import_xlsx())
        mark_editing(self.import_button)  # an import changes the plan: not in a read-only view
        for button in (self.export_xlsx_button, self.import_button):
            sheet_buttons.addWidget(button)
        sheet_buttons.addStretch(1)
        sheet_layout.addLayout(sheet_buttons)
        self.layout_.addWidget(sheet)

        self.open_after = QCheckBox("&Open each file after exporting it")
        self.open_after.setObjectName("open_after")
        self.open_after.setChecked(settings.open_after_export())
        self.open_after.toggled.connect(settings.set_open_after_export)
        self.layout_.addWidget(self.open_after)
        self.layout_.addStretch(1)  # spare height below the step, not inside its notes

    def _choose(self, version_id: object) -> None:
        self.version_id = version_id if isinstance(version_id, int) else None
        self._clear_preview()
        self.refresh(Changes())

    def refresh(self, changes: Changes) -> None:
        versions = self.document.query(queries.versions)
        if self.version_id is not None and all(v.id != self.version_id for v in versions):
            self.version_id = None
        force = queries.in_force(versions)
        current = self.version_id if self.version_id is not None else (force.id if force else None)
        self.picker.set_versions(versions, current)
        chosen = next((v for v in versions if v.id == current), None)
        has_sla = chosen is not None
        for widget in (self.preview_button, self.export_pdf_button, self.paper):
            widget.setEnabled(has_sla)
        if chosen is None:
            self.pdf_note.setText("No agreement yet: start it on the SLA step.")
        else:
            board = self.document.query(lambda s: queries.signoff(s, chosen.id))
            if board.invalid or board.audit_problem:
                text = (f"Version {chosen.number}'s signatures no longer match its content or its audit trail is "
                        "broken: the PDF says so on every page and carries no seal.")
            elif chosen.state in ("signed", "superseded"):
                text = (f"Version {chosen.number} is {chosen.state}. The PDF carries every signature and a seal any "
                        "PDF reader can check: a change to the PDF after export shows as a broken signature.")
            else:
                text = (f"Version {chosen.number} is a {chosen.state} version: every page of the PDF is marked "
                        "as not signed.")
            self.pdf_note.setText(text)
        actions = self.document.query(queries.actions)
        goals = self.document.query(queries.goals)
        self.sheet_note.setText(f"{len(actions)} actions and {len(goals)} goals, with the SLA commitments, the RACI "
                                "matrix, the personas and the meeting rota where the workshop has them. Teams "
                                "change statuses, owners, due dates and notes, or add rows, then import it back.")
        self.status.setText(f"{len(versions)} SLA version{'s' if len(versions) != 1 else ''} · {len(actions)} "
                            "actions")

    def _options(self) -> object:
        from app.sla_pdf import PdfOptions

        return PdfOptions(version_id=self.picker.currentData(), paper=self.paper.currentText())

    def _export_pdf(self) -> None:
        self.window().exports.export_pdf(version_id=self.picker.currentData())

    def _clear_preview(self) -> None:
        # The view and its document stay (QtPdf renders pages on its own threads: deleting them mid-render is
        # unsafe); the document is closed and the view hidden until the next preview.
        if self.pdf_view is not None:
            self.pdf_document.close()
            self.pdf_view.hide()

    def preview(self) -> bool:
        """Write the PDF to a scratch file off the UI thread and show it here, page by page."""
        path = self.document.workshop.path
        if path is None:
            return False
        from app.sla_pdf import export_pdf

        target = Path(self._preview_dir.name) / "preview.pdf"
        options = self._options()
        try:
            run_with_progress(self, lambda: export_pdf(path, target, options), title="Common Ground",
                              text="Preparing the preview…")
        except WorkshopError as exc:
            dialogs.show_error(self, exc)
            return False
        self._show_preview(target)
        return True

    def _show_preview(self, target: Path) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            view = QPdfView()
            view.setObjectName("pdf_preview")
            # Owned by the screen, not the view: a document the view owned crashed the app as windows closed.
            self.pdf_document = QPdfDocument(self)
            view.setDocument(self.pdf_document)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.preview_box.addWidget(view)
            self.pdf_view = view
        self.pdf_document.close()
        self.pdf_document.load(str(target))
        self.pdf_view.setMinimumHeight(max(240, int(self.scroll.viewport().height() * 0.7)))
        self.pdf_view.show()
        self.preview_path = target

    def focus_first(self) -> None:
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

