"""The action plan as the room reads it: what the add form stores, the detail panel for each kind of source, finished
and overdue rows, and the running summary with and without filters."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from app import queries
from app.commands import actions as action_cmds
from app.commands import goals as goal_cmds
from app.commands import setup as setup_cmds
from app.queries import ActionRow
from ui.screens.actions import ActionsScreen, _detail, _due_text


def actions_screen(window) -> ActionsScreen:  # noqa: ANN001 - test helper
    screen = window.show_step("actions")
    assert isinstance(screen, ActionsScreen)
    return screen


def row(**values: object) -> ActionRow:
    base: dict[str, object] = {"id": 1, "title": "Call back <hot> leads & log it", "owner_id": None, "owner": "",
                               "team_id": None, "team": "", "due_on": None, "status": "open", "goal_id": None,
                               "goal": ""}
    return ActionRow(**{**base, **values})  # type: ignore[arg-type]


def test_the_add_form_stores_owner_team_due_date_and_goal(qtbot, new_window) -> None:
    window, _path = new_window()
    document = window.document
    document.push(setup_cmds.add_participant(name="Dana", department="Sales"))
    document.push(goal_cmds.add_goal(statement="Faster first contact"))
    screen = actions_screen(window)
    qtbot.keyClicks(screen.new_title, "Route demo requests within one hour")
    screen.new_owner.setCurrentIndex(screen.new_owner.findText("Dana"))
    screen.new_due.set_value(dt.date(2027, 2, 1))
    screen.new_goal.setCurrentIndex(screen.new_goal.findText("Faster first contact"))
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)

    added = document.query(queries.actions)
    assert [(a.title, a.owner, a.team, a.due_on, a.goal) for a in added] == [
        ("Route demo requests within one hour", "Dana", "Sales", dt.date(2027, 2, 1), "Faster first contact")]
    assert screen.summary.text() == "1 action · 1 open · none overdue"
    step = document.query(lambda s: s.connection().exec_driver_sql("SELECT step FROM action").scalar_one())
    assert step == "actions"  # where the action was agreed


def test_an_action_without_an_owner_has_no_team(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = actions_screen(window)
    qtbot.keyClicks(screen.new_title, "Decide who owns lead scoring")
    qtbot.keyClick(screen.new_title, Qt.Key.Key_Return)
    added = window.document.query(queries.actions)
    assert [(a.owner_id, a.team_id, a.due_on, a.goal_id) for a in added] == [(None, None, None, None)]


def test_the_detail_panel_names_who_when_and_where_it_came_from() -> None:
    assert _detail(row()) == "<b>Call back &lt;hot&gt; leads &amp; log it</b><br>no owner yet · no due date · open"
    full = row(owner="Dana <VP>", team="Sales", due_on=dt.date(2027, 1, 15), status="in progress",
               goal="More & better leads", rivalry="Leads are junk", need="Feedback on leads",
               parked="CRM fields", theme="Handoffs", challenge="Slow follow-up")
    assert _detail(full) == (
        "<b>Call back &lt;hot&gt; leads &amp; log it</b><br>Dana &lt;VP&gt; · Sales · 2027-01-15 · in progress"
        "<br>Serves: More &amp; better leads<br>Answers the rivalry: Leads are junk"
        "<br>Answers the need: Feedback on leads<br>From the parking lot: CRM fields"
        "<br>Tackles the theme: Handoffs<br>Tackles the challenge: Slow follow-up")


def test_due_dates_say_when_they_have_passed() -> None:
    past = dt.date.today() - dt.timedelta(days=3)
    future = dt.date.today() + dt.timedelta(days=3)
    assert _due_text(row()) == ""
    assert _due_text(row(due_on=future)) == future.isoformat()
    assert _due_text(row(due_on=past)) == f"{past.isoformat()}  ⚠ overdue"
    assert _due_text(row(due_on=past, status="done")) == past.isoformat()  # finished late is not overdue


def test_finished_rows_are_grey_overdue_rows_red_and_a_filter_says_what_it_hides(qtbot, new_window) -> None:
    window, _path = new_window()
    document = window.document
    past = dt.date.today() - dt.timedelta(days=3)
    for title, status, due in (("Open one", "open", None), ("Done one", "done", None),
                               ("Dropped one", "dropped", None), ("Late one", "open", past)):
        document.push(action_cmds.add_action(title=title, status=status, due_on=due))
    screen = actions_screen(window)
    colours = {}
    for r in range(screen.model.rowCount()):
        brush = screen.model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole)
        colours[screen.model.index(r, 0).data()] = brush.color().name() if isinstance(brush, QBrush) else None
    assert colours == {"Open one": None, "Done one": "#667085", "Dropped one": "#667085", "Late one": "#b42318"}
    assert screen.summary.text() == "4 actions · 2 open · <b style='color:#b42318'>1 overdue</b>"

    screen.status_filter.setCurrentIndex(screen.status_filter.findData("done"))
    assert [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())] == ["Done one"]
    assert screen.summary.text() == "showing 1 of 4 actions · 2 open · <b style='color:#b42318'>1 overdue</b>"


def test_the_add_form_says_what_each_field_is_and_in_progress_counts_as_open(qtbot, new_window) -> None:
    window, _path = new_window()
    screen = actions_screen(window)
    assert (screen.new_title.placeholderText(), screen.new_due.placeholderText()) == ("What will be done", "Due date")
    assert screen.new_owner.toolTip() == "Owner of the new action"
    assert "2026-11-20" in screen.new_due.toolTip() and "Alt+Down" in screen.new_due.toolTip()
    window.document.push(action_cmds.add_action(title="Draft the SLA", status="in progress"))
    window.document.push(action_cmds.add_action(title="Book the review", status="done"))
    assert screen.summary.text() == "2 actions · 1 open · none overdue"
