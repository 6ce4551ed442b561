"""The agreement as rich text for reading on a projector: each section in the agreement's order, the funnel,
the scoring table and each side's commitments. Every piece of user text is escaped (it is shown, never parsed)."""
from __future__ import annotations

from itertools import groupby

from app.queries import SlaView
from app.sla import section_title
from ui.row_list import esc


def _number(value: float | None) -> str:
    return "" if value is None else (f"{value:g}" if value != int(value) else str(int(value)))


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return (f"<table cellspacing='0' cellpadding='6' border='1' style='border-collapse: collapse; "
            f"border-color: #d0d5dd' width='100%'><tr style='background: #e9edf3'>{head}</tr>{body}</table>")


def agreement_html(view: SlaView, meetings: str = "") -> str:
    """`meetings`: where the agreement is reported on (the Roles step's meetings), shown with its reporting
    section."""
    v = view.version
    if v is None:
        return "<p>No agreement yet: start it on the SLA step.</p>"
    parts = [f"<h2>Service level agreement, version {v.number}</h2>"]
    if view.stages:
        parts.append("<h3>Shared funnel and terms</h3>")
        parts.append(_table(("Stage", "Definition", "Enters when", "Owned by"),
                            [(s.name, s.definition, s.entry_rule, s.owner or "Both sides") for s in view.stages]))
    for section, clauses in groupby(view.clauses, key=lambda c: c.section):
        parts.append(f"<h3>{esc(section_title(section))}</h3>")
        parts.extend(f"<p><b>{esc(c.title)}.</b> {esc(c.body)}</p>" for c in clauses)
        if section == "reporting" and meetings:
            parts.append(f"<p><b>In these meetings:</b> {esc(meetings)}</p>")
    if view.rules or v.mql_threshold is not None:
        parts.append("<h3>Lead scoring</h3>")
        parts.append(_table(("Rule", "Kind", "Points"),
                            [(r.description, r.kind, f"{r.points:+d}") for r in view.rules]))
        if v.mql_threshold is not None:
            parts.append(f"<p>A lead becomes an <b>MQL at {v.mql_threshold} points</b> or more.</p>")
        if v.decay_points and v.decay_days:
            parts.append(f"<p>A lead loses {v.decay_points} points for every {v.decay_days} days without "
                         "activity.</p>")
    if view.commitments:
        parts.append("<h3>Commitments</h3>")
        sides: dict[str, list] = {}
        for c in view.commitments:  # each side once, in the order the sides first appear
            sides.setdefault(c.side or "Both sides", []).append(c)
        for side, items in sides.items():
            parts.append(f"<h4>{esc(side)}</h4>")
            parts.append(_table(("Commitment", "Metric", "Target", "Owner"),
                                [(c.text, c.metric, " ".join(p for p in (c.comparison, _number(c.target), c.unit,
                                                                          f"per {c.period}" if c.period else "")
                                                             if p), c.owner) for c in items]))
    if v.review_on:
        parts.append(f"<p><b>Review date:</b> {v.review_on.isoformat()}</p>")
    return "".join(parts)
