"""The SLA's shipped template (resources/sla_template.json): the sections and shared funnel a new agreement
starts from. Qt-free; read only when the room starts its SLA."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
class Template:
    sections: tuple[tuple[str, str], ...]  # (key, title) in the agreement's order
    stages: tuple[TemplateStage, ...]
    clauses: tuple[TemplateClause, ...]

    def section_title(self, key: str) -> str:
        return dict(self.sections).get(key, key.replace("_", " ").capitalize())


def load_template(path: Path = TEMPLATE) -> Template:
    data = json.loads(path.read_text(encoding="utf-8"))
    sections = tuple((s["key"], s["title"]) for s in data["sections"])
    stages = tuple(TemplateStage(s["name"], s.get("owner", ""), s.get("definition", ""), s.get("entry_rule", ""))
                   for s in data["funnel_stages"])
    clauses = tuple(TemplateClause(s["key"], c["title"], c.get("body", ""))
                    for s in data["sections"] for c in s["clauses"])
    return Template(sections, stages, clauses)


@lru_cache(maxsize=1)
def shipped() -> Template:
    """The template as shipped, read once."""
    return load_template()


def section_order(key: str) -> int:
    """Where a section stands in the agreement: the template's order, sections the room added after them."""
    keys = [k for k, _t in shipped().sections]
    return keys.index(key) if key in keys else len(keys)
