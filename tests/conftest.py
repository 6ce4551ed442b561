"""Test session setup: offscreen Qt, and a private data folder and settings so tests never touch the user's."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt: no display here, and no user files.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="cg-tests-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", str(_SESSION_DIR / "runtime"))
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_DIR / "config")
os.environ["COMMONGROUND_DATA_DIR"] = str(_SESSION_DIR / "data")
Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh app data folder for one test."""
    path = tmp_path / "data"
    monkeypatch.setenv("COMMONGROUND_DATA_DIR", str(path))
    return path
