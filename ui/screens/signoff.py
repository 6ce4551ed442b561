"""Step 9, Sign-off: the final agreement, read-only and large, then one block per signatory from Setup. Each signs
on the pad with their name, title and date; when the last one signs, the version is signed and locked. Every
signature shows whether it still holds for the content, and the audit trail is checked each time the step is shown.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import audit, queries
from app.commands import signoff as cmds
from app.commands.base import EVERYTHING, Changes
from app.signoff import Block, SignOff
from app.sla import meetings_sentence
from app.sla_hash import short
from models import Area
from ui.date_field import DateField
from ui.document import Document
from ui.row_list import esc, mark_editing
from ui.screens.base import Screen
from ui.settings import Settings
from ui.signature_pad import SignaturePad
from ui.sla_text import agreement_html
from ui.version_picker import version_header

BLOCK_CHARS = 46  # a signatory's block is about this many characters wide; two sit side by side when they fit


def _when(sig: queries.SignatureRow) -> str:
    on = sig.signed_on.isoformat() if sig.signed_on else f"{sig.signed_at:%Y-%m-%d}"
    return f"Signed {on} (recorded {sig.signed_at:%Y-%m-%d %H:%M} UTC)"


class SignatoryBlock(QGroupBox):
    """One signatory: the pad and their details until they sign, then their signature and whether it holds."""

    def __init__(self, screen: SignoffScreen, person_id: int | None) -> None:
        super().__init__()
        self.screen_ = screen
        self.person_id = person_id
        self.block: Block | None = None
        self._filled = ("", "")
        self.setObjectName("signatory")
        layout = QVBoxLayout(self)
        self.mark = QLabel()
        self.mark.setWordWrap(True)
        layout.addWidget(self.mark)
        self.pad = SignaturePad()
        self.pad.changed.connect(self._pad_changed)
        mark_editing(self.pad)
        layout.addWidget(self.pad)
        self.image = QLabel()
        self.image.setObjectName("signature_image")
        self.image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.image.setStyleSheet("background: #ffffff; border: 1px solid #d0d5dd;")
        layout.addWidget(self.image)
        form = QGridLayout()
        self.name = QLineEdit()
        self.name.setObjectName("signatory_name")
        self.title_field = QLineEdit()
        self.title_field.setObjectName("signatory_title")
        self.date = DateField()
        self.date.setObjectName("signatory_date")
        for row, (text, field) in enumerate((("Name", self.name), ("Title", self.title_field), ("Date", self.date))):
            label = QLabel(text)
            label.setBuddy(field)
            form.addWidget(label, row, 0)
            form.addWidget(field, row, 1)
            mark_editing(field)
        form.setColumnStretch(1, 1)
        self.form = QWidget()
        self.form.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        buttons = QHBoxLayout()
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Wipe the pad and sign again")
        self.clear_button.clicked.connect(self.pad.clear)
        self.sign_button = QPushButton("Sign")
        self.sign_button.setObjectName("sign")
        self.sign_button.clicked.connect(self.sign)
        self.remove_button = QPushButton("Remove Signature")
        self.remove_button.setObjectName("remove_signature")
        self.remove_button.setToolTip("Take this signature back while not everyone has signed (Undo brings it back)")
        self.remove_button.clicked.connect(self.remove)
        mark_editing(self.clear_button, self.sign_button, self.remove_button)
        for button in (self.clear_button, self.sign_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def show_block(self, block: Block, version: queries.VersionRow, can_sign: bool) -> None:
        self.block = block
        sig, person = block.signature, block.participant
        heading = person.name if person is not None else sig.typed_name
        role = person.title if person is not None else "no longer a signatory in Setup"
        self.setTitle(f"{heading} · {role}" if role else heading)
        signed = sig is not None
        self.pad.setVisible(not signed)
        self.form.setVisible(not signed)
        self.clear_button.setVisible(not signed)
        self.sign_button.setVisible(not signed)
        self.remove_button.setVisible(signed)
        read_only = self.screen_.document.read_only
        if signed:
            pixmap = QPixmap()
            pixmap.loadFromData(sig.image_png)
            height = self.pad.sizeHint().height()
            self.image.setPixmap(pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
                                 if not pixmap.isNull() else QPixmap())
            self.image.setVisible(True)
            lines = [f"{esc(sig.typed_name)}" + (f", {esc(sig.title)}" if sig.title else ""), esc(_when(sig)),
                     f"On content {esc(short(sig.content_hash))}"]
            if block.problem:
                self.mark.setObjectName("invalid_mark")
                self.mark.setText("✗ " + esc(block.problem) + "<br>" + "<br>".join(lines))
            else:
                self.mark.setObjectName("signed_mark")
                self.mark.setText("✓ Signed<br>" + "<br>".join(lines))
            self.remove_button.setEnabled(version.state == "partly signed" and not read_only)
        else:
            self.image.setVisible(False)
            self.mark.setObjectName("")
            self.mark.setText("Not signed yet." if can_sign else f"Not signed. Version {version.number} is "
                              f"{version.state}.")
            # What Setup says, unless the signatory has typed something else here.
            if self.name.text() in ("", self._filled[0]):
                self.name.setText(person.name)
            if self.title_field.text() in ("", self._filled[1]):
                self.title_field.setText(person.title)
            self._filled = (person.name, person.title)
            if self.date.value() is None and not self.date.text():
                self.date.set_value(dt.date.today())
            editable = can_sign and not read_only
            for widget in (self.pad, self.name, self.title_field, self.date, self.clear_button):
                widget.setEnabled(editable)
            self.sign_button.setEnabled(editable and not self.pad.is_empty())
        self.mark.style().unpolish(self.mark)
        self.mark.style().polish(self.mark)

    def _pad_changed(self) -> None:
        self.sign_button.setEnabled(self.pad.isEnabled() and not self.pad.is_empty())

    def sign(self) -> bool:
        screen, block = self.screen_, self.block
        if block is None or block.participant is None:
            return False
        board = screen.board
        version = board.view.version
        last = sum(b.signature is None for b in board.blocks) == 1
        if last and not screen.confirm_lock(
                f"{self.name.text().strip() or block.participant.name} is the last to sign. Version "
                f"{version.number} will then be signed and locked: nobody can change it any more, and a change "
                "to the agreement needs a new version signed again.\n\nSign now?"):
            return False
        if not self.date.is_valid():
            self.date.setFocus()
            return False
        png = self.pad.png()
        done = screen.document.submit(lambda: cmds.sign(version, block.participant, name=self.name.text(),
                                                        title=self.title_field.text(), on=self.date.text_value(),
                                                        image_png=png), initiator=self)
        if done:
            self.pad.clear()
            now = next((v for v in screen.document.query(queries.versions) if v.id == version.id), None)
            if now is not None and now.state == "signed":
                screen.document.forget_history()
                screen.window().statusBar().showMessage(
                    f"Version {version.number} is signed and locked. The sign-off cannot be undone; a change to the "
                    "agreement starts a new draft.", 15000)
        return done

    def remove(self) -> bool:
        if self.block is None or self.block.signature is None:
            return False
        signature = self.block.signature
        return self.screen_.document.submit(lambda: cmds.remove_signature(signature), initiator=self)


class SignoffScreen(Screen):
    key = "signoff"
    subtitle = ("Read the final agreement together. Then each signatory signs in their box; when the last one has "
                "signed, the version is locked.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.board = SignOff(queries.SlaView(None), "")
        self.version_id: int | None = None
        self.confirm_lock: Callable[[str], bool] = self._ask
        top, self.picker, self.version_label = version_header(self._choose)
        self.layout_.addLayout(top)
        self.alarm = QLabel()
        self.alarm.setObjectName("alarm")
        self.alarm.setWordWrap(True)
        self.layout_.addWidget(self.alarm)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.layout_.addWidget(self.banner)
        self.agreement = QTextBrowser()
        self.agreement.setObjectName("agreement")
        self.agreement.setOpenLinks(False)
        self.agreement.setAccessibleName("The agreement to sign")
        self.layout_.addWidget(self.agreement, 3)
        self.signers = QGroupBox("Signatories")
        self.grid = QGridLayout(self.signers)
        self.layout_.addWidget(self.signers)
        self.blocks: dict[object, SignatoryBlock] = {}
        self.trail = QGroupBox("Audit trail")
        trail = QVBoxLayout(self.trail)
        self.trail_text = QLabel()
        self.trail_text.setObjectName("audit_trail")
        self.trail_text.setWordWrap(True)
        self.trail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        trail.addWidget(self.trail_text)
        self.layout_.addWidget(self.trail)
        self._columns = 0

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Sign and lock the agreement", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _choose(self, version_id: object) -> None:
        self.version_id = version_id if isinstance(version_id, int) else None
        self.refresh(EVERYTHING)

    def showEvent(self, event: QShowEvent) -> None:
        self._pending = self._pending or Changes(Area.SIGNOFF)  # the audit trail is checked each time it is shown
        super().showEvent(event)

    def refresh(self, changes: object) -> None:
        versions = self.document.query(queries.versions)
        if self.version_id is not None and all(v.id != self.version_id for v in versions):
            self.version_id = None
        self.picker.set_versions(versions, self.version_id)
        self.board = board = self.document.query(lambda s: queries.signoff(s, self.version_id))
        version = board.view.version
        rota = self.document.query(queries.rota_board)
        self.agreement.setHtml(agreement_html(board.view, meetings_sentence(rota.meetings) if rota.meetings else ""))
        self.signers.setVisible(version is not None)
        self.trail.setVisible(bool(board.trail) or bool(board.audit_problem))
        self._show_trail(board)
        if version is None:
            self.version_label.setText("No agreement to sign yet: start it on the SLA step.")
            self.banner.setVisible(False)
            self.alarm.setVisible(False)
            self.status.setText("")
            return
        self.version_label.setText(f"Content {short(board.digest)}")
        self.version_label.setToolTip(f"SHA-256 of the agreement's content: {board.digest}")
        can_sign = version.state in ("draft", "partly signed")
        self._show_blocks(board, version, can_sign)
        alarms = []
        if board.audit_problem:
            alarms.append(f"⚠ The audit trail has been tampered with: {board.audit_problem}")
        if board.invalid:
            alarms.append(f"⚠ {board.invalid} signature{'s' if board.invalid != 1 else ''} no longer match the "
                          "agreement: the workshop file was changed outside Common Ground. This version must not be "
                          "taken as signed.")
        self.alarm.setText("<br>".join(alarms))
        self.alarm.setVisible(bool(alarms))
        total, signed = len(board.blocks), board.signed
        if not board.blocks and can_sign:
            text = "Nobody signs yet: mark the department heads as signatories in Setup."
        elif version.state == "signed":
            when = f" on {version.locked_at:%Y-%m-%d}" if version.locked_at else ""
            text = f"Version {version.number} was signed and locked{when}. It is the agreement in force."
        elif version.state == "superseded":
            text = f"Version {version.number} is superseded: a later version replaced it. It stays here to read."
        else:
            text = (f"{signed} of {total} signed. When the last signatory signs, version {version.number} is locked.")
        self.banner.setText(text)
        self.banner.setVisible(True)
        self.status.setText(f"Version {version.number} · {version.state} · {signed} of {total} signatures")

    def _show_trail(self, board: SignOff) -> None:
        lines = [esc(audit.describe(e)) for e in board.trail[-12:]]
        if len(board.trail) > 12:
            lines.insert(0, f"… {len(board.trail) - 12} earlier events")
        verdict = ("<b style='color:#b42318'>✗ Broken: " + esc(board.audit_problem) + "</b>" if board.audit_problem
                   else f"<b style='color:#067647'>✓ Intact: {len(board.trail)} events, each chained to the one "
                        "before.</b>")
        self.trail_text.setText(verdict + "<br>" + "<br>".join(lines))

    def _show_blocks(self, board: SignOff, version: queries.VersionRow, can_sign: bool) -> None:
        wanted = [(b.participant.id if b.participant is not None else ("sig", b.signature.id), b)
                  for b in board.blocks + board.others]
        keys = [k for k, _b in wanted]
        for key in list(self.blocks):
            if key not in keys:
                self.blocks.pop(key).deleteLater()
        for key, block in wanted:
            widget = self.blocks.get(key)
            if widget is None:
                widget = self.blocks[key] = SignatoryBlock(self, block.participant.id if block.participant else None)
            widget.show_block(block, version, can_sign and block.participant is not None)
        self._columns = 0
        self._lay_out()

    def _lay_out(self) -> None:
        char = max(1, self.fontMetrics().averageCharWidth())
        columns = max(1, min(len(self.blocks) or 1, self.scroll.viewport().width() // (char * BLOCK_CHARS)))
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self.blocks.values():
            self.grid.removeWidget(widget)
        for i, widget in enumerate(self.blocks.values()):
            self.grid.addWidget(widget, i // columns, i % columns)
            widget.show()  # a child added to a shown parent is shown only later, by an event, unless asked now
        for c in range(4):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The agreement gets most of the step's height: the room reads it before anyone signs (below, by scrolling).
        tall = int(self.scroll.viewport().height() * 0.6)
        self.agreement.setMinimumHeight(max(self.fontMetrics().height() * 6, tall))
        self._lay_out()

    def focus_first(self) -> None:
        for widget in self.blocks.values():
            if widget.pad.isVisible() and widget.pad.isEnabled():
                widget.pad.setFocus()
                return
        self.agreement.setFocus()
