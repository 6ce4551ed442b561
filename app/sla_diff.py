"""What changed between two versions of the SLA: items added, removed and changed, part by part.

Items are matched by what names them (a stage by its name, a clause by its section and title, a rule by its text,
a commitment by its side and text). An item renamed but otherwise the same reads as changed, not as removed and
added; anything else that no longer matches reads as removed and added."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.sla import section_title


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    part: str  # "Funnel stage", "Clause", "Scoring rule", "Commitment", "Agreement"
    name: str
    details: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) of a changed item


def _number(value: float | None) -> str:
    return "" if value is None else (f"{value:g}" if value != int(value) else str(int(value)))


# part -> (key of an item, its fields as (label, text))
PARTS: tuple[tuple[str, str, Callable[[Any], tuple], Callable[[Any], tuple[tuple[str, str], ...]]], ...] = (
    ("stages", "Funnel stage", lambda s: (s.name,),
     lambda s: (("stage", s.name), ("definition", s.definition), ("entry rule", s.entry_rule),
                ("owner", s.owner or "both sides"))),
    ("clauses", "Clause", lambda c: (c.section, c.title),
     lambda c: (("section", section_title(c.section)), ("title", c.title), ("text", c.body))),
    ("rules", "Scoring rule", lambda r: (r.description,),
     lambda r: (("rule", r.description), ("kind", r.kind), ("points", f"{r.points:+d}"))),
    ("commitments", "Commitment", lambda c: (c.side, c.text),
     lambda c: (("side", c.side or "both sides"), ("commitment", c.text), ("metric", c.metric),
                ("how", c.comparison), ("target", _number(c.target)), ("unit", c.unit), ("period", c.period),
                ("owner", c.owner))),
)


def _name(part: str, item: Any) -> str:
    if part == "Clause":
        return f"{section_title(item.section)}: {item.title}"
    if part == "Commitment":
        return f"{item.side or 'Both sides'}: {item.text}"
    return str(item.name if part == "Funnel stage" else item.description)


def _details(fields: Callable[[Any], tuple[tuple[str, str], ...]], old: Any, new: Any
             ) -> tuple[tuple[str, str, str], ...]:
    return tuple((label, before, after) for (label, before), (_l, after) in zip(fields(old), fields(new), strict=True)
                 if before != after)


def _compare(part: str, key: Callable[[Any], tuple], fields: Callable[[Any], tuple[tuple[str, str], ...]],
             old: Sequence[Any], new: Sequence[Any]) -> list[Change]:
    out: list[Change] = []
    before = {key(i): i for i in old}
    after = {key(i): i for i in new}
    gone = [i for i in old if key(i) not in after]
    came = [i for i in new if key(i) not in before]
    for item in new:
        if key(item) in before:
            details = _details(fields, before[key(item)], item)
            if details:
                out.append(Change("changed", part, _name(part, item), details))
    # Renamed, all else the same: one change, not a removal and an addition.
    for item in list(came):
        twin = next((g for g in gone if len(_details(fields, g, item)) == 1 and key(g) != key(item)
                     and _details(fields, g, item)[0][0] in ("stage", "title", "rule", "commitment")), None)
        if twin is not None:
            gone.remove(twin)
            came.remove(item)
            out.append(Change("changed", part, _name(part, item), _details(fields, twin, item)))
    out += [Change("removed", part, _name(part, i)) for i in gone]
    out += [Change("added", part, _name(part, i)) for i in came]
    return out


def compare(old: Any, new: Any) -> list[Change]:
    """The changes from `old` to `new` (queries.SlaView of two versions)."""
    changes: list[Change] = []
    a, b = old.version, new.version
    for label, x, y in (("MQL threshold", a.mql_threshold, b.mql_threshold),
                        ("review date", a.review_on.isoformat() if a.review_on else "",
                         b.review_on.isoformat() if b.review_on else ""),
                        ("score decay", f"-{a.decay_points} every {a.decay_days} days" if a.decay_points else "none",
                         f"-{b.decay_points} every {b.decay_days} days" if b.decay_points else "none")):
        if x != y:
            changes.append(Change("changed", "Agreement", label, ((label, str(x or ""), str(y or "")),)))
    for attr, part, key, fields in PARTS:
        changes += _compare(part, key, fields, getattr(old, attr), getattr(new, attr))
    return changes
