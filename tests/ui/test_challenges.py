"""The Challenges step as the room uses it: challenges from both sides grouped into a theme from the keyboard and
by drag and drop, common ground marked, dots placed up to the limit, and the top items put on the Action plan."""
from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from app import queries
from ui.screens.challenges import COMMON
from ui.table_view import ROWS_MIME


def _open(qtbot: Any, make_window: Any) -> tuple[Any, Any]:
    window = make_window()
    window.open_demo()
    screen = window.show_step("challenges")
    qtbot.waitExposed(screen)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, screen


def _add(qtbot: Any, screen: Any, text: str, side: str) -> None:
    screen.new_text.setFocus()
    qtbot.keyClicks(screen.new_text, text)
    screen.new_side.setCurrentIndex(screen.new_side.findText(side))
    qtbot.keyClick(screen.new_text, Qt.Key.Key_Return)


def _id(screen: Any, text: str) -> int:
    return next(r.id for r in screen.model.rows if r.text == text)


def _ranked(screen: Any, title: str) -> Any:
    return next(r for r in screen.ranking.rows if r.title == title)


def test_two_sides_grouped_from_the_keyboard_are_common_ground(qtbot, make_window, errors) -> None:
    window, screen = _open(qtbot, make_window)
    _add(qtbot, screen, "Trial users get no call", "Sales")
    _add(qtbot, screen, "We cannot tell which trials convert", "Marketing")
    assert screen.new_text.hasFocus() and screen.new_text.text() == ""
    assert screen.view.select_id(_id(screen, "Trial users get no call"))
    screen.group.trigger()  # Themes ▸ Group With…
    chooser = screen.findChild(QWidget, "chooser")
    assert chooser is not None and chooser.isVisible()
    qtbot.keyClicks(chooser.filter, "trials convert")
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    assert errors == []
    board = window.document.query(queries.challenge_board)
    theme = next(t for t in board.themes if t.name == "Theme 4")
    assert {c.text for c in board.members(theme.id)} == {"Trial users get no call",
                                                         "We cannot tell which trials convert"}
    item = _ranked(screen, "Theme 4")
    row = screen.ranking.row_of_id(item.id)
    assert screen.ranking.index(row, 1).data() == "★ Theme 4"
    assert screen.ranking.style_at(screen.ranking.index(row, 1)) == COMMON
    assert "3 common ground" in screen.status.text()
    # Rename it in place, from the keyboard.
    screen.rank_view.setFocus()
    screen.rank_view.setCurrentIndex(screen.ranking.index(row, 1))
    qtbot.keyClick(screen.rank_view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Trials")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Trials" in [t.name for t in window.document.query(queries.challenge_board).themes])
    window.actions["undo"].trigger()
    window.actions["undo"].trigger()
    assert len(window.document.query(queries.challenge_board).themes) == 3


def test_dots_up_to_the_limit_then_a_refusal_that_says_why(qtbot, make_window, errors) -> None:
    window, screen = _open(qtbot, make_window)
    screen.voter.setCurrentIndex(screen.voter.findText("Tomás Ferreira"))
    assert screen.dots_left.text().endswith("3 of 3 left")
    speed = _ranked(screen, "Speed to lead")
    screen.rank_view.setFocus()
    assert screen.rank_view.select_id(speed.id)
    for _ in range(3):
        qtbot.mouseClick(screen.give, Qt.MouseButton.LeftButton)
    assert errors == []
    assert _ranked(screen, "Speed to lead").dots == speed.dots + 3
    assert [r.title for r in screen.ranking.visible][0] == "Speed to lead"  # 7 dots: now the top theme
    assert screen.dots_left.text().endswith("0 of 3 left")
    qtbot.mouseClick(screen.give, Qt.MouseButton.LeftButton)
    assert errors == [("ValidationError", "Tomás Ferreira has placed all 3 dots. Take one back first, or give "
                                          "everyone more dots. | typed: ")]
    assert _ranked(screen, "Speed to lead").dots == speed.dots + 3  # nothing more landed
    qtbot.mouseClick(screen.take, Qt.MouseButton.LeftButton)
    assert screen.dots_left.text().endswith("1 of 3 left")
    # The limit cannot go under what someone already placed; the field shows the stored limit again.
    screen.dots_each.setValue(1)
    assert "has already placed 3 dots: take some back before lowering the limit to 1" in errors[-1][1]
    assert screen.dots_each.value() == 3
    screen.dots_each.setValue(4)
    assert window.document.query(queries.challenge_board).dots_each == 4
    assert screen.dots_left.text().endswith("2 of 4 left")


def test_the_top_item_goes_on_the_plan_and_the_plan_points_back(qtbot, make_window, errors) -> None:
    window, screen = _open(qtbot, make_window)
    top = screen.ranking.visible[0]
    assert top.title == "Lead handoff and data"
    screen.rank_view.setFocus()
    assert screen.rank_view.select_id(top.id)
    qtbot.mouseClick(screen.to_action, Qt.MouseButton.LeftButton)
    assert errors == []
    made = [a for a in window.document.query(queries.actions) if a.theme_id == top.item_id]
    assert [a.title for a in made] == ["Lead handoff and data"]
    assert _ranked(screen, "Lead handoff and data").actions == 1
    plan = window.show_step("actions")
    assert plan.view.select_id(made[0].id)
    assert "Tackles the theme: Lead handoff and data" in plan.list.detail.text()
    qtbot.mouseClick(plan.to_source, Qt.MouseButton.LeftButton)
    assert window.current_screen() is screen
    assert screen.rank_view.current_row().id == top.id
    # The rest of the top three in one command; asking again is refused with the reason.
    qtbot.mouseClick(screen.top_button, Qt.MouseButton.LeftButton)
    titles = [a.title for a in window.document.query(queries.actions) if a.source and a.source[0] == "challenges"]
    assert titles == ["Lead handoff and data", "Speed to lead", "We guess which questions buyers ask"]
    qtbot.mouseClick(screen.top_button, Qt.MouseButton.LeftButton)
    assert errors[-1][1].startswith("The top 3 already have actions on the plan.")
    window.actions["undo"].trigger()
    assert len([a for a in window.document.query(queries.actions) if a.source and a.source[0] == "challenges"]) == 1


def _drop(view: Any, ids: list[Any], source: str, row: int | None) -> None:
    mime = QMimeData()
    mime.setData(ROWS_MIME, json.dumps({"source": source, "ids": ids}).encode())
    if row is None:
        last = view.visualRect(view.row_model.index(view.row_model.rowCount() - 1, 0))
        pos = QPointF(last.center().x(), last.bottom() + 30)
    else:
        pos = QPointF(view.visualRect(view.row_model.index(row, 1)).center())
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # As a real drag does: it enters (Qt delivers the drop only to a widget that took the enter), then drops.
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(pos.toPoint(), Qt.DropAction.MoveAction, mime, buttons,
                                                            keys))
    QApplication.sendEvent(view.viewport(), QDropEvent(pos, Qt.DropAction.MoveAction, mime, buttons, keys))


def test_drag_and_drop_moves_groups_ungroups_and_merges(qtbot, make_window, errors) -> None:
    window, screen = _open(qtbot, make_window)
    assert screen.model.flags(screen.model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    budget = _id(screen, "The campaign budget is fixed before sales targets are known")
    speed = _ranked(screen, "Speed to lead")

    def theme_of(challenge_id: int) -> str:
        return next(c.theme for c in window.document.query(queries.challenge_board).challenges
                    if c.id == challenge_id)

    _drop(screen.rank_view, [budget], "challenges_table", screen.ranking.row_of_id(speed.id))  # onto a theme
    assert theme_of(budget) == "Speed to lead"
    _drop(screen.rank_view, [budget], "challenges_table", None)  # onto empty space: out of its theme
    assert theme_of(budget) == ""
    renewal = _id(screen, "Renewal risks reach us only after the deal has closed")
    _drop(screen.view, [renewal], "challenges_table", screen.model.row_of_id(budget))  # onto another challenge
    assert theme_of(renewal) == theme_of(budget) == "Theme 4"
    content = _ranked(screen, "Sales content")
    _drop(screen.rank_view, [list(content.id)], "ranking_table", screen.ranking.row_of_id(speed.id))  # merge
    assert [t.name for t in window.document.query(queries.challenge_board).themes] == [
        "Lead handoff and data", "Speed to lead", "Theme 4"]
    assert errors == []
    window.actions["undo"].trigger()
    assert "Sales content" in [t.name for t in window.document.query(queries.challenge_board).themes]


def test_grouping_controls_are_disabled_in_a_read_only_view(qtbot, make_window) -> None:
    from app.opening import open_snapshot
    from ui.document import Document

    window = make_window()
    window.open_demo()
    window.set_document(Document(open_snapshot(window.document.workshop.path)))
    screen = window.show_step("challenges")
    qtbot.waitExposed(screen)
    assert not screen.themes_button.isEnabled() and not screen.give.isEnabled()
    assert not screen.model.flags(screen.model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    budget = _id(screen, "The campaign budget is fixed before sales targets are known")
    _drop(screen.rank_view, [budget], "challenges_table", 0)
    assert next(c for c in window.document.query(queries.challenge_board).challenges if c.id == budget).theme == ""


