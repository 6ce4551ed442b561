"""The SMART check of a shared goal: what keeps it from being measurable and time-bound."""
from __future__ import annotations

import datetime as dt

from app.queries import GoalRow


def smart_problems(goal: GoalRow, *, today: dt.date | None = None) -> list[str]:
    """Plain-language gaps, empty when the goal is specific, measurable and has a deadline and owners."""
    problems = []
    if not goal.metric:
        problems.append("no metric")
    if goal.target is None:
        problems.append("no measurable target")
    elif goal.baseline is not None and goal.target == goal.baseline:
        problems.append("target equals baseline")
    if goal.deadline is None:
        problems.append("no deadline")
    elif today is not None and goal.deadline < today:
        problems.append("deadline has passed")
    if not goal.owner_ids:
        problems.append("no owner")
    elif len(goal.owner_ids) < 2:
        problems.append("owned by one side only")
    return problems
