"""The SLA step in a new workshop: started from the template with one command, then made the room's own; undo
takes the whole start back."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app import queries


def test_a_new_workshop_starts_its_sla_from_the_template(qtbot, new_window, errors) -> None:
    window, _path = new_window()
    screen = window.show_step("sla")
    qtbot.waitExposed(screen)
    assert screen.start.isVisible() and not screen.content.isVisible()
    assert screen.version_label.text().startswith("No agreement yet")
    qtbot.mouseClick(screen.start, Qt.MouseButton.LeftButton)
    assert errors == []
    view = window.document.query(queries.sla)
    assert view.version.status == "draft" and len(view.stages) == 6
    assert screen.content.isVisible() and not screen.start.isVisible()
    assert screen.picker.currentText() == "Version 1 · draft" and screen.version_label.text().startswith("Content ")
    assert not screen.banner.isVisible() and not screen.new_draft.isVisible()
    digest = screen.version_label.toolTip().rsplit(" ", 1)[-1]
    assert len(digest) == 64 and screen.version_label.text().endswith(" ".join(digest[i:i + 4] for i in (0, 4, 8, 12)))
    assert [r.name for r in screen.stages.rows] == ["Lead", "MQL", "SAL", "SQL", "Opportunity", "Customer"]
    assert screen.clauses.rows[0].title == "Fit"
    window.actions["undo"].trigger()  # one step: the whole start
    assert window.document.query(queries.sla).version is None
    assert screen.start.isVisible()


def test_try_a_lead_shows_the_score_rule_by_rule_and_changes_nothing(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    screen = window.show_step("sla")
    qtbot.waitExposed(screen)
    panel = screen.scoring
    by = {c.accessibleName(): c for c in panel.checks.values()}
    undo_steps = window.document.stack.count()
    by["Requested a demo"].click()
    by["Visited the pricing page"].click()
    assert "Score 55: does not qualify yet" in panel.result.text()
    by["Company of 200 to 2,000 people"].click()
    assert "Score 65: qualifies as an MQL" in panel.result.text() and "+40 Requested a demo" in panel.result.text()
    by["Works for a competitor (their e-mail domain)"].click()
    assert "Score 15: does not qualify yet" in panel.result.text()
    assert window.document.stack.count() == undo_steps  # trying a lead is not an edit
    panel.threshold.setValue(10)  # the room lowers the bar: the same lead now qualifies
    assert "Score 15: qualifies as an MQL</b> (threshold 10)" in panel.result.text()


def test_a_damaged_template_is_reported_and_changes_nothing(qtbot, new_window, errors, tmp_path, monkeypatch) -> None:
    import app.sla

    broken = tmp_path / "sla_template.json"
    broken.write_text('{"sections": [', encoding="utf-8")
    monkeypatch.setattr(app.sla, "TEMPLATE", broken)
    app.sla.shipped.cache_clear()
    try:
        window, _path = new_window()
        screen = window.show_step("sla")
        qtbot.waitExposed(screen)
        qtbot.mouseClick(screen.start, Qt.MouseButton.LeftButton)
        assert len(errors) == 1 and errors[0][1].startswith("The SLA template that comes with Common Ground")
        assert window.document.query(queries.sla).version is None
        assert not window.document.stack.canUndo()
    finally:
        app.sla.shipped.cache_clear()
