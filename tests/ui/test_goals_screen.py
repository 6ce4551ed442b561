"""Shared goals as the room reads them: every KPI cell, the detail panel, typing into each column, and the columns a
narrow window leaves to the detail panel."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app import queries
from app.commands import goals as cmds
from app.smart import smart_problems
from ui.screens.goals import WARN, GoalsScreen, _num

HEADERS = ["Goal", "Metric", "Unit", "Baseline", "Target", "Deadline", "Data source", "Owners", "SMART check"]
OPTIONAL = {"Metric", "Unit", "Baseline", "Data source", "SMART check"}


def goals_screen(window) -> GoalsScreen:  # noqa: ANN001 - test helper
    screen = window.show_step("goals")
    assert isinstance(screen, GoalsScreen)
    return screen


def cells(screen: GoalsScreen, row: int) -> dict[str, str]:
    model = screen.model
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
            for c in range(model.columnCount())}


def add_goal(window, statement: str, **kpi: object) -> int:  # noqa: ANN001 - test helper
    owners = window.document.query(queries.default_goal_owners)
    window.document.push(cmds.add_goal(statement=statement, owner_ids=owners, **kpi))
    return max(g.id for g in window.document.query(queries.goals))


def test_each_kpi_cell_reads_as_typed(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = goals_screen(window)
    assert (screen.add_button.text(), screen.remove_button.text()) == ("Add goal", "Remove goal")
    assert screen.new_goal.placeholderText().startswith("A goal both sides share, e.g. ")
    assert screen.view.empty_text == "No goals yet. Type one above and press Enter."
    add_goal(window, "More <qualified> pipeline & faster", metric="Qualified leads per month", unit="%",
             baseline="1234.5", target="2000", deadline="2027-03-31", data_source="CRM = live")
    assert [screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(screen.model.columnCount())] \
        == HEADERS
    assert cells(screen, 0) == {
        "Goal": "More <qualified> pipeline & faster", "Metric": "Qualified leads per month", "Unit": "%",
        "Baseline": "1,234.5", "Target": "2,000", "Deadline": "2027-03-31", "Data source": "CRM = live",
        "Owners": "Sales & Marketing", "SMART check": "✔ measurable"}
    assert screen.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # not flagged

    screen.view.setCurrentIndex(screen.model.index(0, 0))
    detail = screen.list.detail.text()
    assert detail == ("<b>More &lt;qualified&gt; pipeline &amp; faster</b><br>Qualified leads per month · "
                      "1,234.5 → 2,000 % · by 2027-03-31 · from CRM = live<br><b>Measurable and time-bound.</b> "
                      "Both sides know what done looks like.")


def test_a_goal_not_yet_measurable_says_what_is_missing(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = goals_screen(window)
    add_goal(window, "Fewer leads lost between the teams", target="50")
    row = cells(screen, 0)
    assert (row["Metric"], row["Unit"], row["Baseline"], row["Target"], row["Deadline"], row["Data source"]) \
        == ("", "", "", "50", "", "")
    assert row["SMART check"].startswith("⚠ ") and "no deadline" in row["SMART check"]
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    detail = screen.list.detail.text()
    assert detail.startswith("<b>Fewer leads lost between the teams</b><br>no metric yet · ? → 50 · no deadline<br>")
    assert "Not yet measurable:</b>" in detail and detail.endswith(".")
    assert screen.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # flagged in the list too


def test_typing_into_each_kpi_column_edits_that_field(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = goals_screen(window)
    goal_id = add_goal(window, "Shorter first response")
    typed = {"Goal": "Shorter first response to inbound leads", "Metric": "Median hours to first contact",
             "Unit": "hours", "Baseline": "30", "Target": "4", "Deadline": "2027-06-30", "Data source": "CRM"}
    for header, text in typed.items():
        column = HEADERS.index(header)
        assert screen.model.setData(screen.model.index(0, column), text, Qt.ItemDataRole.EditRole), header
    stored = next(g for g in window.document.query(queries.goals) if g.id == goal_id)
    assert (stored.statement, stored.metric, stored.unit, stored.baseline, stored.target, stored.deadline,
            stored.data_source) == ("Shorter first response to inbound leads", "Median hours to first contact",
                                    "hours", 30, 4, dt.date(2027, 6, 30), "CRM")
    deadline = screen.model.index(0, HEADERS.index("Deadline"))
    assert deadline.data(Qt.ItemDataRole.EditRole) == dt.date(2027, 6, 30)  # the calendar starts on the date
    assert not screen.model.setData(screen.model.index(0, HEADERS.index("Owners")), "x", Qt.ItemDataRole.EditRole)


def test_goals_sort_by_deadline_with_the_undated_first(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = goals_screen(window)
    add_goal(window, "Later", deadline="2027-09-30")
    add_goal(window, "Undated")
    add_goal(window, "Sooner", deadline="2027-01-31")
    screen.view.sortByColumn(HEADERS.index("Deadline"), Qt.SortOrder.AscendingOrder)
    assert [screen.model.index(r, 0).data() for r in range(3)] == ["Undated", "Sooner", "Later"]


def test_a_narrow_window_leaves_only_optional_columns_to_the_detail_panel(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    screen = goals_screen(window)
    window.resize(window.minimumWidth(), 700)

    def hidden() -> set[str]:
        return {HEADERS[c] for c in range(len(HEADERS)) if screen.view.isColumnHidden(c)}

    # At the narrowest window every optional column gives way to the long text, and only those.
    qtbot.waitUntil(lambda: hidden() == OPTIONAL, timeout=3000)
    window.resize(1900, 1000)
    qtbot.waitUntil(lambda: hidden() == set(), timeout=3000)


def test_numbers_read_as_the_room_writes_them() -> None:
    assert [_num(v) for v in (None, 0.0, 12.0, 1234.5, 0.25, 2.1, 1_000_000.0)] \
        == ["", "0", "12", "1,234.5", "0.25", "2.1", "1,000,000"]


def test_the_first_goal_is_current_and_the_owner_boxes_follow_it(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    screen = goals_screen(window)
    current = screen.view.currentIndex()
    assert (current.row(), current.column()) == (0, 0)
    first = screen.model.rows[0]
    checked = {d for d, box in screen.owner_boxes.items() if box.isChecked()}
    assert checked == set(first.owner_ids) and all(box.isEnabled() for box in screen.owner_boxes.values())


def test_with_no_goal_the_owner_boxes_wait(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = goals_screen(window)
    assert screen.model.rowCount() == 0 and screen.owner_boxes
    assert not any(box.isEnabled() or box.isChecked() for box in screen.owner_boxes.values())


def test_a_goal_without_numbers_says_so_in_the_detail_and_lists_every_problem(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = goals_screen(window)
    add_goal(window, "Agree what a good lead is")
    goal = window.document.query(queries.goals)[0]
    problems = smart_problems(goal, today=dt.date.today())
    assert len(problems) > 1
    assert cells(screen, 0)["SMART check"] == "⚠ " + ", ".join(problems)
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    assert screen.list.detail.text() == (
        "<b>Agree what a good lead is</b><br>no metric yet · no deadline<br>"
        f"<b style='color:{WARN}'>Not yet measurable:</b> {'; '.join(problems)}.")
