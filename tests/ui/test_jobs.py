"""A background job builds its result with cyclic garbage collection paused, and puts it back as it was."""
from __future__ import annotations

import gc
import threading

from ui.jobs import Job, wait_for_jobs


def _run(qtbot, fn) -> object:
    job = Job(fn)
    with qtbot.waitSignal(job.signals.done, timeout=5000) as got:
        job.start()
    return got.args[0]  # done is sent once the pause is over


def test_collection_is_paused_while_a_job_runs_and_back_on_after(qtbot) -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        assert _run(qtbot, gc.isenabled) is False
        assert gc.isenabled()
        # Two jobs at once: collection comes back only when the last one ends.
        release = threading.Event()
        first = Job(lambda: release.wait(5))
        first.start()
        try:
            assert _run(qtbot, gc.isenabled) is False
            assert not gc.isenabled()
        finally:
            release.set()
            wait_for_jobs()
        assert gc.isenabled()
        # A job that fails still puts collection back.
        assert isinstance(_run(qtbot, lambda: 1 / 0), ZeroDivisionError)
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()


def test_a_job_leaves_collection_off_when_it_was_off(qtbot) -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        assert _run(qtbot, gc.isenabled) is False
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
