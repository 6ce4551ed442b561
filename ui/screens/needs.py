"""Step 2, Wants & needs: for a pair of departments, side by side, what each needs from the other, acknowledged by
the other side; an item can go on the Action plan."""
from __future__ import annotations

from itertools import combinations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app import queries
from app.commands import Changes, Command
from app.commands import opening as cmds
from app.queries import DepartmentRow, NeedRow
from models import Area
from ui.choices import Items
from ui.document import Document
from ui.row_list import RowList, esc, mark_editing
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel

SEEN = RowStyle(foreground="#344054")
KINDS: Items = [("Need", "need"), ("Want", "want")]


def _detail(row: NeedRow) -> str:
    seen = f"heard and acknowledged by {esc(row.acknowledged_by)}" if row.acknowledged_by else "not acknowledged yet"
    plan = f" · on the Action plan ({row.actions})" if row.actions else ""
    return f"<b>{esc(row.text)}</b><br>{row.kind} · {seen}{plan}"


class Side(QGroupBox):
    """What one department needs from the other: its add form, its list, and the button that makes an action."""

    def __init__(self, screen: NeedsScreen, name: str) -> None:
        super().__init__()
        self.step_screen = screen
        self.from_id: int | None = None
        self.to_id: int | None = None
        document = screen.document
        self.new_text = QLineEdit()
        self.new_text.setObjectName(f"new_need_{name}")
        self.new_text.setPlaceholderText("What is needed")
        self.new_kind = QComboBox()
        self.new_kind.setObjectName(f"new_need_kind_{name}")
        for label, value in KINDS:
            self.new_kind.addItem(label, value)
        self.model = RowTableModel(document, [
            Column("Need", lambda r: r.text, lambda r, v: cmds.edit_need(r.id, "text", v), grow=3),
            Column("Kind", lambda r: r.kind, lambda r, v: cmds.edit_need(r.id, "kind", v), kind="choice",
                   edit_value=lambda r: r.kind, choices=lambda: KINDS, optional=True),
            Column("Heard by", lambda r: r.acknowledged_by,
                   lambda r, v: cmds.edit_need(r.id, "acknowledged_by_id", v), kind="choice",
                   edit_value=lambda r: r.acknowledged_by_id or 0, choices=self._acknowledgers),
        ], style=lambda r: SEEN if r.acknowledged_by_id else None, reorderable=True)
        self.list = RowList(document, self.model, name=f"needs_{name}", noun=("need", "needs"), add=self._new,
                            fields=[self.new_text, self.new_kind], typed=self.new_text.text,
                            remove=lambda r: cmds.remove_need(r.id),
                            widths=screen.widths, detail=_detail, folding=[self.new_kind], reorder=cmds.reorder_needs)
        self.view = self.list.view
        self.to_action = QPushButton("Make an Action of It")
        self.to_action.setObjectName(f"need_to_action_{name}")
        self.to_action.setToolTip("Put this on the Action plan, owned by the side that was asked")
        mark_editing(self.to_action)
        self.to_action.clicked.connect(self._make_action)
        self.list.buttons.insertWidget(0, self.to_action)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)

    def show_pair(self, from_dept: DepartmentRow, to_dept: DepartmentRow, rows: list[NeedRow]) -> None:
        self.from_id, self.to_id = from_dept.id, to_dept.id
        self.setTitle(f"What {from_dept.name} needs from {to_dept.name}")
        self.model.set_rows([r for r in rows if r.from_id == from_dept.id and r.to_id == to_dept.id])

    def _acknowledgers(self) -> Items:
        # Acknowledged by someone of the side that was asked; anyone, when that side has no one in the room yet.
        people = self.step_screen.document.query(queries.participants)
        theirs = [p for p in people if p.department_id == self.to_id] or people
        return [("Not yet", 0)] + [(p.name, p.id) for p in theirs]

    def _new(self) -> Command:
        if self.from_id is None or self.to_id is None:
            raise ValueError("no pair of departments chosen")
        return cmds.add_need(text=self.new_text.text(), from_id=self.from_id, to_id=self.to_id,
                             kind=self.new_kind.currentData())

    def _make_action(self) -> None:
        row = self.view.current_row()
        if isinstance(row, NeedRow):
            self.step_screen.document.push(cmds.need_to_action(row))


class NeedsScreen(Screen):
    key = "needs"
    subtitle = ("Listen to each other: for each pair of departments, what each needs from the other. The side that "
                "was asked acknowledges each item, so both know it was heard.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        top = QHBoxLayout()
        top.addWidget(QLabel("Between"))
        self.pair = QComboBox()
        self.pair.setObjectName("need_pair")
        self.pair.setToolTip("The two departments listening to each other")
        self.pair.currentIndexChanged.connect(lambda _i: self.refresh(Changes(Area.NEEDS)))
        top.addWidget(self.pair)
        top.addStretch(1)
        self.layout_.addLayout(top)
        self.none = QLabel("Wants & needs are between two departments: add a second one in Setup.")
        self.none.setWordWrap(True)
        self.layout_.addWidget(self.none)
        self.left, self.right = Side(self, "left"), Side(self, "right")
        row = self.side_by_side()
        row.addWidget(self.left, 1)
        row.addWidget(self.right, 1)
        self.layout_.addLayout(row, 1)

    def reveal(self, row_id: object) -> bool:
        # The need may be between another pair of departments than the one shown.
        need = next((n for n in self.document.query(queries.needs) if n.id == row_id), None)
        if need is not None:
            for i in range(self.pair.count()):
                if set(self.pair.itemData(i)) == {need.from_id, need.to_id}:
                    self.pair.setCurrentIndex(i)
                    break
        return super().reveal(row_id)

    def _department_pairs(self, departments: list[DepartmentRow]) -> list[tuple[DepartmentRow, DepartmentRow]]:
        pairs = list(combinations(departments, 2))
        # Sales and Marketing first: the pair the kickoff is for.
        pairs.sort(key=lambda p: {d.name.casefold() for d in p} != {"sales", "marketing"})
        return pairs

    def refresh(self, changes: Changes) -> None:
        departments = self.document.query(queries.departments)
        pairs = self._department_pairs(departments)
        if changes.touches(Area.DEPARTMENTS) or self.pair.count() != len(pairs):
            chosen = self.pair.currentData()
            self.pair.blockSignals(True)
            self.pair.clear()
            for a, b in pairs:
                self.pair.addItem(f"{a.name} and {b.name}", (a.id, b.id))
            found = self.pair.findData(chosen) if chosen is not None else -1
            self.pair.setCurrentIndex(max(found, 0) if pairs else -1)
            self.pair.blockSignals(False)
        self.none.setVisible(not pairs)
        for side in (self.left, self.right):
            side.setVisible(bool(pairs))
        if not pairs:
            return
        a, b = pairs[max(self.pair.currentIndex(), 0)]
        rows = self.document.query(queries.needs)
        self.left.show_pair(a, b, rows)
        self.right.show_pair(b, a, rows)
        heard = sum(r.acknowledged_by_id is not None for r in rows)
        self.status.setText(f"{len(rows)} item{'s' if len(rows) != 1 else ''} · {heard} acknowledged" if rows else "")
