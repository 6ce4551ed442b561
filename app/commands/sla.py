"""The SLA as structured content: a version, its shared funnel stages and the clauses of its sections.

Only a draft is edited: every edit command is built from the version it changes and refused for any other."""
from __future__ import annotations

import datetime as dt
from typing import Any

from app.commands import fields as f
from app.commands.base import Command, DeleteRow, InsertRow, Macro, Ref, Reorder, UpdateRow
from app.errors import ValidationError
from app.sla import COMPARISONS, Template
from models import Commitment, FunnelStage, ScoringRule, SlaClause, SlaVersion

REVIEW_DAYS = 91  # the agreement is reviewed every quarter unless the room says otherwise

CLAUSE_FIELDS: dict[str, f.Parser] = {
    "section": f.text("Section", max_len=40, required=True),
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


def _draft(version: Any) -> None:
    if version is None:
        raise ValidationError("Start the SLA first (Start From the Template).")
    if version.status != "draft":
        raise ValidationError(f"Version {version.number} is {version.status}: only a draft can be changed.")


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


def add_clause(version: Any, *, section: str, title: str) -> Command:
    _draft(version)
    row = f.parse_fields(CLAUSE_FIELDS, {"section": section, "title": title})
    return InsertRow(SlaClause, {**row, "version_id": version.id}, label="Add clause")


def edit_clause(version: Any, clause_id: int, field: str, value: Any, *, merge_key: object | None = None
                ) -> Command:
    _draft(version)
    new = f.parse_fields(CLAUSE_FIELDS, {field: value})
    return UpdateRow(SlaClause, (clause_id,), new, label=f"Edit {LABELS[field]}", merge_key=merge_key)


def remove_clause(version: Any, clause_id: int) -> Command:
    _draft(version)
    return DeleteRow(SlaClause, (clause_id,), label="Remove clause")


def reorder_clauses(version: Any, ids: list[int]) -> Command:
    _draft(version)
    return Reorder(SlaClause, ids, label="Move clause")


def add_stage(version: Any, *, name: str, owner_id: int | None = None) -> Command:
    _draft(version)
    row = f.parse_fields(STAGE_FIELDS, {"name": name, "owner_id": owner_id})
    return InsertRow(FunnelStage, {**row, "version_id": version.id}, label="Add funnel stage")


def edit_stage(version: Any, stage_id: int, field: str, value: Any, *, merge_key: object | None = None) -> Command:
    _draft(version)
    new = f.parse_fields(STAGE_FIELDS, {field: value})
    return UpdateRow(FunnelStage, (stage_id,), new, label=f"Edit {LABELS[field]}", merge_key=merge_key)


def remove_stage(version: Any, stage_id: int) -> Command:
    _draft(version)
    return DeleteRow(FunnelStage, (stage_id,), label="Remove funnel stage")


def reorder_stages(version: Any, ids: list[int]) -> Command:
    _draft(version)
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


def add_rule(version: Any, *, kind: str, description: str, points: Any = 0) -> Command:
    _draft(version)
    row = f.parse_fields(RULE_FIELDS, {"kind": kind, "description": description, "points": points})
    return InsertRow(ScoringRule, {**row, "version_id": version.id}, label="Add scoring rule")


def edit_rule(version: Any, rule_id: int, field: str, value: Any) -> Command:
    _draft(version)
    return UpdateRow(ScoringRule, (rule_id,), f.parse_fields(RULE_FIELDS, {field: value}), label="Edit scoring rule")


def remove_rule(version: Any, rule_id: int) -> Command:
    _draft(version)
    return DeleteRow(ScoringRule, (rule_id,), label="Remove scoring rule")


def set_threshold(version: Any, value: Any) -> Command:
    _draft(version)
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


def add_commitment(version: Any, *, text: str, department_id: int | None = None) -> Command:
    _draft(version)
    row = f.parse_fields(COMMITMENT_FIELDS, {"text": text, "department_id": department_id})
    return InsertRow(Commitment, {**row, "version_id": version.id}, label="Add commitment")


def edit_commitment(version: Any, commitment_id: int, field: str, value: Any) -> Command:
    _draft(version)
    return UpdateRow(Commitment, (commitment_id,), f.parse_fields(COMMITMENT_FIELDS, {field: value}),
                     label="Edit commitment")


def remove_commitment(version: Any, commitment_id: int) -> Command:
    _draft(version)
    return DeleteRow(Commitment, (commitment_id,), label="Remove commitment")


def reorder_commitments(version: Any, ids: list[int]) -> Command:
    _draft(version)
    return Reorder(Commitment, ids, label="Move commitment")


def set_review_date(version: Any, value: Any) -> Command:
    """When both sides review the agreement (a quarter after it starts unless the room says otherwise)."""
    _draft(version)
    return UpdateRow(SlaVersion, (version.id,), {"review_on": f.date("Review date")(value)}, label="Edit review date")
