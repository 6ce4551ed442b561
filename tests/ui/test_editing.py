"""A facilitator's session: type into the screens, undo and redo, close, reopen, find exactly what should be there."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QStyleOptionViewItem

from app import queries
from app.backups import BackupStore
from app.opening import open_workshop
from ui.screens.actions import ActionsScreen
from ui.screens.goals import GoalsScreen
from ui.screens.setup import SetupScreen


def go(window, screen_type):  # noqa: ANN001, ANN201 - test helper
    screen = window.show_step(screen_type.key)
    assert isinstance(screen, screen_type)
    assert window.stack.currentWidget() is screen
    return screen


def test_create_type_undo_redo_reopen(qtbot, make_window, new_window, errors) -> None:
    window, path = new_window("Spring kickoff.cgw")
    assert path.exists()
    assert str(path) in window.windowTitle()

    setup = go(window, SetupScreen)
    qtbot.keyClicks(setup.new_name, "Dana <VP> & co = 1")
    qtbot.keyClicks(setup.new_title, "VP Sales")
    setup.new_dept.setEditText("Sales")
    qtbot.mouseClick(setup.add_person, Qt.MouseButton.LeftButton)
    assert [r.name for r in setup.people.rows] == ["Dana <VP> & co = 1"]
    assert setup.people.index(0, 2).data() == "Sales"

    goals = go(window, GoalsScreen)
    qtbot.keyClicks(goals.new_goal, "Shorten first response to inbound leads")
    qtbot.keyClick(goals.new_goal, Qt.Key.Key_Return)
    assert [r.statement for r in goals.model.rows] == ["Shorten first response to inbound leads"]
    assert goals.model.rows[0].owners == "Sales & Marketing"

    actions = go(window, ActionsScreen)
    qtbot.keyClicks(actions.new_title, "Route demo requests within one hour")
    actions.new_owner.setCurrentIndex(actions.new_owner.findText("Dana <VP> & co = 1"))
    qtbot.mouseClick(actions.add_button, Qt.MouseButton.LeftButton)
    assert [r.title for r in actions.model.rows] == ["Route demo requests within one hour"]
    assert actions.model.rows[0].team == "Sales"

    window.actions["undo"].trigger()
    assert window.current_screen() is actions  # the action disappears where everyone can see it
    window.actions["undo"].trigger()
    assert window.current_screen() is goals  # undoing the goal brings the room to the goals step
    assert actions.model.rows == []
    window.actions["redo"].trigger()
    assert window.actions["redo"].isEnabled() is True  # the action can still be redone
    assert errors == []
    window.close()

    again = make_window()
    assert again.open_path(path)
    assert [r.name for r in go(again, SetupScreen).people.rows] == ["Dana <VP> & co = 1"]
    assert [r.statement for r in go(again, GoalsScreen).model.rows] == ["Shorten first response to inbound leads"]
    assert go(again, ActionsScreen).model.rows == []
    again.close()


def test_workshop_field_saves_as_typed_and_undo_takes_it_back(qtbot, new_window, tmp_path: Path,
                                                             monkeypatch) -> None:
    window, path = new_window("k.cgw")
    setup = go(window, SetupScreen)
    field: QLineEdit = setup.fields["company"]
    field.setFocus()
    qtbot.keyClicks(field, "Northwind")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.document.query(queries.workshop_info).company == "Northwind"
    qtbot.keyClicks(setup.fields["name"], " Q1")
    qtbot.keyClick(setup.fields["name"], Qt.Key.Key_Return)
    assert "k Q1 —" in window.windowTitle()
    window.actions["undo"].trigger()
    assert window.document.query(queries.workshop_info).name == "k"
    assert setup.fields["name"].text() == "k"
    assert "Undo Edit company" in window.actions["undo"].text()


def test_typing_pause_saves_without_leaving_the_field(qtbot, new_window) -> None:
    window, path = new_window("k.cgw")
    setup = go(window, SetupScreen)
    qtbot.keyClicks(setup.fields["facilitator"], "Jordan")
    qtbot.waitUntil(lambda: window.document.query(queries.workshop_info).facilitator == "Jordan", timeout=3000)
    qtbot.keyClicks(setup.fields["facilitator"], " Ellis")
    qtbot.keyClick(setup.fields["facilitator"], Qt.Key.Key_Return)
    assert window.document.query(queries.workshop_info).facilitator == "Jordan Ellis"
    window.actions["undo"].trigger()  # one typing session, one undo step
    assert window.document.query(queries.workshop_info).facilitator == ""


def test_table_cell_edit_becomes_a_command(qtbot, make_window, monkeypatch, errors) -> None:
    window = make_window()
    window.open_demo()
    goals = go(window, GoalsScreen)
    target = goals.model.index(2, 4)
    assert goals.model.setData(target, "35", Qt.ItemDataRole.EditRole)
    row = goals.model.rows[2]
    assert row.target == 35
    assert not goals.model.setData(target, "a lot", Qt.ItemDataRole.EditRole)
    assert errors and errors[-1][0] == "ValidationError" and "a lot" in errors[-1][1]
    window.actions["undo"].trigger()
    assert goals.model.rows[2].target is None


def test_smart_check_flags_goal_without_target_or_deadline(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    goals = go(window, GoalsScreen)
    texts = [goals.model.index(r, 8).data() for r in range(goals.model.rowCount())]
    assert texts[0] == "✔ measurable"
    assert "no measurable target" in texts[2] and "no deadline" in texts[2]
    goals.view.setCurrentIndex(goals.model.index(2, 0))
    assert "Not yet measurable" in goals.list.detail.text()
    assert goals.model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_action_filters_sorting_and_overdue(qtbot, make_window) -> None:
    window = make_window()
    window.open_demo()
    actions = go(window, ActionsScreen)
    assert actions.model.rowCount() == 6
    today = dt.date.today()
    expected = [r.title for r in actions.model.rows if r.is_overdue(today)]
    # The demo's in-progress CRM action was due before the demo was built, so it is always overdue.
    assert "Add a lead-feedback field to every opportunity in the CRM" in expected
    assert f"{len(expected)} overdue" in actions.summary.text()
    flagged = [r.title for i, r in enumerate(actions.model.rows) if "overdue" in actions.model.index(i, 3).data()]
    assert flagged == expected
    delegate = actions.view.itemDelegate()
    for r in actions.model.rows:  # what the painter gets: overdue rows bold, others not
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, actions.model.index(actions.model.row_of_id(r.id), 0))
        assert option.font.bold() == r.is_overdue(today)
    status: QComboBox = actions.status_filter
    status.setCurrentIndex(status.findData("done"))
    assert actions.model.rowCount() == 1
    status.setCurrentIndex(status.findData("__not_finished__"))
    assert actions.model.rowCount() == sum(r.status in ("open", "in progress") for r in actions.model.rows) == 5
    status.setCurrentIndex(0)
    owner = actions.owner_filter
    owner.setCurrentIndex(owner.findText("Priya Raman"))
    assert actions.model.rowCount() == 1
    owner.setCurrentIndex(0)
    actions.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    dues = [actions.model.index(r, 3).data()[:10] for r in range(actions.model.rowCount())]
    assert dues == sorted(dues)


def test_failed_save_keeps_what_was_typed(qtbot, make_window, new_window, errors) -> None:
    window, path = new_window("gone.cgw")
    setup = go(window, SetupScreen)
    path.unlink()
    qtbot.keyClicks(setup.new_name, "Keep me")
    qtbot.mouseClick(setup.add_person, Qt.MouseButton.LeftButton)
    assert errors and errors[-1][0] == "SaveError" and "typed: Keep me" in errors[-1][1]
    assert setup.new_name.text() == "Keep me"
    assert not window.actions["undo"].isEnabled()


def test_periodic_backup_only_when_changed_and_restore(qtbot, new_window, monkeypatch) -> None:
    window, path = new_window("b.cgw")
    store: BackupStore = window.backups
    window.backup.backup_if_changed()
    assert store.entries(path) == []  # nothing changed yet
    setup = go(window, SetupScreen)
    qtbot.keyClicks(setup.new_name, "First")
    qtbot.mouseClick(setup.add_person, Qt.MouseButton.LeftButton)
    window.backup.backup_if_changed()
    qtbot.waitUntil(lambda: len(store.entries(path)) == 1 and not window.backup.pending, timeout=5000)
    window.backup.backup_if_changed()
    assert len(store.entries(path)) == 1
    qtbot.keyClicks(setup.new_name, "Second")
    qtbot.mouseClick(setup.add_person, Qt.MouseButton.LeftButton)
    entry = store.entries(path)[0]
    from ui.restore_dialog import RestoreDialog

    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, entries, name, parent=None: entry))
    window.files.restore_backup()
    assert [r.name for r in go(window, SetupScreen).people.rows] == ["First"]
    window.close()
    w = open_workshop(path, backups=store)
    assert [p.name for p in w.query(queries.participants)] == ["First"]
    w.close()


def test_buttons_exist_for_every_add(make_window) -> None:
    window = make_window()
    window.open_demo()
    screens = [go(window, cls) for cls in (SetupScreen, GoalsScreen, ActionsScreen)]
    names = {b.text() for s in screens for b in s.findChildren(QPushButton)}
    assert {"Add participant", "Add goal", "Add action", "Remove goal", "Remove action"} <= names


def test_non_latin_names_via_input_method(qtbot, make_window, new_window, errors) -> None:
    window, path = new_window("u.cgw")
    setup = go(window, SetupScreen)
    for name in ("Zoë Ångström", "李雷", "Фёдор 🚀", "مريم"):
        setup.new_name.insert(name)  # what an input method delivers; QTest can only type ASCII keys
        qtbot.keyClick(setup.new_name, Qt.Key.Key_Return)
    assert [r.name for r in setup.people.rows] == ["Zoë Ångström", "李雷", "Фёдор 🚀", "مريم"]
    assert errors == []


def test_ctrl_z_in_a_field_undoes_the_saved_edit(qtbot, new_window) -> None:
    window, path = new_window("z.cgw")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts fire only in the active window
    setup = go(window, SetupScreen)
    field = setup.fields["company"]
    field.setFocus()
    qtbot.keyClicks(field, "Acme")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.document.query(queries.workshop_info).company == "Acme"
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.query(queries.workshop_info).company == ""
    assert field.text() == ""
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.document.query(queries.workshop_info).company == "Acme"
    assert field.text() == "Acme"


def test_a_field_edit_does_not_refresh_its_own_screen_but_undo_does(qtbot, new_window, monkeypatch) -> None:
    window, _path = new_window("q.cgw")
    setup = go(window, SetupScreen)
    calls: list[object] = []
    original = SetupScreen.refresh
    monkeypatch.setattr(SetupScreen, "refresh", lambda self, changes: (calls.append(changes), original(self, changes)))
    field = setup.fields["company"]
    field.setFocus()
    qtbot.keyClicks(field, "Northwind")
    field.setCursorPosition(4)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.document.query(queries.workshop_info).company == "Northwind"
    assert calls == [] and field.cursorPosition() == 4  # the field already shows it; the cursor stays put
    window.actions["undo"].trigger()
    assert len(calls) == 1 and field.text() == ""


def test_a_selected_overdue_row_stays_red(qtbot, make_window) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QStyle

    window = make_window()
    window.open_demo()
    actions = go(window, ActionsScreen)
    overdue = next(r for r in actions.model.rows if r.is_overdue(dt.date.today()))
    option = QStyleOptionViewItem()
    option.state |= QStyle.StateFlag.State_Selected
    actions.view.itemDelegate().initStyleOption(option, actions.model.index(actions.model.row_of_id(overdue.id), 0))
    assert option.palette.color(QPalette.ColorRole.HighlightedText).name() == "#b42318"


def test_the_participant_form_stores_title_department_and_who_signs(qtbot, new_window, errors) -> None:
    window, _path = new_window()
    setup = go(window, SetupScreen)
    qtbot.keyClicks(setup.new_name, "Dana Whitfield")
    qtbot.keyClicks(setup.new_title, "VP Sales")
    setup.new_dept.setEditText("Sales")
    setup.new_signs.setChecked(True)
    qtbot.mouseClick(setup.add_person, Qt.MouseButton.LeftButton)
    people = window.document.query(queries.participants)
    assert [(p.name, p.title, p.department, p.is_signatory) for p in people] == [
        ("Dana Whitfield", "VP Sales", "Sales", True)]
    assert errors == []


def test_an_unreadable_workshop_date_is_refused_once_and_keeps_what_was_typed(qtbot, new_window, errors) -> None:
    window, _path = new_window()
    setup = go(window, SetupScreen)
    held = window.document.query(queries.workshop_info).held_on
    setup.date_edit.setFocus()
    setup.date_edit.selectAll()
    qtbot.keyClicks(setup.date_edit, "next Tuesday")
    qtbot.keyClick(setup.date_edit, Qt.Key.Key_Return)
    assert len(errors) == 1 and errors[0][0] == "ValidationError" and errors[0][1].endswith("| typed: next Tuesday")
    qtbot.keyClick(setup.date_edit, Qt.Key.Key_Return)  # the same text again: marked, not said twice
    assert len(errors) == 1
    assert setup.date_edit.text() == "next Tuesday"
    assert window.document.query(queries.workshop_info).held_on == held  # nothing changed in the file
