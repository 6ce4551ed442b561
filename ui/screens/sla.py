"""Step 7, SLA: the agreement as structured content. The shared funnel with each stage's definition, entry rule
and owning side (the unified terminology), and the clauses of its sections: what makes a good lead, recycling and
feedback, reporting and review, incentives, escalation. A new workshop starts it from the shipped template."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app import queries
from app.commands import Changes, Command, signoff
from app.commands import sla as cmds
from app.commands.base import EVERYTHING
from app.errors import ValidationError
from app.queries import ClauseRow, CommitmentRow, SlaView, StageRow, VersionRow
from app.sla import COMPARISONS, section_title, sections, shipped
from app.sla_diff import compare
from app.sla_hash import content_hash, short
from models import Area
from ui import choices
from ui.choices import ChoiceBox, Items
from ui.date_field import DateField
from ui.document import Document
from ui.row_list import RowList, esc, mark_editing, set_editing, two_row_form
from ui.scoring_panel import ScoringPanel
from ui.screens.base import Screen
from ui.settings import Settings
from ui.table_model import Column, RowStyle, RowTableModel
from ui.version_picker import version_header

BROKEN = RowStyle(foreground="#b42318")


def _number(value: float | None) -> str:
    return "" if value is None else (f"{value:g}" if value != int(value) else str(int(value)))


def _sections() -> Items:
    return [(title, key) for key, title in sections()]


class SlaScreen(Screen):
    key = "sla"
    subtitle = ("The agreement both sides will sign: one shared funnel with words that mean the same to everyone, "
                "then each section in plain clauses. Only a draft can be changed.")

    def __init__(self, document: Document, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(document, settings, parent)
        self.view_: SlaView = SlaView(None)
        self.version_id: int | None = None  # the version shown; None: the newest
        top, self.picker, self.version_label = version_header(self._choose)
        self.review_label = QLabel("Re&view on")
        self.review = DateField()
        self.review.setObjectName("review_date")
        self.review.setToolTip("When both sides review the agreement: a quarter after it starts by default")
        self.review.committed.connect(self._set_review)
        self.review.refused.connect(self._review_refused)
        self._refused_text = ""
        self.review_label.setBuddy(self.review)
        mark_editing(self.review)
        self.quiet.add(self.review)
        self.layout_.addLayout(top)
        # The review date and the version buttons share a row when the text leaves room, else stack.
        second = self.side_by_side()
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_label)
        review_row.addWidget(self.review)
        review_row.addStretch(1)
        second.addLayout(review_row)
        buttons = self.side_by_side()
        # A version that is not an open draft says so, and offers the way to change it: a new draft from it.
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.new_draft = QPushButton("&New Draft From This Version")
        self.new_draft.setObjectName("new_draft")
        self.new_draft.setToolTip("A new version, a draft copied from this one; this one stays exactly as signed")
        self.new_draft.clicked.connect(self._new_draft)
        self.compare = QPushButton("Com&pare")
        self.compare.setObjectName("compare")
        self.compare.setCheckable(True)
        self.compare.setToolTip("What changed since the version this one came from")
        self.compare.toggled.connect(lambda _on: self._show_comparison())
        for button in (self.compare, self.new_draft):
            buttons.addWidget(button)
        second.addLayout(buttons)
        self.layout_.addLayout(second)
        self.layout_.addWidget(self.banner)
        self.comparison = QLabel()
        self.comparison.setObjectName("detail")
        self.comparison.setWordWrap(True)
        self.comparison.setTextFormat(Qt.TextFormat.RichText)
        self.comparison.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.comparison)
        self.start = QPushButton("Start From the &Template")
        self.start.setObjectName("start_sla")
        self.start.setToolTip("Version 1 of the agreement, as a draft, with the sections practitioners expect")
        self.start.clicked.connect(self._start)
        mark_editing(self.start)
        self.layout_.addWidget(self.start)
        self.content = QWidget()
        inside = QVBoxLayout(self.content)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.addWidget(self._funnel_box(), 1)
        inside.addWidget(self._clauses_box(), 2)
        self.scoring = ScoringPanel(document, self.widths, lambda: self.view_)
        inside.addWidget(self.scoring, 2)
        inside.addWidget(self._commitments_box(), 2)
        self.layout_.addWidget(self.content, 1)

    def _funnel_box(self) -> QGroupBox:
        document = self.document
        self.new_stage = QLineEdit()
        self.new_stage.setObjectName("new_stage")
        self.new_stage.setPlaceholderText("Another stage")
        self.stages = RowTableModel(document, [
            Column("Stage", lambda r: r.name, lambda r, v: cmds.edit_stage(self.view_.version, r.id, "name", v)),
            Column("Definition", lambda r: r.definition,
                   lambda r, v: cmds.edit_stage(self.view_.version, r.id, "definition", v), grow=3),
            Column("Entry rule", lambda r: r.entry_rule,
                   lambda r, v: cmds.edit_stage(self.view_.version, r.id, "entry_rule", v), grow=2, optional=True),
            Column("Owned by", lambda r: r.owner, lambda r, v: cmds.edit_stage(self.view_.version, r.id, "owner_id", v),
                   kind="choice", edit_value=lambda r: r.owner_id or 0,
                   choices=lambda: choices.teams(document, "Both sides")),
        ], reorderable=True)
        self.stage_list = RowList(document, self.stages, name="stages", noun=("stage", "stages"),
                                  add=lambda: cmds.add_stage(self.view_.version, name=self.new_stage.text()),
                                  fields=[self.new_stage], typed=self.new_stage.text,
                                  remove=lambda r: cmds.remove_stage(self.view_.version, r.id), widths=self.widths,
                                  detail=self._stage_detail,
                                  reorder=lambda ids: cmds.reorder_stages(self.view_.version, ids))
        box = QGroupBox("Shared funnel and terms")
        QVBoxLayout(box).addWidget(self.stage_list)
        return box

    def _clauses_box(self) -> QGroupBox:
        document = self.document
        self.new_clause = QLineEdit()
        self.new_clause.setObjectName("new_clause")
        self.new_clause.setPlaceholderText("A clause's title")
        self.new_section = QComboBox()
        self.new_section.setObjectName("new_clause_section")
        self.new_section.setToolTip("The section it belongs to: one of the agreement's, or type a new section's name")
        self.new_section.setEditable(True)
        self.new_section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._fill_sections()
        self.clauses = RowTableModel(document, [
            Column("Section", lambda r: section_title(r.section),
                   lambda r, v: cmds.edit_clause(self.view_.version, r.id, "section", v), kind="choice",
                   edit_value=lambda r: r.section, choices=self._section_items),
            Column("Clause", lambda r: r.title, lambda r, v: cmds.edit_clause(self.view_.version, r.id, "title", v)),
            Column("Text", lambda r: r.body, lambda r, v: cmds.edit_clause(self.view_.version, r.id, "body", v),
                   grow=3),
        ], reorderable=True)
        self.clause_list = RowList(document, self.clauses, name="clauses", noun=("clause", "clauses"),
                                   add=self._new_clause,
                                   fields=[self.new_clause, self.new_section], typed=self.new_clause.text,
                                   arrange=two_row_form(0, remove_beside=False),
                                   remove=lambda r: cmds.remove_clause(self.view_.version, r.id), widths=self.widths,
                                   detail=self._clause_detail, folding=[self.new_section],
                                   reorder=lambda ids: cmds.reorder_clauses(self.view_.version, ids),
                                   reorder_group=lambda r: r.section)
        self.section_up = QPushButton("Section Up")
        self.section_down = QPushButton("Section Down")
        for n, (button, delta, tip) in enumerate(((self.section_up, -1, "before the one above it"),
                                                  (self.section_down, 1, "after the one below it"))):
            button.setObjectName("section_up" if delta < 0 else "section_down")
            button.setToolTip(f"Move the current clause's whole section {tip}")
            button.clicked.connect(lambda _c=False, d=delta: self._move_section(d))
            mark_editing(button)
            self.clause_list.buttons.insertWidget(n, button)
        box = QGroupBox("Sections")
        QVBoxLayout(box).addWidget(self.clause_list)
        return box

    def _section_items(self) -> Items:
        """The template's sections, then those the room added, in the agreement's order."""
        items = _sections()
        known = {key for _title, key in items}
        extra = dict.fromkeys(c.section for c in self.view_.clauses if c.section not in known)
        return items + [(section_title(key), key) for key in extra]

    def _fill_sections(self) -> None:
        items = self._section_items()
        if [(self.new_section.itemText(i), self.new_section.itemData(i)) for i in range(self.new_section.count())] \
                == items:
            return
        chosen = self.new_section.currentData()
        self.new_section.clear()
        for title, key in items:
            self.new_section.addItem(title, key)
        self.new_section.setCurrentIndex(max(0, self.new_section.findData(chosen)))

    def _move_section(self, delta: int) -> None:
        row = self.clause_list.view.current_row()
        if row is None:
            return
        view = self.view_
        if self.document.submit(lambda: cmds.move_section(view.version, view.clauses, row.section, delta)):
            self.clause_list.view.select_id(row.id)

    def _commitments_box(self) -> QGroupBox:
        document = self.document
        version = lambda: self.view_.version  # noqa: E731 - read when the edit is made
        self.new_commitment = QLineEdit()
        self.new_commitment.setObjectName("new_commitment")
        self.new_commitment.setPlaceholderText("A commitment one side makes")
        self.new_side = ChoiceBox(lambda: choices.teams(document, "Both sides"), Area.DEPARTMENTS)
        self.new_side.setObjectName("new_commitment_side")

        def edit(field: str) -> Callable[[Any, Any], Command]:
            return lambda r, v: cmds.edit_commitment(version(), r.id, field, v)

        self.commitments = RowTableModel(document, [
            Column("Side", lambda r: r.side or "Both sides", edit("department_id"), kind="choice",
                   edit_value=lambda r: r.department_id or 0, choices=lambda: choices.teams(document, "Both sides")),
            Column("Commitment", lambda r: r.text, edit("text"), grow=3),
            Column("Metric", lambda r: r.metric, edit("metric"), grow=1, optional=True),
            Column("How", lambda r: r.comparison, edit("comparison"), kind="choice",
                   choices=lambda: [(c, c) for c in COMPARISONS]),
            Column("Target", lambda r: _number(r.target), edit("target"), kind="number",
                   sort_key=lambda r: r.target if r.target is not None else float("-inf")),
            Column("Unit", lambda r: r.unit, edit("unit")),
            Column("Period", lambda r: r.period, edit("period")),
            Column("Owner", lambda r: r.owner, edit("owner_id"), kind="choice", edit_value=lambda r: r.owner_id or 0,
                   choices=lambda: choices.people(document), optional=True),
            Column("Check", lambda r: "⚑ not measurable" if r.problem else "✓", tooltip=lambda r: r.problem or "",
                   optional=True),
        ], style=lambda r: BROKEN if r.problem else None, reorderable=True)
        self.commitment_list = RowList(document, self.commitments, name="commitments",
                                       noun=("commitment", "commitments"),
                                       add=lambda: cmds.add_commitment(version(), text=self.new_commitment.text(),
                                                                       department_id=self.new_side.currentData()),
                                       fields=[self.new_commitment, self.new_side], typed=self.new_commitment.text,
                                       arrange=two_row_form(0, remove_beside=False),
                                       remove=lambda r: cmds.remove_commitment(version(), r.id), widths=self.widths,
                                       detail=self._commitment_detail, folding=[self.new_side],
                                       reorder=lambda ids: cmds.reorder_commitments(version(), ids))
        box = QGroupBox("Commitments, each side, each measurable")
        QVBoxLayout(box).addWidget(self.commitment_list)
        return box

    # -- what the room sees ------------------------------------------------------------------------

    def _commitment_detail(self, row: CommitmentRow) -> str:
        target = " ".join(part for part in (row.comparison, _number(row.target), row.unit) if part)
        per = f" per {esc(row.period)}" if row.period and not row.period.startswith("each") else (
            f", {esc(row.period)}" if row.period else "")
        owner = f" · owner {esc(row.owner)}" if row.owner else ""
        problem = f"<br><b>⚑ {esc(row.problem)}</b>" if row.problem else ""
        return (f"<b>{esc(row.side or 'Both sides')}: {esc(row.text)}</b><br>{esc(row.metric) or 'No metric yet'}"
                f": {esc(target)}{per}{owner}{problem}")

    def _stage_detail(self, row: StageRow) -> str:
        owner = esc(row.owner) if row.owner else "both sides"
        return (f"<b>{esc(row.name)}</b> (owned by {owner})<br>{esc(row.definition) or 'No definition yet'}"
                f"<br><b>Enters when:</b> {esc(row.entry_rule) or 'not agreed yet'}")

    def _clause_detail(self, row: ClauseRow) -> str:
        return f"<b>{esc(section_title(row.section))} · {esc(row.title)}</b><br>{esc(row.body)}"

    def refresh(self, changes: Changes) -> None:
        versions = self.document.query(queries.versions)
        if self.version_id is not None and all(v.id != self.version_id for v in versions):
            self.version_id = None
        self.picker.set_versions(versions, self.version_id)
        self.view_ = view = self.document.query(lambda s: queries.sla(s, self.version_id))
        started = view.version is not None
        self.start.setVisible(not started)
        self.content.setVisible(started)
        self.stages.set_rows(view.stages)
        self.clauses.set_rows(view.clauses)
        self._fill_sections()
        self.commitments.set_rows(view.commitments)
        self.scoring.refresh(view)
        self.review.setVisible(started)
        self.review_label.setVisible(started)
        self._show_lock(view.version)
        self._show_comparison()
        if view.version is None:
            self.version_label.setText("No agreement yet. Start it from the template, then make it the room's own.")
            self.status.setText("")
            return
        v = view.version
        digest = content_hash(view)
        self.version_label.setText(f"Content {short(digest)}")
        self.version_label.setToolTip(f"SHA-256 of the agreement's content: {digest}")
        self.review.set_value(v.review_on)
        unmeasured = sum(bool(c.problem) for c in view.commitments)
        self.status.setText(f"Version {v.number} · {v.state} · {len(view.stages)} funnel stages · "
                            f"{len(view.clauses)} clauses · {len(view.commitments)} commitments, "
                            f"{unmeasured} not measurable")

    def _show_lock(self, version: VersionRow | None) -> None:
        """Only an unsigned draft is edited: any other version shows its content with every edit control off."""
        editable = version is None or version.editable
        for rows in self.content.findChildren(RowList):
            rows.set_locked(not editable)
        set_editing(self, editable and not self.document.read_only)
        self.new_draft.setVisible(not editable)
        self.compare.setVisible(version is not None and version.based_on_id is not None)
        if version is not None:
            self.compare.setText(f"Com&pare With Version {version.based_on_number}")
        if editable:
            self.banner.setVisible(False)
            return
        again = "start a new draft from it: the room edits the draft and signs it again."
        n = version.signatures
        text = {"signed": f"Version {version.number} is signed and locked: it stays exactly as it was signed. To "
                          f"change the agreement, {again}",
                "partly signed": f"Version {version.number} has {n} signature{'s' if n != 1 else ''}, so it cannot "
                                 f"change. Remove {'them' if n != 1 else 'it'} on the Sign-off step first, or "
                                 f"{again}",
                "superseded": f"Version {version.number} is superseded by a later version and stays here to read. "
                              f"To build on it instead, {again}",
                }[version.state]
        self.banner.setText(text)
        self.banner.setVisible(True)
        self.new_draft.setEnabled(not self.document.read_only and not any(
            v.state == "draft" for v in self.document.query(queries.versions)))

    def _show_comparison(self) -> None:
        v = self.view_.version
        shown = self.compare.isChecked() and v is not None and v.based_on_id is not None
        self.comparison.setVisible(shown)
        if not shown:
            return
        old = self.document.query(lambda s: queries.sla(s, v.based_on_id))
        changes = compare(old, self.view_)
        if not changes:
            self.comparison.setText(f"<b>No change from version {v.based_on_number}</b> yet.")
            return
        marks = {"added": "＋ Added", "removed": "− Removed", "changed": "≠ Changed"}
        lines = []
        for c in changes:
            detail = "; ".join(f"{esc(field)}: {esc(before) or '—'} → {esc(after) or '—'}"
                               for field, before, after in c.details)
            lines.append(f"<b>{marks[c.kind]}</b> {esc(c.part.lower())} <i>{esc(c.name)}</i>"
                         + (f" ({detail})" if detail else ""))
        self.comparison.setText(f"<b>Since version {v.based_on_number}: {len(changes)} change"
                                f"{'s' if len(changes) != 1 else ''}</b><br>" + "<br>".join(lines))

    def _choose(self, version_id: object) -> None:
        self.version_id = version_id if isinstance(version_id, int) else None
        self.refresh(EVERYTHING)

    def _new_draft(self) -> None:
        version = self.view_.version
        if self.document.submit(lambda: signoff.new_draft(version)):
            self.version_id = None  # the new draft is the newest
            self.refresh(EVERYTHING)
            self.focus_first()

    def _new_clause(self) -> Command:
        typed = self.new_section.currentText().strip()
        index = self.new_section.currentIndex()
        chosen = self.new_section.itemData(index) if index >= 0 and self.new_section.itemText(index) == typed \
            else typed  # a section's name the room typed: a new section, after the others
        return cmds.add_clause(self.view_.version, section=chosen, title=self.new_clause.text())

    def _review_refused(self, reason: str) -> None:
        # Said once per text: leaving the field again with the same unreadable date keeps only the red mark.
        if self.review.text() != self._refused_text:
            self._refused_text = self.review.text()
            self.document.failed.emit(ValidationError(reason), self._refused_text)

    def _set_review(self, value: object) -> None:
        version = self.view_.version
        self.document.submit(lambda: cmds.set_review_date(version, value), initiator=self.review)

    def _start(self) -> None:
        departments = {d.name: d.id for d in self.document.query(queries.departments)}
        # A template that cannot be read is reported by submit like any refused edit.
        self.document.submit(lambda: cmds.start_from_template(shipped(), departments, today=dt.date.today()))

    def focus_first(self) -> None:
        if self.view_.version is not None and self.new_stage.isEnabled():
            self.new_stage.setFocus()

