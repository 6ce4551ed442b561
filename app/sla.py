"""The SLA's shipped template (resources/sla_template.json): the sections and shared funnel a new agreement
starts from. Qt-free; read only when the room starts its SLA."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.errors import WorkshopError

TEMPLATE = Path(__file__).resolve().parent.parent / "resources" / "sla_template.json"


@dataclass(frozen=True)
class TemplateStage:
    name: str
    owner: str  # a department's name, matched case-insensitively to the workshop's
    definition: str
    entry_rule: str


@dataclass(frozen=True)
class TemplateClause:
    section: str  # the section's key
    title: str
    body: str


@dataclass(frozen=True)
class TemplateRule:
    kind: str  # attribute | behaviour
    description: str
    points: int


@dataclass(frozen=True)
class TemplateCommitment:
    side: str
    text: str
    metric: str
    comparison: str
    target: float | None
    unit: str
    period: str


@dataclass(frozen=True)
class Template:
    sections: tuple[tuple[str, str], ...]  # (key, title) in the agreement's order
    stages: tuple[TemplateStage, ...]
    clauses: tuple[TemplateClause, ...]
    rules: tuple[TemplateRule, ...] = ()
    threshold: int | None = None
    commitments: tuple[TemplateCommitment, ...] = ()

    def section_title(self, key: str) -> str:
        return dict(self.sections).get(key, key.replace("_", " ").capitalize())


def load_template(path: Path | None = None) -> Template:
    data = json.loads((path or TEMPLATE).read_text(encoding="utf-8"))
    sections = tuple((s["key"], s["title"]) for s in data["sections"])
    stages = tuple(TemplateStage(s["name"], s.get("owner", ""), s.get("definition", ""), s.get("entry_rule", ""))
                   for s in data["funnel_stages"])
    clauses = tuple(TemplateClause(s["key"], c["title"], c.get("body", ""))
                    for s in data["sections"] for c in s["clauses"])
    rules = tuple(TemplateRule(r["kind"], r["description"], int(r["points"])) for r in data.get("scoring_rules", ()))
    commitments = tuple(TemplateCommitment(c["side"], c["text"], c.get("metric", ""), c.get("comparison", "at least"),
                                           c.get("target"), c.get("unit", ""), c.get("period", ""))
                        for c in data.get("commitments", ()))
    return Template(sections, stages, clauses, rules, data.get("mql_threshold"), commitments)


@lru_cache(maxsize=1)
def shipped() -> Template:
    """The template as shipped, read once. A missing or damaged one is reported, never a traceback."""
    try:
        return load_template()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WorkshopError(f"The SLA template that comes with Common Ground ({TEMPLATE.name}) cannot be read: "
                            "reinstall the app, or repair the file.", detail=f"{TEMPLATE}: {exc!r}") from exc


def sections() -> tuple[tuple[str, str], ...]:
    """(key, title) of the template's sections; none when the template cannot be read (the clauses still show)."""
    try:
        return shipped().sections
    except WorkshopError:
        return ()


def section_title(key: str) -> str:
    """The template's title of a section, or a section the room added, as they named it."""
    known = dict(sections()).get(key)
    if known is not None:
        return known
    return key.replace("_", " ").capitalize() if key.isidentifier() and key.islower() else key


def section_order(key: str) -> int:
    """Where a section stands in the agreement: the template's order, sections the room added after them."""
    keys = [k for k, _t in sections()]
    return keys.index(key) if key in keys else len(keys)


@dataclass(frozen=True)
class Score:
    total: int
    contributions: tuple[tuple[str, int], ...]  # (rule, points) of each rule the lead meets, in the rules' order
    threshold: int | None
    qualifies: bool  # the total reaches the threshold (a lead exactly at it qualifies)


def score(rules: Sequence[Any], met: Iterable[int], threshold: int | None, *, decay_points: int | None = None,
          decay_days: int | None = None, idle_days: int = 0) -> Score:
    """What a sample lead scores: the points of each rule it meets (negative ones too), less the decay for the whole
    periods it has been idle, against the MQL threshold."""
    chosen = set(met)
    parts = tuple((r.description, r.points) for r in rules if r.id in chosen)
    if decay_points and decay_days and idle_days >= decay_days and parts:
        parts += ((f"Score decay: {idle_days} days without activity", -decay_points * (idle_days // decay_days)),)
    total = sum(points for _d, points in parts)
    return Score(total, parts, threshold, threshold is not None and total >= threshold)


COMPARISONS = ("at least", "at most", "within")


def commitment_problem(c: Any) -> str:
    """Why a commitment cannot be measured yet (no number, unit or period), or ""."""
    missing = [word for word, value in (("a number", c.target), ("a unit", c.unit), ("a period", c.period))
               if value in (None, "")]
    return f"Not measurable yet: give it {', '.join(missing)}." if missing else ""


def meetings_sentence(meetings: Any) -> str:
    """The Roles step's meetings, where the agreement is reported on: "Weekly pipeline review (weekly, Sales); …"."""
    return "; ".join(f"{m.name} ({', '.join(p for p in (m.cadence, m.host and f'hosted by {m.host}') if p)})"
                     if m.cadence or m.host else m.name for m in meetings) + "."
