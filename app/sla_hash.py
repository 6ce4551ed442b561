"""The content hash of an SLA version: SHA-256 over a canonical serialisation of what the parties agree to.

The serialisation (format "commonground-sla/1") is UTF-8 JSON with sorted keys and no insignificant whitespace
(`separators=(",", ":")`, `ensure_ascii=False`), of one object:

- "format": "commonground-sla/1"
- "review_on": the review date as YYYY-MM-DD, or null
- "mql_threshold": an integer, or null
- "decay": {"points", "every_days"} (integers: a lead loses that many points per period without activity), or null
- "stages": the funnel stages in the agreement's order, each {"name", "definition", "entry_rule", "owner"}
- "clauses": in the agreement's order, each {"section", "title", "body"}
- "scoring": in order, each {"kind", "description", "points"}
- "commitments": in order, each {"side", "text", "metric", "comparison", "target", "unit", "period", "owner"}

Departments and people appear by name, not by the file's row ids, so the same agreement hashes the same in any
file; a target is written as the shortest decimal that reads back as the same number (`repr` of a float), or null.
Text is stored NFC-normalised by the edit commands, so what hashes equal looks equal. Signatures, the version's
number and status, and how a table on screen happens to be sorted are not content and do not change the hash.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

FORMAT = "commonground-sla/1"


def _target(value: float | None) -> str | None:
    return None if value is None else repr(float(value))


def canonical(view: Any) -> bytes:
    """The bytes the hash is taken over, for a `queries.SlaView` with a version."""
    v = view.version
    content = {
        "format": FORMAT,
        "review_on": v.review_on.isoformat() if v.review_on else None,
        "mql_threshold": v.mql_threshold,
        "decay": ({"points": v.decay_points, "every_days": v.decay_days}
                  if v.decay_points is not None and v.decay_days is not None else None),
        "stages": [{"name": s.name, "definition": s.definition, "entry_rule": s.entry_rule, "owner": s.owner}
                   for s in view.stages],
        "clauses": [{"section": c.section, "title": c.title, "body": c.body} for c in view.clauses],
        "scoring": [{"kind": r.kind, "description": r.description, "points": r.points} for r in view.rules],
        "commitments": [{"side": c.side, "text": c.text, "metric": c.metric, "comparison": c.comparison,
                         "target": _target(c.target), "unit": c.unit, "period": c.period, "owner": c.owner}
                        for c in view.commitments],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def content_hash(view: Any) -> str:
    return hashlib.sha256(canonical(view)).hexdigest()


def short(digest: str) -> str:
    """The part of the hash a person reads aloud or compares by eye: 4 groups of 4."""
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
