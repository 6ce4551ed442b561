"""The tables and columns a workshop file at the head revision holds, and the kind of value each column holds.

Read when a file is opened, before anything is shown, without importing every model (that would cost start-up
time). tests/models/test_schema.py keeps it equal to the models; after a revision that changes the schema,
regenerate it with `python -m app.expected_schema > app/expected_schema.py`.
"""
from __future__ import annotations

# table -> column -> kind: integer | real | boolean | text | date | datetime | blob
EXPECTED: dict[str, dict[str, str]] = {
    "absence": {
        "id": "integer", "participant_id": "integer", "week": "date",
    },
    "action": {
        "id": "integer", "title": "text", "owner_id": "integer", "team_id": "integer", "due_on": "date",
        "status": "text", "goal_id": "integer", "challenge_id": "integer", "clause_id": "integer",
        "rivalry_id": "integer", "need_id": "integer", "theme_id": "integer", "parking_id": "integer",
        "step": "text", "notes": "text", "position": "integer",
    },
    "action_review": {
        "id": "integer", "review_id": "integer", "action_id": "integer", "outcome": "text", "new_due_on": "date",
    },
    "activity": {
        "id": "integer", "name": "text", "description": "text", "position": "integer",
    },
    "agenda_item": {
        "id": "integer", "step": "text", "title": "text", "timebox_minutes": "integer", "used_seconds": "integer",
        "position": "integer",
    },
    "audit_event": {
        "seq": "integer", "kind": "text", "actor": "text", "at": "datetime", "payload": "text", "prev_hash": "text",
        "event_hash": "text",
    },
    "challenge": {
        "id": "integer", "department_id": "integer", "theme_id": "integer", "text": "text", "position": "integer",
    },
    "commitment": {
        "id": "integer", "version_id": "integer", "department_id": "integer", "text": "text", "metric": "text",
        "comparison": "text", "target": "real", "unit": "text", "period": "text", "owner_id": "integer",
        "position": "integer",
    },
    "commitment_reading": {
        "id": "integer", "review_id": "integer", "commitment_id": "integer", "actual": "real", "kept": "boolean",
    },
    "department": {
        "id": "integer", "name": "text", "position": "integer",
    },
    "funnel_stage": {
        "id": "integer", "version_id": "integer", "name": "text", "definition": "text", "entry_rule": "text",
        "owner_id": "integer", "position": "integer",
    },
    "goal": {
        "id": "integer", "statement": "text", "metric": "text", "unit": "text", "baseline": "real",
        "target": "real", "deadline": "date", "data_source": "text", "position": "integer",
    },
    "goal_owner": {
        "goal_id": "integer", "department_id": "integer",
    },
    "ground_rule": {
        "id": "integer", "text": "text", "position": "integer",
    },
    "kpi_reading": {
        "id": "integer", "review_id": "integer", "goal_id": "integer", "actual": "real", "status": "text",
    },
    "meeting": {
        "id": "integer", "name": "text", "cadence": "text", "host_id": "integer", "guest_id": "integer",
        "notes": "text", "position": "integer",
    },
    "meeting_attendee": {
        "meeting_id": "integer", "participant_id": "integer",
    },
    "need": {
        "id": "integer", "from_id": "integer", "to_id": "integer", "kind": "text", "text": "text",
        "acknowledged": "boolean", "acknowledged_by_id": "integer", "position": "integer",
    },
    "parking_lot_item": {
        "id": "integer", "text": "text", "raised_by_id": "integer", "step": "text", "resolved": "boolean",
        "outcome": "text", "position": "integer",
    },
    "participant": {
        "id": "integer", "name": "text", "title": "text", "department_id": "integer", "is_signatory": "boolean",
        "email": "text", "position": "integer",
    },
    "persona": {
        "id": "integer", "name": "text", "role": "text", "industry": "text", "size_band": "text", "region": "text",
        "company_profile": "text", "goals": "text", "pains": "text", "objections": "text", "channels": "text",
        "buying_triggers": "text", "fit_criteria": "text", "in_target_market": "boolean", "position": "integer",
    },
    "persona_owner": {
        "persona_id": "integer", "participant_id": "integer",
    },
    "raci_assignment": {
        "id": "integer", "activity_id": "integer", "participant_id": "integer", "role": "text",
    },
    "review": {
        "id": "integer", "quarter": "text", "held_on": "date", "decision": "text", "decision_notes": "text",
    },
    "rivalry": {
        "id": "integer", "held_by_id": "integer", "about_id": "integer", "statement": "text", "severity": "integer",
        "response": "text", "addressed": "boolean", "position": "integer",
    },
    "role": {
        "id": "integer", "name": "text", "department_id": "integer", "holder_id": "integer", "notes": "text",
        "position": "integer",
    },
    "rota_turn": {
        "id": "integer", "meeting_id": "integer", "week": "date", "participant_id": "integer",
    },
    "scoring_rule": {
        "id": "integer", "version_id": "integer", "kind": "text", "description": "text", "points": "integer",
        "position": "integer",
    },
    "seal_key": {
        "id": "integer", "created_at": "datetime", "private_key": "blob", "certificate": "blob",
        "fingerprint": "text",
    },
    "signature": {
        "id": "integer", "version_id": "integer", "participant_id": "integer", "typed_name": "text",
        "title": "text", "signed_at": "datetime", "signed_on": "date", "image_png": "blob", "image_sha256": "text",
        "content_hash": "text",
    },
    "sla_clause": {
        "id": "integer", "version_id": "integer", "section": "text", "title": "text", "body": "text",
        "position": "integer",
    },
    "sla_version": {
        "id": "integer", "number": "integer", "status": "text", "based_on_id": "integer",
        "mql_threshold": "integer", "review_on": "date", "content_hash": "text", "created_at": "datetime",
        "locked_at": "datetime", "decay_points": "integer", "decay_days": "integer",
    },
    "theme": {
        "id": "integer", "name": "text", "position": "integer",
    },
    "vote": {
        "id": "integer", "challenge_id": "integer", "theme_id": "integer", "participant_id": "integer",
        "dots": "integer",
    },
    "workshop": {
        "id": "integer", "name": "text", "company": "text", "held_on": "date", "facilitator": "text",
        "notes": "text", "dots_per_person": "integer", "target_market": "text",
        "qualifier_department_id": "integer", "qualifier_reason": "text", "rota_start": "date",
        "rota_weeks": "integer", "audit_head": "text", "audit_count": "integer",
    },
}

KINDS = {"Integer": "integer", "String": "text", "Text": "text", "Date": "date", "Boolean": "boolean",
         "Float": "real", "DateTime": "datetime", "UtcDateTime": "datetime", "LargeBinary": "blob"}


def from_models() -> dict[str, dict[str, str]]:
    from models import all_metadata

    return {t.name: {c.name: KINDS[type(c.type).__name__] for c in t.columns}
            for t in sorted(all_metadata().tables.values(), key=lambda t: t.name)}


def source() -> str:
    """This module's text, with EXPECTED as the models have it now."""
    here = __file__
    with open(here, encoding="utf-8") as fh:
        text = fh.read()
    head, rest = text.split("EXPECTED: dict[str, dict[str, str]] = {\n", 1)
    tail = rest[("\n" + rest).index("\n}\n"):]
    body = "".join(_entry(table, columns) for table, columns in from_models().items())
    return f"{head}EXPECTED: dict[str, dict[str, str]] = {{\n{body}{tail}"


def _entry(table: str, columns: dict[str, str]) -> str:
    lines: list[str] = []
    for pair in (f'"{name}": "{kind}",' for name, kind in columns.items()):
        if lines and len(lines[-1]) + 1 + len(pair) <= 108:
            lines[-1] += " " + pair
        else:
            lines.append(pair)
    inner = "".join(f"        {line}\n" for line in lines)
    return f'    "{table}": {{\n{inner}    }},\n'


if __name__ == "__main__":
    print(source(), end="")
