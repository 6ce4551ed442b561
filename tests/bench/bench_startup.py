"""Startup and commit benchmark for `make bench` (not collected by pytest).

Measures, as medians over --runs runs: the cold start of `python -m app` on the demo workshop until the first
paint of the main window, the same for a bare PySide6 + SQLAlchemy window (the floor), their ratio (target
<= 1.3), whether alembic, openpyxl or reportlab are imported on the open path, and the time per committed edit
(target median < 10 ms with synchronous=FULL).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_startup.py [--runs 7] [--json PATH]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0
HEAVY = ("alembic", "openpyxl", "reportlab")
FLOOR_SCRIPT = """
import sys
import sqlalchemy.orm
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
            watched.removeEventFilter(self)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
probe = Probe(window)
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
"""


def time_to_paint(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Spawn a child; return (seconds until it prints "painted", its stderr) after it has exited."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=err, text=True,
                                bufsize=1)
        killer = threading.Timer(TIMEOUT, proc.kill)
        killer.start()
        try:
            elapsed: float | None = None
            assert proc.stdout is not None
            for line in proc.stdout:
                if elapsed is None and line.strip() == "painted":
                    elapsed = time.perf_counter() - start
            code = proc.wait()
        finally:
            killer.cancel()
        err.seek(0)
        stderr = err.read()
    if elapsed is None:
        raise RuntimeError(f"{args[1:3]} never printed 'painted' (exit {code}); stderr:\n{stderr[-2000:]}")
    if code != 0:
        print(f"warning: {args[1:3]} exited with {code} after painting", file=sys.stderr)
    return elapsed, stderr


def imported_heavy(stderr: str) -> dict[str, bool]:
    """Which HEAVY packages appear in `-X importtime` output."""
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in stderr.splitlines()
             if line.startswith("import time:")}
    return {pkg: pkg in names for pkg in HEAVY}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def commit_times(count: int = 200) -> dict[str, list[float]]:
    """Seconds per `Workshop.apply` of an update and of an insert, in-process and without Qt."""
    sys.path.insert(0, str(ROOT))
    from app.commands import setup
    from app.opening import create_workshop

    result: dict[str, list[float]] = {"edit_workshop": [], "add_ground_rule": []}
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as folder:
        workshop = create_workshop(Path(folder) / "bench.cgw")
        try:
            for kind, make in (("edit_workshop", lambda i: setup.edit_workshop("company", f"Co {i}")),
                               ("add_ground_rule", lambda i: setup.add_ground_rule(f"rule {i}"))):
                for i in range(count):
                    command = make(i)
                    start = time.perf_counter()
                    workshop.apply(command)
                    result[kind].append(time.perf_counter() - start)
        finally:
            workshop.close()
    return result


WARM_UP = """
import json, sys, time
import app.gui  # what the window has loaded when it paints
import models
times = []
for step in models.warm_up_steps():
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def warm_up_times(env: dict[str, str]) -> list[float]:
    """Seconds each step of the ORM warm-up after the first paint holds the event loop."""
    out = subprocess.run([sys.executable, "-c", WARM_UP], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=TIMEOUT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (default 7)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMMONGROUND_EXIT_AFTER_PAINT": "1",
               "COMMONGROUND_DATA_DIR": str(Path(tmp) / "data"), "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
        app_cmd = [sys.executable, "-m", "app"]
        floor_cmd = [sys.executable, "-c", FLOOR_SCRIPT]
        # As installed: the project's bytecode cached (this sandbox sets PYTHONDONTWRITEBYTECODE, and modules
        # compiled from source on every start cost the app ~8% it would not pay on a user's machine).
        subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "ui", "models", "exports"], cwd=ROOT,
                       env={k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}, check=True,
                       stdout=subprocess.DEVNULL)
        time_to_paint(app_cmd, env)  # warm-up, discarded: copies the demo workshop into the data folder
        app_runs: list[float] = []
        floor_runs: list[float] = []
        for _ in range(opts.runs):
            floor_runs.append(time_to_paint(floor_cmd, env)[0])
            app_runs.append(time_to_paint(app_cmd, env)[0])
        _, stderr = time_to_paint([sys.executable, "-X", "importtime", "-m", "app"], env)
        heavy = imported_heavy(stderr)
        warm = [statistics.median(run) for run in zip(*(warm_up_times(env) for _ in range(opts.runs)), strict=True)]
    commits = commit_times()

    app_ms, floor_ms = statistics.median(app_runs) * 1000, statistics.median(floor_runs) * 1000
    ratio = app_ms / floor_ms
    w = 36
    print(f"{'cold start, app (demo workshop)':<{w}}median {app_ms:5.0f} ms  "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in app_runs)})")
    print(f"{'cold start, floor (Qt + SQLAlchemy)':<{w}}median {floor_ms:5.0f} ms  "
          f"(runs: {', '.join(f'{t * 1000:.0f}' for t in floor_runs)})")
    print(f"{'ratio app / floor':<{w}}{ratio:.2f}  (target <= 1.3: {'ok' if ratio <= 1.3 else 'MISSED'})")
    for pkg, seen in heavy.items():
        print(f"{pkg + ' imported':<{w}}{'yes' if seen else 'no'}")
    print(f"{'ORM warm-up after the paint':<{w}}{len(warm)} steps, longest {max(warm) * 1000:.0f} ms, "
          f"all {sum(warm) * 1000:.0f} ms (medians)")
    summary: dict[str, dict[str, float]] = {}
    for kind, values in commits.items():
        med, high = statistics.median(values) * 1000, p95(values) * 1000
        summary[kind] = {"median_ms": med, "p95_ms": high}
        print(f"{'commit, ' + kind:<{w}}median {med:5.2f} ms  p95 {high:5.2f} ms  "
              f"({len(values)} commits; target median < 10 ms: {'ok' if med < 10 else 'MISSED'})")
    if opts.json:
        figures = {"runs": opts.runs, "app_ms": [t * 1000 for t in app_runs], "app_median_ms": app_ms,
                   "floor_ms": [t * 1000 for t in floor_runs], "floor_median_ms": floor_ms, "ratio": ratio,
                   "imported": heavy, "commit": summary,
                   "warm_up_ms": [t * 1000 for t in warm]}
        opts.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
