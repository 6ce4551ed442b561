"""Step 1, Rivalries: the tensions and misconceptions in the room, written without blame, and what to do about them."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QMainWindow, QPushButton, QWidget

from app import queries
from app.commands import Changes, Command
from app.commands import opening as cmds
from app.queries import RivalryRow
from models import Area
from ui.choices import ChoiceBox, Items
from ui.document import Document
from ui.row_list import RowList, esc, mark_editing, two_row_form
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel

SETTLED = RowStyle(foreground="#667085")
URGENT = RowStyle(bold=True)
SEVERITY_CHOICES: Items = [(name.capitalize(), name) for name in cmds.SEVERITIES]


def _holders(document: Document) -> Items:
    return [("Both sides", 0)] + [(d.name, d.id) for d in document.query(queries.departments)]


def _subjects(document: Document) -> Items:
    return [("Each other", 0)] + [(d.name, d.id) for d in document.query(queries.departments)]


def _style(row: RivalryRow) -> RowStyle | None:
    if row.addressed:
        return SETTLED
    return URGENT if cmds.severity_name(row.severity) == "high" else None


def _detail(row: RivalryRow) -> str:
    state = "addressed" if row.addressed else "still open"
    response = (f"Agreed response: {esc(row.response)}" if row.response else
                "No response agreed yet: what will the room do about it?")
    plan = f"<br>On the Action plan: {row.actions} action{'s' if row.actions != 1 else ''}" if row.actions else ""
    return (f"<b>{esc(row.statement)}</b><br>{esc(row.who)} · {cmds.severity_name(row.severity)} severity · {state}"
            f"<br>{response}{plan}")


class RivalriesScreen(Screen):
    key = "rivalries"
    subtitle = ("Say out loud what each side thinks of the other, without blame: who holds the view, how much it "
                "hurts, and the response the room agrees on. Mark it addressed once the response is settled.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.new_statement = QLineEdit()
        self.new_statement.setObjectName("new_rivalry")
        self.new_statement.setPlaceholderText("What one side believes")
        self.new_statement.setToolTip("A view one side holds of the other, e.g. Marketing leads are never followed up")
        self.new_held_by = ChoiceBox(lambda: _holders(document), Area.DEPARTMENTS)
        self.new_held_by.setObjectName("new_rivalry_held_by")
        self.new_held_by.setToolTip("Who holds this view")
        self.new_about = ChoiceBox(lambda: _subjects(document), Area.DEPARTMENTS)
        self.new_about.setObjectName("new_rivalry_about")
        self.new_about.setToolTip("Whom it is about")
        self.new_severity = QComboBox()
        self.new_severity.setObjectName("new_rivalry_severity")
        self.new_severity.setToolTip("How much it gets in the way")
        for label, value in SEVERITY_CHOICES:
            self.new_severity.addItem(f"{label} severity", value)
        self.new_severity.setCurrentIndex(1)

        self.model = RowTableModel(document, [
            Column("Rivalry", lambda r: r.statement, lambda r, v: cmds.edit_rivalry(r.id, "statement", v), grow=3),
            Column("Held by", lambda r: r.held_by or "Both sides",
                   lambda r, v: cmds.edit_rivalry(r.id, "held_by_id", v), kind="choice",
                   edit_value=lambda r: r.held_by_id or 0, choices=lambda: _holders(document)),
            Column("About", lambda r: r.about or "Each other",
                   lambda r, v: cmds.edit_rivalry(r.id, "about_id", v), kind="choice",
                   edit_value=lambda r: r.about_id or 0, choices=lambda: _subjects(document), optional=True),
            Column("Severity", lambda r: cmds.severity_name(r.severity),
                   lambda r, v: cmds.edit_rivalry(r.id, "severity", v), kind="choice",
                   edit_value=lambda r: cmds.severity_name(r.severity), choices=lambda: SEVERITY_CHOICES,
                   sort_key=lambda r: r.severity),
            Column("Agreed response", lambda r: r.response, lambda r, v: cmds.edit_rivalry(r.id, "response", v),
                   grow=2, optional=True),
            Column("On the plan", lambda r: f"{r.actions} action{'s' if r.actions != 1 else ''}" if r.actions else "",
                   optional=True),
            Column("Addressed", lambda r: "yes" if r.addressed else "",
                   lambda r, v: cmds.edit_rivalry(r.id, "addressed", v), edit_value=lambda r: r.addressed,
                   kind="check"),
        ], style=_style, reorderable=True)
        self.list = RowList(document, self.model, name="rivalries", noun=("rivalry", "rivalries"),
                            add=self._new_rivalry,
                            fields=[self.new_statement, self.new_held_by, self.new_about, self.new_severity],
                            typed=self.new_statement.text, arrange=two_row_form(1, 1, 0, remove_beside=False),
                            remove=lambda r: cmds.remove_rivalry(r.id), widths=self.widths, detail=_detail,
                            folding=[self.new_held_by, self.new_about, self.new_severity],
                            reorder=cmds.reorder_rivalries)
        self.layout_.addWidget(self.list, 1)
        self.view = self.list.view
        self.add_button = self.list.add_button
        self.remove_button = self.list.remove_button
        self.to_action = QPushButton("Make an &Action of It")
        self.to_action.setObjectName("rivalry_to_action")
        self.to_action.setToolTip("Put the agreed response on the Action plan, linked back to this rivalry")
        mark_editing(self.to_action)
        self.to_action.clicked.connect(self._make_action)
        self.list.buttons.insertWidget(0, self.to_action)

    def _new_rivalry(self) -> Command:
        return cmds.add_rivalry(statement=self.new_statement.text(), held_by_id=self.new_held_by.currentData(),
                                about_id=self.new_about.currentData(), severity=self.new_severity.currentData())

    def _make_action(self) -> None:
        row = self.view.current_row()
        if isinstance(row, RivalryRow) and self.document.push(cmds.rivalry_to_action(row)):
            window = self.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage("Added to the Action plan, linked to this rivalry", 8000)

    def refresh(self, changes: Changes) -> None:
        self.model.set_rows(self.document.query(queries.rivalries))
        rows = self.model.values()
        still_open = sum(not r.addressed for r in rows)
        total = f"{len(rows)} rivalr{'y' if len(rows) == 1 else 'ies'}"
        self.status.setText(f"{total} · {still_open} still open" if rows else "")
