"""Every registered step keeps the same promises: an edit made through its widgets lands in the file and on
screen, undo takes it back and brings the window to that step, and a read-only view disables every edit control.

A step without an entry in CONTRACTS fails `test_every_step_has_a_contract`, so a new screen cannot skip this.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QWidget

from app import queries
from app.opening import open_snapshot
from app.steps import with_screens
from ui.document import Document
from ui.main_window import MainWindow, screen_class
from ui.screens.base import Screen
from ui.table_model import RowTableModel


@dataclass(frozen=True)
class Edit:
    name: str
    drive: Callable[[Any, Screen], None]  # (qtbot, screen): what the user does
    in_file: Callable[[Document], bool]  # is the edit in the workshop file?
    on_screen: Callable[[Screen], bool]  # does the screen show it?


def _rows(model: RowTableModel, attr: str) -> list[Any]:
    return [getattr(r, attr) for r in model.rows]


def _type_enter(qtbot: Any, widget: QWidget, text: str) -> None:
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:  # what an input method delivers; QTest can only type ASCII keys
        widget.insert(text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _select_and_delete(qtbot: Any, view: Any, row_id: int) -> None:
    assert view.select_id(row_id)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)


def _set_cell(model: RowTableModel, row_id: int, column: str, value: object,
              role: Qt.ItemDataRole = Qt.ItemDataRole.EditRole) -> None:
    col = next(i for i, c in enumerate(model.columns) if c.header == column)
    assert model.setData(model.index(model.row_of_id(row_id), col), value, role)


def _first(doc: Document, fn: Callable[[Any], list[Any]]) -> Any:
    return doc.query(fn)[0]


SETUP = [
    Edit("company field", lambda bot, s: _type_enter(bot, s.fields["company"], " & Partners <EU>"),
         lambda d: d.query(queries.workshop_info).company.endswith("& Partners <EU>"),
         lambda s: s.fields["company"].text().endswith("& Partners <EU>")),
    Edit("workshop date typed", lambda bot, s: (s.date_edit.selectAll(), _type_enter(bot, s.date_edit, "2027-02-03")),
         lambda d: d.query(queries.workshop_info).held_on == dt.date(2027, 2, 3),
         lambda s: s.date_edit.text() == "2027-02-03"),
    Edit("add participant", lambda bot, s: _type_enter(bot, s.new_name, "Zoë Ångström"),
         lambda d: "Zoë Ångström" in [p.name for p in d.query(queries.participants)],
         lambda s: "Zoë Ångström" in _rows(s.people, "name")),
    Edit("remove participant with Delete",
         lambda bot, s: _select_and_delete(bot, s.people_view, s.people.rows[0].id),
         lambda d: "Dana Whitfield" not in [p.name for p in d.query(queries.participants)],
         lambda s: "Dana Whitfield" not in _rows(s.people, "name")),
    Edit("signatory checkbox", lambda bot, s: _set_cell(s.people, s.people.rows[2].id, "Signs SLA",
                                                         Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole),
         lambda d: d.query(queries.participants)[2].is_signatory,
         lambda s: s.people.index(2, 3).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked),
    Edit("timebox cell", lambda bot, s: _set_cell(s.agenda, s.agenda.rows[1].id, "Minutes", "40"),
         lambda d: d.query(queries.agenda)[1].timebox_minutes == 40,
         lambda s: s.agenda.get(s.agenda.rows[1].id).timebox_minutes == 40
         and "40 min" in s.window().sidebar.item(1).text()),
    Edit("add ground rule", lambda bot, s: _type_enter(bot, s.new_rule, "Start on time"),
         lambda d: "Start on time" in [r.text for r in d.query(queries.ground_rules)],
         lambda s: "Start on time" in _rows(s.rules, "text")),
]

FIRST_GOAL = "Grow the pipeline that sales accepts from marketing-sourced leads"

GOALS = [
    Edit("add goal", lambda bot, s: _type_enter(bot, s.new_goal, "Halve the time to first touch"),
         lambda d: "Halve the time to first touch" in [g.statement for g in d.query(queries.goals)],
         lambda s: "Halve the time to first touch" in _rows(s.model, "statement")),
    Edit("remove goal with Delete", lambda bot, s: _select_and_delete(bot, s.view, s.model.rows[2].id),
         lambda d: len(d.query(queries.goals)) == 2, lambda s: len(s.model.rows) == 2),
    Edit("target cell", lambda bot, s: _set_cell(s.model, s.model.rows[2].id, "Target", "30"),
         lambda d: d.query(queries.goals)[2].target == 30, lambda s: s.model.index(2, 4).data() == "30"),
    Edit("owner checkbox", lambda bot, s: (s.view.select_id(s.model.rows[2].id),
                                           list(s.owner_boxes.values())[1].click()),
         lambda d: len(d.query(queries.goals)[2].owner_ids) == 2,
         lambda s: s.model.rows[2].owners == "Sales & Marketing"),
    Edit("move goal with Ctrl+Shift+Down", lambda bot, s: _move_down(bot, s.view, s.model.rows[0].id),
         lambda d: [g.statement for g in d.query(queries.goals)][1] == FIRST_GOAL,
         lambda s: s.model.index(1, 0).data() == FIRST_GOAL),
]


def _add_action(bot: Any, s: Any) -> None:
    s.new_owner.setCurrentIndex(s.new_owner.findText("Priya Raman"))
    s.new_due.setText("2027-03-31")
    _type_enter(bot, s.new_title, "Publish the SLA = v1 & share it")


ACTIONS = [
    Edit("add action with owner and typed due date", _add_action,
         lambda d: any(a.title == "Publish the SLA = v1 & share it" and a.owner == "Priya Raman"
                       and a.due_on == dt.date(2027, 3, 31) and a.team == "Sales" for a in d.query(queries.actions)),
         lambda s: "Publish the SLA = v1 & share it" in _rows(s.model, "title")),
    Edit("remove action with the button", lambda bot, s: (s.view.select_id(s.model.rows[0].id),
                                                          bot.mouseClick(s.remove_button, Qt.MouseButton.LeftButton)),
         lambda d: len(d.query(queries.actions)) == 5, lambda s: s.model.total() == 5),
    Edit("status cell", lambda bot, s: _set_cell(s.model, s.model.rows[2].id, "Status", "done"),
         lambda d: d.query(queries.actions)[2].status == "done",
         lambda s: s.model.get(s.model.rows[2].id).status == "done"),
]

def _add_rivalry(bot: Any, s: Any) -> None:
    s.new_statement.setFocus()
    bot.keyClicks(s.new_statement, "Demos are booked & never = attended")
    s.new_held_by.setCurrentIndex(s.new_held_by.findText("Sales"))  # shown once the statement is typed
    s.new_severity.setCurrentIndex(s.new_severity.findData("high"))
    bot.keyClick(s.new_statement, Qt.Key.Key_Return)


LOW = "Content is written without asking what buyers ask sales"


def _low(s: Any) -> Any:
    return next(r for r in s.model.rows if r.statement == LOW)


def _move_down(bot: Any, view: Any, row_id: Any) -> None:
    assert view.select_id(row_id)
    view.setFocus()
    bot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


FIRST_RIVALRY = "Marketing hands over leads that are not ready to buy"

RIVALRIES = [
    Edit("add rivalry with who holds it and severity", _add_rivalry,
         lambda d: any(r.statement == "Demos are booked & never = attended" and r.held_by == "Sales"
                       and r.severity == 5 for r in d.query(queries.rivalries)),
         lambda s: "Demos are booked & never = attended" in _rows(s.model, "statement")),
    Edit("remove rivalry with Delete", lambda bot, s: _select_and_delete(bot, s.view, s.model.rows[0].id),
         lambda d: len(d.query(queries.rivalries)) == 3, lambda s: s.model.total() == 3),
    Edit("addressed checkbox", lambda bot, s: _set_cell(s.model, s.model.rows[1].id, "Addressed",
                                                         Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole),
         lambda d: d.query(queries.rivalries)[1].addressed,
         lambda s: s.model.get(s.model.rows[1].id).addressed and s.status.text().endswith("2 still open")),
    Edit("severity cell", lambda bot, s: _set_cell(s.model, _low(s).id, "Severity", "high"),
         lambda d: any(r.statement == LOW and r.severity == 5 for r in d.query(queries.rivalries)),
         lambda s: any(r.statement == LOW and r.severity == 5 for r in s.model.rows)),
    Edit("move the first rivalry down with Ctrl+Shift+Down",
         lambda bot, s: _move_down(bot, s.view, s.model.visible[0].id),
         lambda d: d.query(queries.rivalries)[1].statement == FIRST_RIVALRY,
         lambda s: s.model.visible[1].statement == FIRST_RIVALRY and s.view.current_row().statement == FIRST_RIVALRY),
]

SEAT = "A seat at the weekly pipeline review"


def _seat(s: Any) -> Any:
    return next(r for r in s.right.model.rows if r.text == SEAT)


def _needs_of(d: Document, text: str) -> list[Any]:
    return [n for n in d.query(queries.needs) if n.text == text]


NEEDS = [
    Edit("add a need on the left",
         lambda bot, s: _type_enter(bot, s.left.new_text, "Budget <and> timing on every lead"),
         lambda d: any(n.from_id != n.to_id for n in _needs_of(d, "Budget <and> timing on every lead")),
         lambda s: "Budget <and> timing on every lead" in _rows(s.left.model, "text")),
    Edit("add a want on the right", lambda bot, s: (s.right.new_text.setFocus(),
                                                    bot.keyClicks(s.right.new_text, "Joint QBR"),
                                                    s.right.new_kind.setCurrentIndex(1),
                                                    bot.keyClick(s.right.new_text, Qt.Key.Key_Return)),
         lambda d: [n.kind for n in _needs_of(d, "Joint QBR")] == ["want"],
         lambda s: "Joint QBR" in _rows(s.right.model, "text")),
    Edit("remove a need with Delete", lambda bot, s: _select_and_delete(bot, s.right.view, s.right.model.rows[0].id),
         lambda d: not _needs_of(d, "Tell us within two days why a lead was rejected"),
         lambda s: "Tell us within two days why a lead was rejected" not in _rows(s.right.model, "text")),
    Edit("acknowledge a need", lambda bot, s: _set_cell(s.right.model, _seat(s).id, "Heard by",
                                                        s.right._acknowledgers()[1][1]),
         lambda d: _needs_of(d, SEAT)[0].acknowledged_by_id is not None,
         lambda s: _seat(s).acknowledged_by != ""),
]

def _challenge(s: Any, text: str) -> Any:
    return next(r for r in s.model.rows if r.text == text)


def _board(d: Document) -> Any:
    return d.query(queries.challenge_board)


def _add_challenge(bot: Any, s: Any) -> None:
    s.new_text.setFocus()
    bot.keyClicks(s.new_text, "Quotes <need> = 3 sign-offs & a week")
    s.new_side.setCurrentIndex(s.new_side.findText("Sales"))
    bot.keyClick(s.new_text, Qt.Key.Key_Return)


def _group_from_the_keyboard(bot: Any, s: Any) -> None:
    """Select two lone challenges, Themes ▸ Group With…, type part of the other one, Enter."""
    s.view.clearSelection()
    flags = s.view.selectionModel().SelectionFlag
    for text in ("We guess which questions buyers ask", RENEWAL):
        index = s.model.index(s.model.row_of_id(_challenge(s, text).id), 0)
        s.view.selectionModel().setCurrentIndex(index, flags.Select | flags.Rows)
    s.group.trigger()
    chooser = s.findChild(QWidget, "chooser")
    bot.keyClicks(chooser.filter, "campaign budget")
    bot.keyClick(chooser.filter, Qt.Key.Key_Return)


def _dot(bot: Any, s: Any) -> None:
    s.voter.setCurrentIndex(s.voter.findText("Tomás Ferreira"))
    s.rank_view.setFocus()
    assert s.rank_view.select_id(_speed(s).id)
    bot.mouseClick(s.give, Qt.MouseButton.LeftButton)


def _speed(s: Any) -> Any:
    return next(r for r in s.ranking.rows if r.title == "Speed to lead")


RENEWAL = "Renewal risks reach us only after the deal has closed"
CHALLENGES = [
    Edit("add challenge with its side", _add_challenge,
         lambda d: any(c.text == "Quotes <need> = 3 sign-offs & a week" and c.department == "Sales"
                       for c in _board(d).challenges),
         lambda s: "Quotes <need> = 3 sign-offs & a week" in _rows(s.model, "text")),
    Edit("remove challenge with Delete",
         lambda bot, s: _select_and_delete(bot, s.view, _challenge(s, "The case studies are three years old").id),
         lambda d: len(_board(d).challenges) == 11, lambda s: s.model.total() == 11),
    Edit("side cell", lambda bot, s: _set_cell(s.model, _challenge(s, RENEWAL).id, "Side",
                                               next(i for n, i in s.model.columns[1].choices() if n == "Marketing")),
         lambda d: next(c for c in _board(d).challenges if c.text == RENEWAL).department == "Marketing",
         lambda s: _challenge(s, RENEWAL).department == "Marketing"),
    Edit("group two with a third from the keyboard", _group_from_the_keyboard,
         lambda d: len({c.theme_id for c in _board(d).challenges if c.theme_id and c.text in (
             RENEWAL, "We guess which questions buyers ask",
             "The campaign budget is fixed before sales targets are known")}) == 1
         and len(_board(d).themes) == 4,
         lambda s: "★ Theme 4" in [s.ranking.columns[1].display(r) for r in s.ranking.rows]),
    Edit("move a challenge down within its theme",
         lambda bot, s: _move_down(bot, s.view, _challenge(s, "Leads arrive without the company size or a budget").id),
         lambda d: _board(d).challenges[1].text == "Leads arrive without the company size or a budget",
         lambda s: s.model.visible[1].text == "Leads arrive without the company size or a budget"),
    Edit("give a dot", _dot,
         lambda d: _board(d).used(next(i for i, n in _board(d).people.items() if n == "Tomás Ferreira")) == 1,
         lambda s: s.dots_left.text().endswith("2 of 3 left") and _speed(s).dots == 5),
]

def _personas(d: Document) -> list[Any]:
    return d.query(queries.personas)


def _type_in_large_view(bot: Any, s: Any) -> None:
    s.cards[0].setFocus()
    bot.keyClick(s.cards[0], Qt.Key.Key_Return)  # opens it large
    pains = s.editor.fields["pains"]
    pains.setFocus()
    pains.moveCursor(pains.textCursor().MoveOperation.End)
    bot.keyClicks(pains, "; <no> = audit trail & more")
    s.editor.fields["name"].setFocus()  # leaving the field saves it


def _owner(bot: Any, s: Any) -> None:
    s.cards[2].setFocus()  # IT Irina, owned by Priya (Sales) and Hiro (Marketing)
    s.open_button.click()
    hiro = next(i for i, c in s.editor.owner_checks.items() if c.text().startswith("Hiro Tanaka"))
    s.editor.owner_checks[hiro].click()


PERSONAS = [
    Edit("add persona", lambda bot, s: _type_enter(bot, s.new_name, "Procurement Paula"),
         lambda d: "Procurement Paula" in [p.name for p in _personas(d)],
         lambda s: "Procurement Paula" in [c.row.name for c in s.cards]),
    Edit("remove persona with Delete",
         lambda bot, s: (s.cards[1].setFocus(), bot.keyClick(s.cards[1], Qt.Key.Key_Delete)),
         lambda d: "Finance Frank" not in [p.name for p in _personas(d)],
         lambda s: "Finance Frank" not in [c.row.name for c in s.cards]),
    Edit("type in the large view", _type_in_large_view,
         lambda d: _personas(d)[0].pains.endswith("; <no> = audit trail & more"),
         lambda s: s.current().pains.endswith("; <no> = audit trail & more")),
    Edit("the other side's owner leaves: flagged", _owner,
         lambda d: _personas(d)[2].ownership_problem.startswith("Owned by Sales only"),
         lambda s: s.editor.flag.text().startswith("⚑ Owned by Sales only")),
    Edit("duplicate",
         lambda bot, s: (s.cards[0].setFocus(), bot.mouseClick(s.duplicate_button, Qt.MouseButton.LeftButton)),
         lambda d: "Operations Olga (copy)" in [p.name for p in _personas(d)],
         lambda s: "Operations Olga (copy)" in [c.row.name for c in s.cards]),
    Edit("move a card with Ctrl+Shift+Right", lambda bot, s: (s.cards[0].setFocus(), bot.keyClick(
        s.cards[0], Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)),
         lambda d: _personas(d)[1].name == "Operations Olga", lambda s: s.cards[1].row.name == "Operations Olga"),
]

def _raci_key(bot: Any, s: Any, activity: str, person: int, key: Qt.Key) -> None:
    row = next(i for i, r in enumerate(s.matrix.visible) if r.name == activity)
    column = s.column_of(person) if person else 0  # 0: the activity's name
    s.matrix_view.setFocus()
    s.matrix_view.setCurrentIndex(s.matrix.index(row, column))
    bot.keyClick(s.matrix_view, key)


def _activity(d: Document, name: str) -> Any:
    return next(a for a in d.query(queries.activities) if a.name == name)


def _role_with_department(bot: Any, s: Any) -> None:
    s.new_role.setFocus()
    bot.keyClicks(s.new_role, "Event owner")
    s.new_role_dept.setCurrentIndex(s.new_role_dept.findText("Marketing"))
    bot.keyClick(s.new_role, Qt.Key.Key_Return)


ROLES = [
    Edit("type a letter in a RACI cell", lambda bot, s: _raci_key(bot, s, "Nurturing", 7, Qt.Key.Key_C),
         lambda d: _activity(d, "Nurturing").letter_of(7) == "C",
         lambda s: next(r for r in s.matrix.rows if r.name == "Nurturing").letter_of(7) == "C"),
    Edit("clear the Accountable with Space and see the flag",
         lambda bot, s: _raci_key(bot, s, "Reporting", 6, Qt.Key.Key_Space),
         lambda d: _activity(d, "Reporting").problem == "No one is Accountable (A)",
         lambda s: s.status.text().endswith("1 incomplete")),
    Edit("add an activity", lambda bot, s: _type_enter(bot, s.new_activity, "Win/loss review"),
         lambda d: any(a.name == "Win/loss review" for a in d.query(queries.activities)),
         lambda s: "Win/loss review" in _rows(s.matrix, "name")),
    Edit("remove an activity with Delete on its name",
         lambda bot, s: _raci_key(bot, s, "Sales content", 0, Qt.Key.Key_Delete),
         lambda d: all(a.name != "Sales content" for a in d.query(queries.activities)),
         lambda s: "Sales content" not in _rows(s.matrix, "name")),
    Edit("add a role with its department", _role_with_department,
         lambda d: any(r.name == "Event owner" and r.department == "Marketing" for r in d.query(queries.roles)),
         lambda s: "Event owner" in _rows(s.roles, "name")),
    Edit("answer who qualifies leads", lambda bot, s: (s.qualifier.setCurrentIndex(s.qualifier.findText("Marketing")),
                                                       s.qualifier.activated.emit(s.qualifier.currentIndex())),
         lambda d: d.query(queries.qualifier).department == "Marketing",
         lambda s: s.qualifier.currentText() == "Marketing"),
]

def _rota(d: Document) -> Any:
    return d.query(queries.rota_board)


def _away(bot: Any, s: Any) -> None:
    view = s.rota.rota_list.view
    assert view.select_id(s.rota.rota.visible[1].id)
    bot.mouseClick(s.rota.away, Qt.MouseButton.LeftButton)


_SWAPPED: list[str] = []


def _swap(bot: Any, s: Any) -> None:
    """Two turns of the same meeting in different weeks trade guests (selected with Ctrl+click)."""
    view, rows = s.rota.rota_list.view, s.rota.rota.visible
    first = rows[0]
    second = next(r for r in rows[1:] if r.meeting_id == first.meeting_id and r.participant_id != first.participant_id)
    _SWAPPED[:] = [second.participant, rows[1].participant if rows[1].id != second.id else first.participant]
    view.clearSelection()
    flags = view.selectionModel().SelectionFlag
    for row in (first, second):
        view.selectionModel().select(s.rota.rota.index(s.rota.rota.row_of_id(row.id), 0), flags.Select | flags.Rows)
    bot.mouseClick(s.rota.swap, Qt.MouseButton.LeftButton)


def _attendee(bot: Any, s: Any) -> None:
    assert s.rota.meeting_list.view.select_id(s.rota.meetings.visible[1].id)  # Campaign planning
    s.rota.attendee_checks[6].click()  # Hiro Tanaka joins


ROLES += [
    Edit("add a meeting", lambda bot, s: _type_enter(bot, s.rota.new_meeting, "Lead review"),
         lambda d: any(m.name == "Lead review" for m in _rota(d).meetings),
         lambda s: "Lead review" in _rows(s.rota.meetings, "name")),
    Edit("someone joins a meeting", _attendee,
         lambda d: 6 in _rota(d).meetings[1].attendee_ids,
         lambda s: "Hiro Tanaka" in s.rota.meetings.rows[1].attendees),
    Edit("propose a rota over four weeks", lambda bot, s: (s.rota.weeks.setValue(4),
                                                           bot.mouseClick(s.rota.propose, Qt.MouseButton.LeftButton)),
         lambda d: _rota(d).weeks == 4 and {t.week for t in _rota(d).turns} == {
             _rota(d).start + dt.timedelta(weeks=i) for i in range(4)},
         lambda s: len({r.week for r in s.rota.rota.rows}) == 4),
    Edit("swap two turns", _swap,
         lambda d: [t.participant for t in _rota(d).turns][:2] == _SWAPPED,
         lambda s: [r.participant for r in s.rota.rota.visible][:2] == _SWAPPED),
    Edit("a guest is away that week", _away,
         lambda d: len(_rota(d).absences) == 2,
         lambda s: len(s.rota.board.absences) == 2),
]

def _sla(d: Document) -> Any:
    return d.query(queries.sla)


def _add_clause(bot: Any, s: Any) -> None:
    s.new_clause.setFocus()
    bot.keyClicks(s.new_clause, "Budget <confirmed> & = signed")
    s.new_section.setCurrentIndex(s.new_section.findData("good_lead"))
    bot.keyClick(s.new_clause, Qt.Key.Key_Return)


SLA = [
    Edit("add a clause to a section", _add_clause,
         lambda d: any(c.title == "Budget <confirmed> & = signed" and c.section == "good_lead"
                       for c in _sla(d).clauses),
         lambda s: "Budget <confirmed> & = signed" in _rows(s.clauses, "title")),
    Edit("edit a definition cell", lambda bot, s: _set_cell(s.stages, s.stages.rows[1].id, "Definition",
                                                            "Scored 60 or more, with a company e-mail"),
         lambda d: _sla(d).stages[1].definition == "Scored 60 or more, with a company e-mail",
         lambda s: s.stages.rows[1].definition == "Scored 60 or more, with a company e-mail"),
    Edit("remove a stage with Delete", lambda bot, s: _select_and_delete(bot, s.stage_list.view, s.stages.rows[-1].id),
         lambda d: [st.name for st in _sla(d).stages][-1] == "Opportunity",
         lambda s: [st.name for st in s.stages.rows][-1] == "Opportunity"),
    Edit("move a stage down", lambda bot, s: _move_down(bot, s.stage_list.view, s.stages.visible[0].id),
         lambda d: _sla(d).stages[1].name == "Lead", lambda s: s.stages.visible[1].name == "Lead"),
]

def _add_rule(bot: Any, s: Any) -> None:
    panel = s.scoring
    panel.new_rule.setFocus()
    bot.keyClicks(panel.new_rule, "Downloaded the buyer's guide")
    panel.new_kind.setCurrentIndex(panel.new_kind.findData("behaviour"))
    panel.new_points.setText("12")
    bot.keyClick(panel.new_rule, Qt.Key.Key_Return)


def _add_unmeasured(bot: Any, s: Any) -> None:
    s.new_commitment.setFocus()
    bot.keyClicks(s.new_commitment, "Tell marketing what buyers ask")
    bot.keyClick(s.new_commitment, Qt.Key.Key_Return)


SLA += [
    Edit("type the review date", lambda bot, s: (s.review.selectAll(), _type_enter(bot, s.review, "2027-06-30")),
         lambda d: _sla(d).version.review_on == dt.date(2027, 6, 30),
         lambda s: s.review.text() == "2027-06-30"),
    Edit("add a behaviour rule with points", _add_rule,
         lambda d: any(r.description == "Downloaded the buyer's guide" and r.points == 12 and r.kind == "behaviour"
                       for r in _sla(d).rules),
         lambda s: "Downloaded the buyer's guide" in [c.accessibleName() for c in s.scoring.checks.values()]),
    Edit("raise the MQL threshold", lambda bot, s: s.scoring.threshold.setValue(70),
         lambda d: _sla(d).version.mql_threshold == 70, lambda s: s.scoring.threshold.value() == 70),
    Edit("a commitment without numbers is flagged", _add_unmeasured,
         lambda d: _sla(d).commitments[-1].problem.startswith("Not measurable yet"),
         lambda s: s.status.text().endswith("6 commitments, 1 not measurable")),
    Edit("a commitment's target cell", lambda bot, s: _set_cell(s.commitments, s.commitments.rows[0].id, "Target",
                                                                "250"),
         lambda d: _sla(d).commitments[0].target == 250, lambda s: s.commitments.index(0, 4).data() == "250"),
]

def _new_section(bot: Any, s: Any) -> None:
    s.new_clause.setFocus()
    bot.keyClicks(s.new_clause, "Consent")
    s.new_section.setFocus()
    s.new_section.lineEdit().selectAll()
    bot.keyClicks(s.new_section, "Data privacy")
    bot.keyClick(s.new_section, Qt.Key.Key_Return)


def _section_up(bot: Any, s: Any) -> None:
    last = s.clauses.visible[-1]
    s.clause_list.view.select_id(last.id)
    bot.mouseClick(s.section_up, Qt.MouseButton.LeftButton)


def _sections_of(rows: Any) -> list[str]:
    return list(dict.fromkeys(r.section for r in rows))


SLA += [
    Edit("a clause in a section of the room's own", _new_section,
         lambda d: _sla(d).clauses[-1].title == "Consent" and _sla(d).clauses[-1].section == "Data privacy",
         lambda s: s.clauses.visible[-1].title == "Consent" and s.new_section.findData("Data privacy") >= 0),
    Edit("move the last section up", _section_up,
         lambda d: _sections_of(_sla(d).clauses)[-2:] == ["escalation", "incentives"],
         lambda s: _sections_of(s.clauses.visible)[-2:] == ["escalation", "incentives"]),
    Edit("score decay", lambda bot, s: s.scoring.decay_points.setValue(8),
         lambda d: (_sla(d).version.decay_points, _sla(d).version.decay_days) == (8, 30),
         lambda s: s.scoring.decay_points.text() == "8 points"),
]


def draw(bot: Any, pad: QWidget) -> None:
    """A signature as a hand makes it: press, a wavy stroke of mouse moves, release."""
    w, h = pad.width(), pad.height()
    points = [QPoint(int(w * (0.1 + 0.8 * i / 20)), int(h * (0.5 + 0.25 * (-1) ** i))) for i in range(21)]
    bot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for p in points[1:]:
        QApplication.sendEvent(pad, QMouseEvent(QEvent.Type.MouseMove, QPointF(p), QPointF(pad.mapToGlobal(p)),
                                                Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                                Qt.KeyboardModifier.NoModifier))
    bot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def _first_signs(bot: Any, s: Any) -> None:
    block = next(iter(s.blocks.values()))
    bot.wait(1)  # the step lays itself out (as it has long done by the time a hand reaches the pad)
    s.scroll.ensureWidgetVisible(block.pad)
    draw(bot, block.pad)
    s.scroll.ensureWidgetVisible(block.sign_button)
    bot.mouseClick(block.sign_button, Qt.MouseButton.LeftButton)


def _signatures(d: Document) -> list[Any]:
    return d.query(lambda session: queries.signatures(session, queries.sla(session).version.id))


SIGNOFF = [
    Edit("sign on the pad", _first_signs,
         lambda d: [sig.typed_name for sig in _signatures(d)] == ["Dana Whitfield"]
         and _signatures(d)[0].image_png.startswith(b"\x89PNG"),
         lambda s: next(iter(s.blocks.values())).mark.text().startswith("✓ Signed")
         and s.status.text().endswith("1 of 2 signatures")),
]

CONTRACTS: dict[str, list[Edit]] = {"setup": SETUP, "rivalries": RIVALRIES, "needs": NEEDS, "challenges": CHALLENGES,
                                    "goals": GOALS, "personas": PERSONAS, "roles": ROLES, "sla": SLA,
                                    "actions": ACTIONS, "signoff": SIGNOFF,
                                    # Export writes files, not the workshop; its import is tested in test_exports.
                                    "export": []}
CASES = [(key, edit) for key, edits in CONTRACTS.items() for edit in edits]


def test_every_step_has_a_contract() -> None:
    assert set(CONTRACTS) == {s.key for s in with_screens()}
    for step in with_screens():
        assert screen_class(step).key == step.key
        assert step.shows & step.edits == step.edits  # a step shows what it edits


@pytest.mark.parametrize(("key", "edit"), CASES, ids=[f"{k}: {e.name}" for k, e in CASES])
def test_edit_lands_in_file_shows_and_undo_returns_to_step(qtbot, make_window, errors, key: str, edit: Edit) -> None:
    window: MainWindow = make_window()
    window.open_demo()
    screen = window.show_step(key)
    qtbot.waitExposed(screen)
    window.activateWindow()  # keys and focus reach widgets as they do for the room
    qtbot.waitUntil(window.isActiveWindow)
    doc = window.document
    assert not edit.in_file(doc) and not edit.on_screen(screen)
    edit.drive(qtbot, screen)
    assert errors == []
    assert edit.in_file(doc), "the edit did not reach the file"
    assert edit.on_screen(screen), "the screen does not show the edit"
    other = next(s.key for s in with_screens() if s.key != key)
    window.show_step(other)
    window.actions["undo"].trigger()
    assert window.current_screen() is screen, "undo did not bring the window to the step"
    assert not edit.in_file(doc) and not edit.on_screen(screen)
    window.actions["redo"].trigger()
    assert edit.in_file(doc) and edit.on_screen(screen)


# Controls that change what is shown, not the workshop.
VIEW_ONLY = {"owner_filter", "status_filter", "need_pair", "action_source", "voter", "open_persona", "persona_back",
             "version_picker", "compare", "try_idle_days", "paper", "preview_pdf", "export_pdf", "export_xlsx",
             "open_after"}


@pytest.mark.parametrize("key", list(CONTRACTS))
def test_read_only_view_disables_every_edit_control(qtbot, make_window, key: str) -> None:
    window: MainWindow = make_window()
    window.open_demo()
    path = window.document.workshop.path
    window.set_document(Document(open_snapshot(path)))
    screen = window.show_step(key)
    qtbot.waitExposed(screen)
    for widget in screen.findChildren(QWidget):
        if not isinstance(widget, QLineEdit | QAbstractButton | QComboBox | QAbstractSpinBox):
            continue
        if widget.objectName() in VIEW_ONLY or not widget.isVisibleTo(screen) or widget.parent() is None:
            continue
        if isinstance(widget.parent(), QComboBox):  # the line edit inside an editable combo box
            continue
        if widget.parent().objectName() in VIEW_ONLY:  # a view-only spin box's own line edit
            continue
        assert not widget.isEnabled(), f"{key}: {type(widget).__name__} {widget.objectName() or widget} is enabled"
    for model in screen.findChildren(RowTableModel):
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                flags = model.flags(model.index(row, col))
                assert not flags & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)


@pytest.mark.parametrize("key", list(CONTRACTS))
def test_item_models_pass_the_model_tester(qtbot, make_window, key: str) -> None:
    """Qt's own model tester watches every model while its rows are sorted, filtered, added and removed; any
    breach is a Qt warning, which fails the test (qt_log_level_fail = WARNING)."""
    window: MainWindow = make_window()
    window.open_demo()
    screen = window.show_step(key)
    models = screen.findChildren(RowTableModel)  # a step of cards (Personas) has none
    for model in models:
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning, model)
    for model in models:
        for column in range(model.columnCount()):
            model.sort(column, Qt.SortOrder.DescendingOrder)
            model.sort(column, Qt.SortOrder.AscendingOrder)
        model.set_filter(lambda row: hash(row.id) % 2 == 1)
        model.set_filter(None)
        model.sort(-1)
    for edit in CONTRACTS[key]:
        edit.drive(qtbot, screen)
    while window.document.stack.canUndo():
        window.actions["undo"].trigger()
