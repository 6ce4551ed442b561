"""What the export benchmarks share: the large plan they export (2,000 actions, 50 personas, 30 commitments) and
the median of repeated timings."""
from __future__ import annotations

import datetime as dt
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_large(path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_big_plan", ROOT / "scripts" / "make_big_plan.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    builder.build_big_plan(path, 2000, seed=7)

    from app import queries
    from app.commands import actions, personas, sla
    from app.commands.base import Macro
    from app.opening import open_checked
    from app.sla import load_template

    w = open_checked(path)
    try:
        people = [p.id for p in w.query(queries.participants)]
        w.apply(Macro("Notes", [actions.edit_action(a.id, "notes", f"Follow-up {a.id}: check with the owner "
                                                    "before the review; = not a formula\nsecond line")
                                for a in w.query(queries.actions)[::4]]))
        w.apply(Macro("Personas", [
            personas.add_persona(name=f"Persona {i}", owner_ids=people[i % len(people):i % len(people) + 2],
                                 role="Head of Operations", industry="Logistics", region="DACH",
                                 goals="Fewer late shipments; one view of stock", pains="Reports a week old",
                                 objections='"We tried a BI tool"', channels="Trade fairs, LinkedIn",
                                 buying_triggers="A missed penalty", fit_criteria="3+ warehouses")
            for i in range(50)]))
        departments = {d.name: d.id for d in w.query(queries.departments)}
        w.apply(sla.start_from_template(load_template(), departments, today=dt.date.today()))
        version = w.query(queries.sla).version
        have = len(w.query(queries.sla).commitments)
        sides = list(departments.values())
        w.apply(Macro("Commitments", [sla.add_commitment(version, text=f"Commitment {i}: respond within the agreed "
                                                         "time", department_id=sides[i % len(sides)])
                                      for i in range(30 - have)]))
        view = w.query(queries.sla)
        w.apply(Macro("Targets", [sla.edit_commitment(version, c.id, "target", 10 + i)
                                  for i, c in enumerate(view.commitments)]))
        assert len(w.query(queries.sla).commitments) == 30 and len(w.query(queries.personas)) == 50
    finally:
        w.close()


def median_s(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
