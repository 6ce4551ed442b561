"""Long work off the UI thread: a Qt-free function runs in the thread pool and reports back by signal."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


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
