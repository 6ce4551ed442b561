"""After the first paint: garbage collection comes back on, then the ORM loads a step per turn of the event loop."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QWidget

import models
from app.gui import _FirstPaint


def test_after_the_first_paint_gc_returns_and_the_orm_loads_step_by_step(qtbot, monkeypatch) -> None:
    ran: list[int] = []
    monkeypatch.setattr(models, "warm_up_steps", lambda: [lambda i=i: ran.append(i) for i in range(3)])
    was = gc.isenabled()
    gc.disable()
    try:
        window = QWidget()
        qtbot.addWidget(window)
        first = _FirstPaint(window, report=False)
        window.installEventFilter(first)
        assert ran == [] and not gc.isenabled()
        window.show()
        qtbot.waitUntil(lambda: ran == [0, 1, 2], timeout=3000)
        assert gc.isenabled()
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def test_the_warm_up_steps_load_every_mapped_class() -> None:
    code = ("import sys, models\n"
            "assert 'sqlalchemy.orm' not in sys.modules\n"
            "for step in models.warm_up_steps(): step()\n"
            "mappers = models.Base.registry.mappers\n"
            "print(sorted(models._MODULES) == sorted(m for m in sys.modules if m in models._MODULES),"
            " len(mappers) > 30 and all(m.configured for m in mappers))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                         capture_output=True, text=True, check=False, timeout=120)
    assert out.stdout.strip() == "True True", out.stderr
