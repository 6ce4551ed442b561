"""GUI fixtures: a main window factory with its own settings file and backup folder."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.backups import BackupStore
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def make_window(qtbot, tmp_path: Path, data_dir: Path) -> Callable[..., MainWindow]:
    def make(**options: object) -> MainWindow:  # options: MainWindow's keywords, e.g. a fake clock
        store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(backups=BackupStore(tmp_path / "backups"), settings=Settings(store), **options)
        window.view_control.apply()
        qtbot.addWidget(window)
        window.show()
        return window
    return make


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Collects every error dialog instead of showing it: (error class name, message)."""
    seen: list[tuple[str, str]] = []
    from ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda _p, e: seen.append((type(e).__name__, e.message)))
    monkeypatch.setattr(dialogs, "ask_after_failed_save",
                        lambda _p, e, typed: seen.append((type(e).__name__, f"{e.message} | typed: {typed}")) or False)
    return seen


@pytest.fixture
def new_window(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[MainWindow, Path]]:
    """A window that has just made a new workshop through File > New (the file dialog answered by the test)."""
    from ui import dialogs

    def make(name: str = "kickoff.cgw") -> tuple[MainWindow, Path]:
        path = tmp_path / name
        monkeypatch.setattr(dialogs, "choose_new_file", lambda *_a: path)
        window = make_window()
        window.files.new_workshop()
        return window, path
    return make


@pytest.fixture(autouse=True)
def pristine_application(qapp) -> None:
    """Every test starts with the application font and style sheet of a new QApplication: a window sets the text
    size application-wide, and a later test must not depend on which window tests ran before it."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QFont

    # Widgets an earlier test left to deleteLater go now: a style sheet set while they linger half torn down
    # repolishes them too, and that crashed a CI run once (PySide6 6.11, offscreen).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    if not hasattr(qapp, "_cg_pristine_font"):
        qapp._cg_pristine_font = QFont(qapp.font())
    qapp.setStyleSheet("")
    qapp.setFont(qapp._cg_pristine_font)


@pytest.fixture(autouse=True)
def wrap_up_answers(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Closing a window with parked points still open asks first; tests answer "close anyway" and can read what
    was listed (a test that wants the other answer sets its own)."""
    from ui import dialogs

    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "ask_wrap_up", lambda _parent, points: asked.append(points) or True)
    return asked
