"""Challenges benchmark (not collected by pytest): 500 challenges in 50 themes with 2,000 dots placed.

Builds the workshop through the app's commands (40 participants of two departments, 50 dots each), then in one
offscreen window times, with the event queue drained so the repaint counts: the first view of the Challenges
step, giving a dot (as the Give a Dot button does), moving a challenge to another theme, and undo. Target: each
under 100 ms.

    .venv/bin/python tests/bench/bench_challenges.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COMMONGROUND_DATA_DIR", tempfile.mkdtemp(prefix="cg-bench-"))

CHALLENGES, THEMES, PEOPLE, DOTS_EACH = 500, 50, 40, 50
TARGET_MS = 100.0


def build(path: Path) -> None:
    from app import queries
    from app.commands import challenges as ch
    from app.commands import setup
    from app.commands.base import InsertRow
    from app.opening import create_workshop
    from models import Vote

    w = create_workshop(path, name="Big board")
    try:
        for n in range(PEOPLE):
            w.apply(setup.add_participant(name=f"Person {n}", department="Sales" if n % 2 else "Marketing"))
        departments = [d.id for d in w.query(queries.departments)]
        for n in range(CHALLENGES):
            w.apply(ch.add_challenge(text=f"Challenge {n}: leads wait too long in stage {n % 7}",
                                     department_id=departments[n % 2]))
        ids = [c.id for c in w.query(queries.challenge_board).challenges]
        per = CHALLENGES // THEMES
        for t in range(THEMES):
            w.apply(ch.new_theme(w.query(queries.challenge_board), ids[t * per:(t + 1) * per], f"Theme {t}"))
        w.apply(ch.set_dots_each(w.query(queries.challenge_board), DOTS_EACH + 5))
        people = sorted(w.query(queries.challenge_board).people)
        for i, person in enumerate(people):  # 40 x 50 = 2,000 dots, one per person and challenge
            for k in range(DOTS_EACH):
                target = ids[(i * 7 + k * 11) % CHALLENGES]
                w.apply(InsertRow(Vote, {"challenge_id": target, "participant_id": person, "dots": 1}, label="dot"))
    finally:
        w.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    opts = parser.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    work = Path(os.environ["COMMONGROUND_DATA_DIR"])
    path = work / "board.cgw"
    started = time.perf_counter()
    build(path)
    print(f"built {CHALLENGES} challenges, {THEMES} themes, {PEOPLE * DOTS_EACH} dots in "
          f"{time.perf_counter() - started:.1f} s")

    from app import queries
    from app.backups import BackupStore
    from app.commands import challenges as ch
    from ui.main_window import MainWindow
    from ui.settings import Settings

    times: dict[str, list[float]] = {"first view": [], "give a dot": [], "regroup": [], "undo": []}

    def timed(name: str, action: Callable[[], object]) -> None:
        start = time.perf_counter()
        action()
        app.processEvents()
        times[name].append((time.perf_counter() - start) * 1000)

    for run in range(opts.runs):
        settings = Settings(QSettings(str(work / f"settings-{run}.ini"), QSettings.Format.IniFormat))
        window = MainWindow(backups=BackupStore(work / "backups"), settings=settings)
        window.view_control.apply()
        window.show()
        window.resize(1280, 720)
        window.open_path(path)
        app.processEvents()
        screen: list[object] = []
        timed("first view", lambda window=window, screen=screen: screen.append(window.show_step("challenges")))
        s = screen[0]
        board = window.document.query(queries.challenge_board)
        s.voter.setCurrentIndex(s.voter.findText("Person 1"))
        s.rank_view.setFocus()
        s.rank_view.select_id(s.ranking.visible[run].id)
        s._worked_in(s.rank_view)
        timed("give a dot", s.give.click)
        moving = board.challenges[run].id
        theme = board.themes[-1].id

        def regroup(s: Any = s, moving: int = moving, theme: int = theme, window: Any = window) -> object:
            return window.document.submit(lambda: ch.move_to_theme(s.board, [moving], theme))

        timed("regroup", regroup)
        timed("undo", window.actions["undo"].trigger)
        window.actions["undo"].trigger()
        window.close_document()
        window.deleteLater()
        app.processEvents()
    worst = 0.0
    print(f"{'operation':<12} {'median ms':>10} {'max ms':>8}")
    for name, samples in times.items():
        print(f"{name:<12} {statistics.median(samples):>10.1f} {max(samples):>8.1f}")
        worst = max(worst, statistics.median(samples))
    print("all medians under 100 ms" if worst < TARGET_MS else f"over target: worst median {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
