"""The SLA's lead scoring: attribute and behaviour rules with their points (negative too), the MQL threshold, and
a "try a lead" panel that ticks what a sample lead is and did and shows its score rule by rule."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.commands import Command
from app.commands import sla as cmds
from app.queries import ScoringRow, SlaView
from app.sla import score
from ui.choices import Items
from ui.document import Document
from ui.row_list import RowList, esc, fixed_choices, form_line, mark_editing, two_row_form
from ui.table_model import Column, RowStyle, RowTableModel
from ui.table_view import WidthStore

KINDS: Items = [("Attribute", "attribute"), ("Behaviour", "behaviour")]
NEGATIVE = RowStyle(foreground="#b42318")
TRY_PER_ROW = 2


class _CheckRow(QWidget):
    """A checkbox whose text wraps (a QCheckBox's own text cannot): a long rule never widens the step."""

    def __init__(self, check: QCheckBox, text: str) -> None:
        super().__init__()
        self.check = check
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.check.toggle()  # the text is part of the checkbox, as it is on any checkbox


class ScoringPanel(QGroupBox):
    def __init__(self, document: Document, widths: WidthStore, view: Callable[[], SlaView]) -> None:
        super().__init__("Lead scoring")
        self.document = document
        self._view = view
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel("A lead is an &MQL at")
        self.threshold = QSpinBox()
        self.threshold.setObjectName("mql_threshold")
        self.threshold.setRange(-1000, 1000)
        self.threshold.setSuffix(" points")
        self.threshold.setKeyboardTracking(False)
        self.threshold.valueChanged.connect(self._set_threshold)
        label.setBuddy(self.threshold)
        mark_editing(self.threshold)
        top.addWidget(label)
        top.addWidget(self.threshold)
        top.addStretch(1)
        layout.addLayout(top)
        # Score decay: a lead idle for a whole period loses points (0 points: no decay).
        decay = QHBoxLayout()
        decay_label = QLabel("An idle lead &loses")
        self.decay_points = QSpinBox()
        self.decay_points.setObjectName("decay_points")
        self.decay_points.setRange(0, 1000)
        self.decay_points.setSpecialValueText("no points")
        self.decay_points.setSuffix(" points")
        self.decay_days = QSpinBox()
        self.decay_days.setObjectName("decay_days")
        self.decay_days.setRange(1, 365)
        self.decay_days.setValue(30)
        self.decay_days.setSuffix(" days")
        decay_label.setBuddy(self.decay_points)
        for spin in (self.decay_points, self.decay_days):
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._set_decay)
            mark_editing(spin)
        decay.addWidget(decay_label)
        decay.addWidget(self.decay_points)
        decay.addWidget(QLabel("every"))
        decay.addWidget(self.decay_days)
        decay.addStretch(1)
        layout.addLayout(decay)
        self.new_rule = form_line("new_rule", "A scoring rule",
                                  "Something a lead is (attribute) or does (behaviour), e.g. Requested a demo")
        self.new_kind = fixed_choices("new_rule_kind", KINDS)
        self.new_points = form_line("new_rule_points", "Points, e.g. 15 or -20")
        self.rules = RowTableModel(document, [
            Column("Kind", lambda r: r.kind.capitalize(), lambda r, v: cmds.edit_rule(self.version, r.id, "kind", v),
                   kind="choice", edit_value=lambda r: r.kind, choices=lambda: KINDS),
            Column("Rule", lambda r: r.description,
                   lambda r, v: cmds.edit_rule(self.version, r.id, "description", v), grow=3),
            Column("Points", lambda r: f"{r.points:+d}", lambda r, v: cmds.edit_rule(self.version, r.id, "points", v),
                   edit_value=lambda r: str(r.points), sort_key=lambda r: r.points),
        ], style=lambda r: NEGATIVE if r.points < 0 else None)
        self.rule_list = RowList(document, self.rules, name="scoring", noun=("rule", "rules"), add=self._new_rule,
                                 fields=[self.new_rule, self.new_kind, self.new_points], typed=self.new_rule.text,
                                 arrange=two_row_form(1, 1, 0, remove_beside=False),
                                 remove=lambda r: cmds.remove_rule(self.version, r.id), widths=widths,
                                 folding=[self.new_kind, self.new_points])
        layout.addWidget(self.rule_list)
        self.try_box = QGroupBox("Try a lead: tick what it is and what it did")
        self.try_grid = QGridLayout(self.try_box)
        self.checks: dict[int, QCheckBox] = {}
        self._rows: dict[int, _CheckRow] = {}
        self._columns = 0
        layout.addWidget(self.try_box)
        idle = QHBoxLayout()
        self.idle_label = QLabel("Days since its last a&ctivity")
        self.idle = QSpinBox()
        self.idle.setObjectName("try_idle_days")
        self.idle.setRange(0, 3650)
        self.idle.setSuffix(" days")
        self.idle.valueChanged.connect(lambda _v: self.show_score())  # trying a lead changes nothing in the file
        self.idle_label.setBuddy(self.idle)
        idle.addWidget(self.idle_label)
        idle.addWidget(self.idle)
        idle.addStretch(1)
        layout.addLayout(idle)
        self.result = QLabel()
        self.result.setObjectName("detail")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.result)

    @property
    def version(self) -> object:
        return self._view().version

    def _new_rule(self) -> Command:
        return cmds.add_rule(self.version, kind=self.new_kind.currentData(), description=self.new_rule.text(),
                             points=self.new_points.text() or "0")

    def _set_threshold(self, value: int) -> None:
        version = self._view().version
        if version is not None and value != version.mql_threshold:
            if not self.document.submit(lambda: cmds.set_threshold(version, value)):
                self.refresh(self._view())

    def _set_decay(self, _value: int) -> None:
        version = self._view().version
        points = self.decay_points.value()
        wanted = (points or None, self.decay_days.value() if points else None)
        if version is not None and wanted != (version.decay_points, version.decay_days):
            if not self.document.submit(lambda: cmds.set_decay(version, wanted[0] or "", wanted[1] or "")):
                self.refresh(self._view())

    def refresh(self, view: SlaView) -> None:
        self.rules.set_rows(view.rules)
        v = view.version
        for spin, value in ((self.threshold, v.mql_threshold or 0 if v else 0),
                            (self.decay_points, v.decay_points or 0 if v else 0),
                            (self.decay_days, v.decay_days or self.decay_days.value() if v else 30)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        decays = bool(v and v.decay_points)
        self.idle.setVisible(decays)
        self.idle_label.setVisible(decays)
        wanted = [(r.id, r.description) for r in view.rules]
        if [(i, c.text()) for i, c in self.checks.items()] != wanted:
            ticked = {i for i, c in self.checks.items() if c.isChecked()}
            self.checks = {}
            for rows in self._rows.values():
                rows.deleteLater()
            self._rows = {}
            for rule_id, text in wanted:
                check = QCheckBox()
                check.setObjectName(f"try_rule_{rule_id}")
                check.setAccessibleName(text)
                check.setChecked(rule_id in ticked)
                check.toggled.connect(lambda _on: self.show_score())  # trying a lead changes nothing in the file
                self.checks[rule_id] = check
                self._rows[rule_id] = _CheckRow(check, text)
            self._columns = 0
            self._place_checks()
        self.show_score()

    def _place_checks(self) -> None:
        """Two rules a row where two fit the panel's width at this text size, one where they do not."""
        widest = max((r.label.sizeHint().width() for r in self._rows.values()), default=0)
        columns = TRY_PER_ROW if TRY_PER_ROW * (widest + 48) + 48 <= self.width() else 1
        if columns == self._columns:
            return
        self._columns = columns
        for n, row in enumerate(self._rows.values()):
            self.try_grid.addWidget(row, n // columns, n % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_checks()

    def show_score(self) -> None:
        view = self._view()
        rules: list[ScoringRow] = list(view.rules)
        threshold = view.version.mql_threshold if view.version else None
        v = view.version
        result = score(rules, [i for i, c in self.checks.items() if c.isChecked()], threshold,
                       decay_points=v.decay_points if v else None, decay_days=v.decay_days if v else None,
                       idle_days=self.idle.value())
        if not result.contributions:
            self.result.setText("Tick what a sample lead is and did to see its score.")
            return
        parts = " ".join(f"{points:+d} {esc(text)}<br>" for text, points in result.contributions)
        verdict = ("qualifies as an MQL" if result.qualifies else "does not qualify yet") if threshold is not None \
            else "no threshold agreed yet"
        self.result.setText(f"{parts}<b>Score {result.total}: {verdict}</b>"
                            + (f" (threshold {threshold})" if threshold is not None else ""))

