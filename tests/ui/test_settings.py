"""Preferences: a value set again as it already is costs no write (QSettings would rewrite and sync its file)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ui.settings import Settings


def test_setting_what_is_already_stored_writes_nothing(tmp_path: Path) -> None:
    ini = tmp_path / "settings.ini"
    store = QSettings(str(ini), QSettings.Format.IniFormat)
    settings = Settings(store)
    workshop = tmp_path / "kickoff.cgw"
    settings.add_recent(workshop)
    settings.set_last_step(workshop, "goals")
    store.sync()
    written = ini.read_bytes()

    store = QSettings(str(ini), QSettings.Format.IniFormat)  # the next start reads the file afresh
    settings = Settings(store)
    writes: list[tuple[object, ...]] = []
    store.setValue = lambda *args: writes.append(args)  # type: ignore[method-assign]
    settings.add_recent(workshop)  # what every start does for the workshop it reopens
    settings.set_last_step(workshop, "goals")
    assert writes == []
    assert ini.read_bytes() == written

    settings.set_last_step(workshop, "actions")
    other = tmp_path / "other.cgw"
    settings.add_recent(other)
    assert [args[1] for args in writes] == ["actions", [str(other), str(workshop)]]
