"""Step 5, Personas: the target market, then a card per buyer both sides sell to, each owned by a joint team.

Cards sit in a grid sized for the room; one opens large (Enter, or Open Large) to be read and edited on the
projector. A persona owned by one side only is flagged on its card and in the large view.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import queries
from app.commands import Changes
from app.commands import personas as cmds
from app.commands.base import moved
from app.queries import PersonaRow
from ui.document import Document
from ui.fields import CommitLineEdit, CommitTextEdit
from ui.row_list import esc, mark_editing
from ui.screens.base import Screen
from ui.settings import Settings

CARD_CHARS = 34  # a card is about this many characters wide; the grid takes as many columns as fit
SHORT = ("name", "role", "industry", "size_band", "region")
LONG = ("goals", "pains", "objections", "channels", "buying_triggers", "fit_criteria", "company_profile")
NAV = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -2, Qt.Key.Key_Down: 2}  # +-2: a row (see _nav)


def _excerpt(text: str, words: int = 18) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


class PersonaCard(QFrame):
    """One persona at a glance; focus it to select it, Enter opens it large."""

    def __init__(self, screen: PersonasScreen, row: PersonaRow) -> None:
        super().__init__()
        self.screen_ = screen
        self.row = row
        self.setObjectName("persona_card")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{esc(row.name)}</b>" + (f"<br>{esc(row.role)}" if row.role else ""))
        title.setObjectName("card_title")
        title.setWordWrap(True)
        layout.addWidget(title)
        lines = [esc(row.company)] if row.company else []
        for label, text in (("Goals", row.goals), ("Pains", row.pains), ("Buying triggers", row.buying_triggers)):
            if text:
                lines.append(f"<b>{label}:</b> {esc(_excerpt(text))}")
        owners = ", ".join(esc(n) for n in row.owners) or "no one yet"
        lines.append(f"<b>Owned by:</b> {owners}")
        body = QLabel("<br>".join(lines))
        body.setWordWrap(True)
        layout.addWidget(body)
        if row.ownership_problem:
            flag = QLabel(f"⚑ {esc(row.ownership_problem)}")
            flag.setObjectName("card_flag")
            flag.setWordWrap(True)
            layout.addWidget(flag)
        layout.addStretch(1)

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.screen_.select(self.row.id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.screen_.open_large()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and not mods:
            self.screen_.open_large()
        elif key == Qt.Key.Key_Delete and not mods:
            self.screen_.remove()
        elif key in NAV and mods == shift_ctrl:
            self.screen_.move(NAV[Qt.Key(key)])
        elif key in NAV and not mods:
            self.screen_.nav(NAV[Qt.Key(key)])
        else:
            super().keyPressEvent(event)


class PersonaEditor(QWidget):
    """One persona large, for the projector: every field editable, saved as typed; its owning team."""

    def __init__(self, screen: PersonasScreen) -> None:
        super().__init__()
        self.setObjectName("persona_editor")
        self.screen_ = screen
        self.persona_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back = QPushButton("Back to All Personas")
        self.back.setObjectName("persona_back")
        self.back.setToolTip("Esc")
        self.back.clicked.connect(screen.close_large)
        top.addWidget(self.back)
        top.addStretch(1)
        layout.addLayout(top)
        grid = QGridLayout()
        self.fields: dict[str, CommitLineEdit | CommitTextEdit] = {}
        for i, field in enumerate(SHORT):
            edit = CommitLineEdit(self._committer(field))
            edit.setObjectName(f"persona_{field}")
            self._place(grid, field, edit, i // 3, i % 3)
        for i, field in enumerate(LONG):
            text = CommitTextEdit(self._committer(field))
            text.setObjectName(f"persona_{field}")
            text.setMinimumHeight(text.fontMetrics().lineSpacing() * 4)
            self._place(grid, field, text, 2 + i // 3, i % 3)
        layout.addLayout(grid)
        self.owners_box = QHBoxLayout()
        self.owners_label = QLabel("Owned by")
        layout.addWidget(self.owners_label)
        self.owner_checks: dict[int, QCheckBox] = {}
        owners = QWidget()
        owners.setLayout(self.owners_box)
        layout.addWidget(owners)
        self.flag = QLabel()
        self.flag.setObjectName("card_flag")
        self.flag.setWordWrap(True)
        layout.addWidget(self.flag)
        layout.addStretch(1)

    def _place(self, grid: QGridLayout, field: str, widget: QWidget, row: int, column: int) -> None:
        self.fields[field] = widget  # type: ignore[assignment]
        mark_editing(widget)
        cell = QVBoxLayout()
        label = QLabel(cmds.PERSONA_LABELS[field])
        label.setObjectName("panel_heading")
        label.setBuddy(widget)
        cell.addWidget(label)
        cell.addWidget(widget)
        grid.addLayout(cell, row, column)

    def _committer(self, field: str) -> Callable[[str, object], bool]:
        def commit(text: str, burst: object) -> bool:
            if self.persona_id is None:
                return False
            persona_id = self.persona_id
            return self.screen_.document.submit(
                lambda: cmds.edit_persona(persona_id, field, text, merge_key=(persona_id, field, burst)),
                initiator=self, typed=text)
        return commit

    def show_persona(self, row: PersonaRow, people: list[queries.ParticipantRow]) -> None:
        self.persona_id = row.id
        for field, widget in self.fields.items():
            widget.show_value(getattr(row, field))
        wanted = [(p.id, f"{p.name} ({p.department or 'no department'})") for p in people]
        if [(i, c.text()) for i, c in self.owner_checks.items()] != wanted:
            for check in self.owner_checks.values():
                check.deleteLater()
            self.owner_checks = {}
            for person_id, text in wanted:
                check = QCheckBox(text)
                check.setObjectName(f"persona_owner_{person_id}")
                mark_editing(check)
                check.toggled.connect(lambda _on, pid=person_id: self._owner_toggled(pid))
                if self.screen_.document.read_only:
                    check.setEnabled(False)
                self.owners_box.addWidget(check)
                self.owner_checks[person_id] = check
        for person_id, check in self.owner_checks.items():
            check.blockSignals(True)
            check.setChecked(person_id in row.owner_ids)
            check.blockSignals(False)
        self.flag.setText(f"⚑ {row.ownership_problem}" if row.ownership_problem else
                          f"Owned jointly by {' and '.join(row.sides)}")

    def _owner_toggled(self, _person_id: int) -> None:
        row = self.screen_.current()
        if row is None:
            return
        wanted = [i for i, c in self.owner_checks.items() if c.isChecked()]
        self.screen_.document.push(cmds.set_persona_owners(row.id, current=row.owner_ids, wanted=wanted))


class PersonasScreen(Screen):
    key = "personas"
    subtitle = ("Who both sides sell to: the target market, and a card per buyer with their goals, pains, "
                "objections and what makes them a good lead. Each persona belongs to people of both sides.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.rows: list[PersonaRow] = []
        self.selected: int | None = None
        market = QHBoxLayout()
        market_label = QLabel("Tar&get market")
        self.target_market = CommitTextEdit(self._commit_market)
        self.target_market.setObjectName("target_market")
        self.target_market.setPlaceholderText("Whom both sides sell to, e.g. logistics firms of 200–2,000 in Europe")
        self._size_market()
        market_label.setBuddy(self.target_market)
        mark_editing(self.target_market)
        market.addWidget(market_label, 0, Qt.AlignmentFlag.AlignTop)
        market.addWidget(self.target_market, 1)
        self.layout_.addLayout(market)
        form = self.side_by_side()  # the add form beside the card commands when the step is wide enough
        adding, commands = QHBoxLayout(), QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_persona")
        self.new_name.setPlaceholderText("New persona's name")
        self.new_name.setToolTip("A name the room will remember, e.g. Ops Olivia")
        self.new_name.returnPressed.connect(self.add)
        self.add_button = QPushButton("Add persona")
        self.add_button.setObjectName("add_persona")
        self.add_button.clicked.connect(self.add)
        self.duplicate_button = QPushButton("&Duplicate")
        self.duplicate_button.setObjectName("duplicate_persona")
        self.duplicate_button.setToolTip("Start a new persona from a copy of the selected one")
        self.duplicate_button.clicked.connect(self.duplicate)
        self.open_button = QPushButton("Open &Large")
        self.open_button.setObjectName("open_persona")
        self.open_button.setToolTip("Show the selected persona large, to read and edit it (Enter)")
        self.open_button.clicked.connect(self.open_large)
        self.remove_button = QPushButton("Remove persona")
        self.remove_button.setObjectName("remove_persona")
        self.remove_button.clicked.connect(self.remove)
        mark_editing(self.new_name, self.add_button, self.duplicate_button, self.remove_button)
        adding.addWidget(self.new_name, 1)
        adding.addWidget(self.add_button)
        for button in (self.duplicate_button, self.open_button, self.remove_button):
            commands.addWidget(button)
        commands.addStretch(1)
        form.addLayout(adding, 1)
        form.addLayout(commands)
        self.pages = QStackedWidget()
        grid_page = QWidget()
        page = QVBoxLayout(grid_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(form)
        self.empty = QLabel("No personas yet. Type a name above and press Enter.")
        self.empty.setObjectName("subtitle")
        page.addWidget(self.empty)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        page.addLayout(self.grid)
        page.addStretch(1)
        self.cards: list[PersonaCard] = []
        self.editor = PersonaEditor(self)
        self.pages.addWidget(grid_page)
        self.pages.addWidget(self.editor)
        self.layout_.addWidget(self.pages, 1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.editor)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_large)
        self._columns = 0

    # -- what the room sees ------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        self.rows = self.document.query(queries.personas)
        self.target_market.show_value(self.document.query(queries.target_market))
        if self.selected not in {r.id for r in self.rows}:
            self.selected = self.rows[0].id if self.rows else None
        self._build_cards()
        current = self.current()
        if self.pages.currentWidget() is self.editor:
            if current is None:
                self.close_large()
            else:
                self.editor.show_persona(current, self.document.query(queries.participants))
        joint = sum(not r.ownership_problem for r in self.rows)
        n = len(self.rows)
        self.status.setText(f"{n} persona{'s' if n != 1 else ''} · {joint} jointly owned" if n else "")
        self._update_buttons()

    def _build_cards(self) -> None:
        focused = any(card.hasFocus() for card in self.cards)
        for card in self.cards:
            self.grid.removeWidget(card)
            card.deleteLater()
        self.cards = [PersonaCard(self, row) for row in self.rows]
        self._columns = self._fit_columns()
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // self._columns, i % self._columns)
            card.setProperty("selected", card.row.id == self.selected)
            if card.row.id == self.selected and focused:
                card.setFocus()
        for column in range(max(self._columns, self.grid.columnCount())):
            self.grid.setColumnStretch(column, 1 if column < self._columns else 0)
        self.empty.setVisible(not self.rows)

    def _fit_columns(self) -> int:
        width = max(1, self.width() - 48)
        return max(1, min(4, width // (CARD_CHARS * self.fontMetrics().averageCharWidth())))

    def _size_market(self) -> None:
        # Two lines of the statement in view, at whatever the text size is.
        lines = self.target_market.fontMetrics().lineSpacing()
        self.target_market.setFixedHeight(int(2.4 * lines) + 14)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_market()
            if self.cards:
                self._build_cards()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.cards and self._fit_columns() != self._columns:
            self._build_cards()

    def _update_buttons(self) -> None:
        has = self.selected is not None and not self.document.read_only
        self.duplicate_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.open_button.setEnabled(self.selected is not None)

    def current(self) -> PersonaRow | None:
        return next((r for r in self.rows if r.id == self.selected), None)

    def select(self, persona_id: int) -> None:
        self.selected = persona_id
        for card in self.cards:
            selected = card.row.id == persona_id
            if card.property("selected") != selected:
                card.setProperty("selected", selected)
                card.style().unpolish(card)  # re-read the style sheet for the new state
                card.style().polish(card)
        self._update_buttons()

    def reveal(self, row_id: object) -> bool:
        self.catch_up()
        card = next((c for c in self.cards if c.row.id == row_id), None)
        if card is None:
            return False
        card.setFocus()
        return True

    def focus_first(self) -> None:
        if self.new_name.isEnabled():
            self.new_name.setFocus()

    # -- the facilitator's commands ----------------------------------------------------------------

    def add(self) -> None:
        if self.document.read_only:
            return
        name = self.new_name.text()
        before = {r.id for r in self.rows}
        if self.document.submit(lambda: cmds.add_persona(name=name), typed=name):
            self.new_name.clear()
            made = [r.id for r in self.document.query(queries.personas) if r.id not in before]
            if made:
                self.select(made[0])

    def duplicate(self) -> None:
        row = self.current()
        if row is None or self.document.read_only:
            return
        before = {r.id for r in self.rows}
        if self.document.push(cmds.duplicate_persona(row)):
            made = [r.id for r in self.rows if r.id not in before]
            if made:
                self.reveal(made[0])

    def remove(self) -> None:
        row = self.current()
        if row is None or self.document.read_only:
            return
        at = self.rows.index(row)
        if self.document.push(cmds.remove_persona(row.id)) and self.rows:
            self.reveal(self.rows[min(at, len(self.rows) - 1)].id)

    def move(self, delta: int) -> None:
        """Ctrl+Shift+arrows: the selected card one place earlier or later (a row up or down: +-columns)."""
        row = self.current()
        if row is None or self.document.read_only:
            return
        step = delta if abs(delta) == 1 else (delta // 2) * max(1, self._columns)
        ids = [r.id for r in self.rows]
        order = moved(ids, row.id, step)
        if order != ids and self.document.push(cmds.reorder_personas(order)):
            self.reveal(row.id)

    def nav(self, delta: int) -> None:
        row = self.current()
        if row is None:
            return
        step = delta if abs(delta) == 1 else (delta // 2) * max(1, self._columns)
        at = max(0, min(len(self.rows) - 1, self.rows.index(row) + step))
        self.reveal(self.rows[at].id)

    def open_large(self) -> None:
        row = self.current()
        if row is None:
            return
        self.editor.show_persona(row, self.document.query(queries.participants))
        self.pages.setCurrentWidget(self.editor)
        self.editor.fields["name"].setFocus()

    def close_large(self) -> None:
        self.pages.setCurrentIndex(0)
        if self.selected is not None:
            self.reveal(self.selected)

    def _commit_market(self, text: str, burst: object) -> bool:
        return self.document.submit(lambda: cmds.set_target_market(text, merge_key=("market", burst)),
                                    initiator=self.target_market, typed=text)
