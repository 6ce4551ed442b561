"""Where Common Ground keeps its own files: the data folder, backups and the user's copy of the demo."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from platformdirs import user_data_path

DEMO_RESOURCE = Path(__file__).resolve().parent.parent / "resources" / "demo.cgw"
DEMO_NAME = "Demo kickoff — Northwind Analytics.cgw"


def data_dir() -> Path:
    """The app's data folder; COMMONGROUND_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("COMMONGROUND_DATA_DIR")
    path = Path(override) if override else user_data_path("Common Ground", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backups_dir() -> Path:
    return data_dir() / "backups"


def workshops_dir() -> Path:
    path = data_dir() / "workshops"
    path.mkdir(parents=True, exist_ok=True)
    return path


def demo_copy() -> Path:
    """The user's own copy of the demo workshop, made on first use; the shipped file is never opened for writing."""
    target = workshops_dir() / DEMO_NAME
    if not target.exists():
        from app.scratch import scratch_path

        tmp = scratch_path(target, "part")
        shutil.copyfile(DEMO_RESOURCE, tmp)
        os.replace(tmp, target)
    return target
