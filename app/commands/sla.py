"""The SLA as structured content: a version, its shared funnel stages and the clauses of its sections.

Only a draft is edited: every edit command is built from the version it changes and refused for any other."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.commands import fields as f
from app.commands.base import Changes, Command, DeleteRow, InsertRow, Macro, Ref, Reorder, UpdateRow
from app.errors import ValidationError
from app.sla import COMPARISONS, Template, section_title
from models import Commitment, FunnelStage, ScoringRule, Signature, SlaClause, SlaVersion

REVIEW_DAYS = 91  # the agreement is reviewed every quarter unless the room says otherwise

CLAUSE_FIELDS: dict[str, f.Parser] = {
    "section": f.text("Section", max_len=40, required=True),  # a template key, or the name of one the room added
    "title": f.text("Clause title", max_len=200, required=True),
    "body": f.text("Clause text", max_len=8000, multiline=True),
}
STAGE_FIELDS: dict[str, f.Parser] = {
    "name": f.text("Stage", max_len=120, required=True),
    "definition": f.text("Definition", max_len=4000, multiline=True),
    "entry_rule": f.text("Entry rule", max_len=4000, multiline=True),
    "owner_id": f.reference("Owned by"),
}
LABELS = {"section": "section", "title": "clause title", "body": "clause text", "name": "stage",
          "definition": "definition", "entry_rule": "entry rule", "owner_id": "owner"}


class LockedVersionError(ValidationError):
    """An edit of a version that is signed, partly signed or superseded: the screen offers a new draft from it."""

    title = "This version is signed"

    def __init__(self, number: int, state: str) -> None:
        how = {"partly signed": "has signatures", "signed": "is signed",
               "superseded": "is superseded"}.get(state, f"is {state}")
        super().__init__(f"Version {number} {how}, so it stays exactly as it was signed. To change the agreement, "
                         f"start a new draft from it (SLA ▸ New Draft From This Version).")
        self.number = number
        self.state = state


def version_state(session: Session, version_id: int) -> tuple[int, str]:
    """(number, state) of a version as the file holds it now; state as `VersionRow.state`."""
    v, sig = SlaVersion.__table__, Signature.__table__
    row = session.connection().execute(
        select(v.c.number, v.c.status, select(func.count()).where(sig.c.version_id == version_id).scalar_subquery())
        .where(v.c.id == version_id)).first()
    if row is None:
        raise ValidationError("That version of the SLA is no longer in the workshop.")
    number, status, signed = row
    return number, ("partly signed" if status == "draft" and signed else status)


def _draft(version: Any) -> None:
    if version is None:
        raise ValidationError("Start the SLA first (Start From the Template).")
    if not version.editable:
        raise LockedVersionError(version.number, version.state)


class DraftOnly:
    """An edit of one version's content, checked again each time it runs, undo and redo included: whatever a
    screen believed, a version with a signature or no longer a draft is never changed."""

    def __init__(self, version_id: int, inner: Command) -> None:
        self.version_id = version_id
        self.inner = inner
        self.label = inner.label
        self.merge_key = getattr(inner, "merge_key", None)

    def _check(self, session: Session) -> None:
        number, state = version_state(session, self.version_id)
        if state != "draft":
            raise LockedVersionError(number, state)

    def apply(self, session: Session) -> Changes:
        self._check(session)
        return self.inner.apply(session)

    def revert(self, session: Session) -> Changes:
        self._check(session)
        return self.inner.revert(session)

    def merge(self, other: object) -> bool:
        merge = getattr(self.inner, "merge", None)
        return (isinstance(other, DraftOnly) and other.version_id == self.version_id and merge is not None
                and merge(other.inner))


P = ParamSpec("P")


def draft_only(build: Callable[P, Command]) -> Callable[P, Command]:
    """For a builder whose first argument is the version it edits: refused now unless that version is an unsigned
    draft, and guarded again when the command runs."""

    @functools.wraps(build)
    def checked(*args: P.args, **kwargs: P.kwargs) -> Command:
        version = args[0]
        _draft(version)
        return DraftOnly(version.id, build(*args, **kwargs))  # type: ignore[attr-defined]

    return checked


def start_from_template(template: Template, departments: dict[str, int], *, today: dt.date) -> Command:
    """Version 1, a draft, with the template's funnel and sections (department names matched to the workshop's)."""
    version = InsertRow(SlaVersion, {"number": 1, "status": "draft", "review_on": today + dt.timedelta(REVIEW_DAYS),
                                     "mql_threshold": template.threshold, "created_at": dt.datetime.now(dt.UTC)},
                        label="Start the SLA")
    steps: list[Command] = [version]
    folded = {name.casefold(): i for name, i in departments.items()}
    for i, stage in enumerate(template.stages):
        steps.append(InsertRow(FunnelStage, {"version_id": Ref(version), "name": stage.name, "position": i,
                                             "definition": stage.definition, "entry_rule": stage.entry_rule,
                                             "owner_id": folded.get(stage.owner.casefold())}, label="Add stage"))
    for i, clause in enumerate(template.clauses):
        steps.append(InsertRow(SlaClause, {"version_id": Ref(version), "section": clause.section, "position": i,
                                           "title": clause.title, "body": clause.body}, label="Add clause"))
    for i, rule in enumerate(template.rules):
        steps.append(InsertRow(ScoringRule, {"version_id": Ref(version), "kind": rule.kind, "position": i,
                                             "description": rule.description, "points": rule.points},
                               label="Add scoring rule"))
    for i, c in enumerate(template.commitments):
        steps.append(InsertRow(Commitment, {"version_id": Ref(version), "department_id": folded.get(c.side.casefold()),
                                            "text": c.text, "metric": c.metric, "comparison": c.comparison,
                                            "target": c.target, "unit": c.unit, "period": c.period, "position": i},
                               label="Add commitment"))
    return Macro("Start the SLA from the template", steps)


@draft_only
def add_clause(version: Any, *, section: str, title: str) -> Command:
    row = f.parse_fields(CLAUSE_FIELDS, {"section": section, "title": title})
    return InsertRow(SlaClause, {**row, "version_id": version.id}, label="Add clause")


class _LastOfVersion:
    """Put a clause after every other clause of its version: moved to another section, it ends that section
    instead of dragging the section up to where the clause stood."""

    label = "Move clause"

    def __init__(self, clause_id: int) -> None:
        self.clause_id = clause_id
        self.old: int | None = None

    def apply(self, session: Session) -> Changes:
        c = SlaClause.__table__
        version, self.old = session.execute(select(c.c.version_id, c.c.position).where(c.c.id == self.clause_id)).one()
        last = session.execute(select(func.max(c.c.position)).where(c.c.version_id == version)).scalar_one()
        session.execute(c.update().where(c.c.id == self.clause_id).values(position=last + 1))
        return Changes.of_rows(c, [(self.clause_id,)])

    def revert(self, session: Session) -> Changes:
        c = SlaClause.__table__
        session.execute(c.update().where(c.c.id == self.clause_id).values(position=self.old))
        return Changes.of_rows(c, [(self.clause_id,)])


@draft_only
def edit_clause(version: Any, clause_id: int, field: str, value: Any, *, merge_key: object | None = None
                ) -> Command:
    new = f.parse_fields(CLAUSE_FIELDS, {field: value})
    update = UpdateRow(SlaClause, (clause_id,), new, label=f"Edit {LABELS[field]}", merge_key=merge_key)
    if field == "section":
        return Macro("Move clause to another section", [update, _LastOfVersion(clause_id)])
    return update


@draft_only
def move_section(version: Any, clauses: Sequence[Any], section: str, delta: int) -> Command:
    """The whole section, all its clauses together, one place up (-1) or down (+1) in the agreement."""
    order = list(dict.fromkeys(c.section for c in clauses))
    if section not in order:
        raise ValidationError("Choose a clause of the section to move.")
    at = order.index(section)
    to = at + delta
    if not 0 <= to < len(order):
        raise ValidationError(f"{section_title(section)} is already the {'first' if delta < 0 else 'last'} section.")
    order.insert(to, order.pop(at))
    ids = [c.id for s in order for c in clauses if c.section == s]
    return Reorder(SlaClause, ids, label=f"Move section {section_title(section)}")


@draft_only
def remove_clause(version: Any, clause_id: int) -> Command:
    return DeleteRow(SlaClause, (clause_id,), label="Remove clause")


@draft_only
def reorder_clauses(version: Any, ids: list[int]) -> Command:
    return Reorder(SlaClause, ids, label="Move clause")


@draft_only
def add_stage(version: Any, *, name: str, owner_id: int | None = None) -> Command:
    row = f.parse_fields(STAGE_FIELDS, {"name": name, "owner_id": owner_id})
    return InsertRow(FunnelStage, {**row, "version_id": version.id}, label="Add funnel stage")


@draft_only
def edit_stage(version: Any, stage_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    new = f.parse_fields(STAGE_FIELDS, {field: value})
    return UpdateRow(FunnelStage, (stage_id,), new, label=f"Edit {LABELS[field]}", merge_key=merge_key)


@draft_only
def remove_stage(version: Any, stage_id: int) -> Command:
    return DeleteRow(FunnelStage, (stage_id,), label="Remove funnel stage")


@draft_only
def reorder_stages(version: Any, ids: list[int]) -> Command:
    return Reorder(FunnelStage, ids, label="Move funnel stage")


# -- lead scoring ----------------------------------------------------------------------------------------


def _points(value: Any) -> int:
    try:
        points = int(str(value).strip().replace("+", "").replace("\u2212", "-"))
    except ValueError:
        raise ValidationError("Points are a whole number, negative for what makes a lead less likely to buy "
                              "(e.g. -20).") from None
    if not -1000 <= points <= 1000:
        raise ValidationError("Points go from -1000 to 1000.")
    return points


RULE_FIELDS: dict[str, f.Parser] = {
    "kind": f.choice("Kind", ("attribute", "behaviour")),
    "description": f.text("Scoring rule", max_len=1000, required=True),
    "points": _points,
}


@draft_only
def add_rule(version: Any, *, kind: str, description: str, points: Any = 0) -> Command:
    row = f.parse_fields(RULE_FIELDS, {"kind": kind, "description": description, "points": points})
    return InsertRow(ScoringRule, {**row, "version_id": version.id}, label="Add scoring rule")


@draft_only
def edit_rule(version: Any, rule_id: int, field: str, value: Any) -> Command:
    return UpdateRow(ScoringRule, (rule_id,), f.parse_fields(RULE_FIELDS, {field: value}), label="Edit scoring rule")


@draft_only
def remove_rule(version: Any, rule_id: int) -> Command:
    return DeleteRow(ScoringRule, (rule_id,), label="Remove scoring rule")


@draft_only
def set_threshold(version: Any, value: Any) -> Command:
    threshold = _points(value)
    return UpdateRow(SlaVersion, (version.id,), {"mql_threshold": threshold}, label=f"MQL at {threshold} points")


# -- commitments -----------------------------------------------------------------------------------------


COMMITMENT_FIELDS: dict[str, f.Parser] = {
    "department_id": f.reference("Side"),
    "text": f.text("Commitment", max_len=1000, required=True),
    "metric": f.text("Metric", max_len=200),
    "comparison": f.choice("Comparison", COMPARISONS),
    "target": f.number("Target"),
    "unit": f.text("Unit", max_len=60),
    "period": f.text("Period", max_len=60),
    "owner_id": f.reference("Owner"),
}


@draft_only
def add_commitment(version: Any, *, text: str, department_id: int | None = None) -> Command:
    row = f.parse_fields(COMMITMENT_FIELDS, {"text": text, "department_id": department_id})
    return InsertRow(Commitment, {**row, "version_id": version.id}, label="Add commitment")


@draft_only
def edit_commitment(version: Any, commitment_id: int, field: str, value: Any) -> Command:
    return UpdateRow(Commitment, (commitment_id,), f.parse_fields(COMMITMENT_FIELDS, {field: value}),
                     label="Edit commitment")


@draft_only
def remove_commitment(version: Any, commitment_id: int) -> Command:
    return DeleteRow(Commitment, (commitment_id,), label="Remove commitment")


@draft_only
def reorder_commitments(version: Any, ids: list[int]) -> Command:
    return Reorder(Commitment, ids, label="Move commitment")


@draft_only
def set_review_date(version: Any, value: Any) -> Command:
    """When both sides review the agreement (a quarter after it starts unless the room says otherwise)."""
    return UpdateRow(SlaVersion, (version.id,), {"review_on": f.date("Review date")(value)}, label="Edit review date")


@draft_only
def set_decay(version: Any, points: Any, days: Any) -> Command:
    """A lead loses `points` every `days` days without activity; both empty: its score never decays."""
    empty = lambda v: v is None or str(v).strip() == ""  # noqa: E731
    if empty(points) and empty(days):
        return UpdateRow(SlaVersion, (version.id,), {"decay_points": None, "decay_days": None},
                         label="No score decay")
    lost = abs(_points(points))
    try:
        every = int(str(days).strip())
    except ValueError:
        raise ValidationError("Say after how many days without activity a lead loses points (e.g. 30).") from None
    if lost == 0 or not 1 <= every <= 365:
        raise ValidationError("Score decay needs the points lost (1 to 1000) and a period from 1 to 365 days.")
    return UpdateRow(SlaVersion, (version.id,), {"decay_points": lost, "decay_days": every},
                     label=f"Score decay: -{lost} every {every} days")
