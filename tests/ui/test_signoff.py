"""The Sign-off step and the SLA's versions as a room uses them: a signature drawn with the mouse, the lock when the
last signatory signs (every edit control off), a new draft that can be edited, a signature taken back, the
comparison with the version a draft came from, and a file changed behind the app's back shown as not signed."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget
from sqlalchemy import text
from test_step_contract import VIEW_ONLY, draw

from app import queries
from app.commands.base import Changes


def _open_signoff(qtbot: Any, make_window: Any) -> tuple[Any, Any]:
    window = make_window()
    window.open_demo()
    screen = window.show_step("signoff")
    qtbot.waitExposed(screen)
    return window, screen


def _sign(qtbot: Any, block: Any) -> None:
    scroll = block.screen_.scroll  # as the room does: scroll to the signatory's box, draw, confirm
    qtbot.wait(1)  # the step lays itself out (as it has long done by the time a hand reaches the pad)
    scroll.ensureWidgetVisible(block.pad)
    draw(qtbot, block.pad)
    scroll.ensureWidgetVisible(block.sign_button)
    assert block.sign_button.isEnabled()
    qtbot.mouseClick(block.sign_button, Qt.MouseButton.LeftButton)


def test_all_signatories_sign_the_version_locks_and_a_new_draft_can_be_edited(qtbot, make_window, errors) -> None:
    window, screen = _open_signoff(qtbot, make_window)
    asked: list[str] = []
    screen.confirm_lock = lambda question: asked.append(question) or True
    dana, marcus = screen.blocks.values()
    assert screen.picker.currentText() == "Version 2 · draft, from version 1"
    assert not dana.sign_button.isEnabled()  # nothing drawn yet
    assert dana.name.text() == "Dana Whitfield" and dana.title_field.text() == "VP Sales"
    _sign(qtbot, dana)
    assert dana.mark.text().startswith("✓ Signed") and screen.banner.text().startswith("1 of 2 signed")
    assert asked == []
    marcus.title_field.setText("CMO")  # editable before signing: it is what the signature page will say
    _sign(qtbot, marcus)
    assert errors == []
    assert len(asked) == 1 and "Marcus Oyelaran is the last to sign" in asked[0]
    versions = {v.number: v.state for v in window.document.query(queries.versions)}
    assert versions == {1: "superseded", 2: "signed"}
    sigs = window.document.query(lambda s: queries.signatures(s, queries.sla(s).version.id))
    assert [(s.typed_name, s.title) for s in sigs] == [("Dana Whitfield", "VP Sales"), ("Marcus Oyelaran", "CMO")]
    assert screen.banner.text().startswith("Version 2 was signed and locked")
    assert not dana.remove_button.isEnabled() and not marcus.remove_button.isEnabled()
    # The lock is final: the history before it is let go (undo would only meet a refusal), and the room is told.
    assert not window.actions["undo"].isEnabled() and window.document.stack.count() == 0
    assert "cannot be undone" in window.statusBar().currentMessage()
    window.actions["undo"].trigger()
    assert errors == [] and window.document.query(queries.versions)[0].state == "signed"

    sla = window.show_step("sla")
    qtbot.waitExposed(sla)
    assert sla.banner.isVisible() and "signed and locked" in sla.banner.text()
    for widget in sla.content.findChildren(QWidget):
        if not isinstance(widget, QLineEdit | QAbstractButton | QComboBox | QAbstractSpinBox):
            continue
        if widget.objectName() in VIEW_ONLY or not widget.isVisibleTo(sla) or isinstance(widget.parent(), QComboBox):
            continue
        if widget.parent().objectName() in VIEW_ONLY:
            continue
        assert not widget.isEnabled(), f"{type(widget).__name__} {widget.objectName()} is enabled"
    assert not sla.review.isEnabled()
    assert not sla.stages.flags(sla.stages.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not sla.stage_list.add()  # Enter in a (disabled) form adds nothing either
    qtbot.mouseClick(sla.new_draft, Qt.MouseButton.LeftButton)
    assert errors == []
    assert sla.picker.currentText() == "Version 3 · draft, from version 2" and not sla.banner.isVisible()
    assert sla.new_stage.isEnabled()
    sla.new_stage.setFocus()
    qtbot.keyClicks(sla.new_stage, "Renewal")
    qtbot.keyClick(sla.new_stage, Qt.Key.Key_Return)
    assert [s.name for s in window.document.query(queries.sla).stages][-1] == "Renewal"
    signed = window.document.query(lambda s: queries.sla(s, queries.versions(s)[1].id))
    assert "Renewal" not in [s.name for s in signed.stages]  # version 2 stays as signed


def test_the_last_signatory_can_still_decline_and_an_early_signature_is_taken_back(qtbot, make_window,
                                                                                    errors) -> None:
    window, screen = _open_signoff(qtbot, make_window)
    screen.confirm_lock = lambda _question: False
    dana, marcus = screen.blocks.values()
    _sign(qtbot, dana)
    _sign(qtbot, marcus)  # declined at the question
    assert window.document.query(queries.versions)[0].signatures == 1
    assert not marcus.pad.is_empty()  # the drawing is still there to confirm later
    qtbot.wait(1)
    screen.scroll.ensureWidgetVisible(dana.remove_button)
    qtbot.mouseClick(dana.remove_button, Qt.MouseButton.LeftButton)
    assert errors == [] and window.document.query(queries.versions)[0].signatures == 0
    assert dana.pad.isVisible() and dana.mark.text() == "Not signed yet."
    window.actions["undo"].trigger()
    assert dana.mark.text().startswith("✓ Signed")
    trail = screen.trail_text.text()
    assert "✓ Intact" in trail and "signature removed" in trail and "undone" in trail


def test_a_signed_version_changed_behind_the_apps_back_does_not_look_signed(qtbot, make_window) -> None:
    window, screen = _open_signoff(qtbot, make_window)
    v1 = window.document.query(queries.versions)[1]

    def tamper(session: Any) -> Changes:
        session.execute(text("UPDATE commitment SET target = 48 WHERE version_id = :v AND target = 24")
                        .bindparams(v=v1.id))
        return Changes()

    window.document.workshop.apply_step(tamper)
    screen.picker.setCurrentIndex(screen.picker.findData(v1.id))
    screen.picker.activated.emit(screen.picker.currentIndex())
    assert screen.alarm.isVisible() and "2 signatures no longer match" in screen.alarm.text()
    assert all(b.mark.text().startswith("✗ Invalid: the agreement&#x27;s content changed")
               for b in screen.blocks.values())


def test_an_edited_audit_event_is_reported_when_the_step_is_shown(qtbot, make_window) -> None:
    window, screen = _open_signoff(qtbot, make_window)
    assert "✓ Intact" in screen.trail_text.text()

    def tamper(session: Any) -> Changes:
        session.execute(text("UPDATE audit_event SET actor = 'Someone' WHERE seq = 2"))
        return Changes()

    window.document.workshop.apply_step(tamper)
    window.show_step("sla")
    window.show_step("signoff")
    assert "audit trail has been tampered with" in screen.alarm.text() and "event 2" in screen.alarm.text()
    assert "✗ Broken" in screen.trail_text.text()


def test_a_draft_shows_what_changed_since_the_version_it_came_from(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    sla = window.show_step("sla")
    qtbot.waitExposed(sla)
    assert sla.compare.isVisible() and sla.compare.text() == "Com&pare With Version 1"
    qtbot.mouseClick(sla.compare, Qt.MouseButton.LeftButton)
    shown = sla.comparison.text()
    assert "Since version 1: 4 changes" in shown
    assert "≠ Changed</b> commitment <i>Sales: First contact with every MQL" in shown and "target: 24 → 12" in shown
    assert "＋ Added</b> clause <i>Recycling and feedback: Event leads</i>" in shown
    sla.picker.setCurrentIndex(1)  # version 1 is signed: shown, locked, with the offer
    sla.picker.activated.emit(1)
    assert sla.banner.isVisible() and sla.new_draft.isVisible() and not sla.new_draft.isEnabled()  # a draft exists
    assert not sla.compare.isVisible() and not sla.new_stage.isEnabled()


def test_the_agreement_to_sign_names_the_meetings_it_is_reported_in(qtbot, make_window) -> None:
    _window, screen = _open_signoff(qtbot, make_window)
    text = screen.agreement.toPlainText()
    assert "In these meetings: Weekly pipeline review (weekly, hosted by Sales)" in text
    assert text.index("In these meetings") > text.index("Reporting and review")
