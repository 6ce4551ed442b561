"""Long work off the UI thread: a Qt-free function runs in the thread pool and reports back by signal."""
from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

_pause_lock = threading.Lock()
_pauses = 0
_collecting_before = False


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a job builds its result: reading a large plan makes tens of thousands of
    rows, and each collection they set off walks the whole heap with the interpreter lock held, freezing the
    window for up to 115 ms (measured at 20,000 actions). The rows hold no cycles, so nothing waits to be freed."""
    global _pauses, _collecting_before
    with _pause_lock:
        if _pauses == 0:
            _collecting_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collecting_before:
                gc.enable()


class _JobSignals(QObject):
    done = Signal(object)  # the function's result, or the exception it raised
    step = Signal(int, int)  # done, total: from the worker, delivered on the UI thread


class Job(QRunnable):
    def __init__(self, fn: Callable[[], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            with _collection_paused():
                result: object = self.fn()
        except Exception as exc:  # handed to the UI thread, which reports it
            result = exc
        self.signals.done.emit(result)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)


def run_with_progress(parent: QWidget, fn: Callable[..., object], *, title: str, text: str,
                      steps: bool = False) -> object:
    """Run `fn` in the background while a progress dialog keeps the window painted; return or raise its outcome.

    With `steps`, `fn` is called with a `progress(done, total)` callback and the dialog shows how far it is."""
    job = Job(fn)
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    if steps:
        job.signals.step.connect(lambda done, total: (progress.setMaximum(max(total, 1)), progress.setValue(done)))
        job.fn = lambda: fn(job.signals.step.emit)
    loop = QEventLoop()
    outcome: list[object] = []
    job.signals.done.connect(lambda result: (outcome.append(result), loop.quit()))
    job.start()
    loop.exec()
    progress.close()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def wait_for_jobs(milliseconds: int = 5000) -> None:
    QThreadPool.globalInstance().waitForDone(milliseconds)
