"""Workshops for the spreadsheet tests: a copy of the demo (every sheet has rows) and a small plan built by commands."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.backups import BackupStore
from app.commands import actions, setup
from app.opening import create_workshop, open_workshop
from app.paths import DEMO_RESOURCE
from app.workshop import Workshop


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Workshop]:
    path = tmp_path / "demo.cgw"
    shutil.copyfile(DEMO_RESOURCE, path)
    w = open_workshop(path, backups=BackupStore(tmp_path / "backups"))
    yield w
    w.close()


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[Workshop]:
    """Two people, one on each side, and three actions."""
    w = create_workshop(tmp_path / "plan.cgw")
    w.apply(setup.add_participant(name="Dana Whitfield", department="Sales"))
    w.apply(setup.add_participant(name="Марина Оксенко", department="Marketing"))
    w.apply(actions.add_action(title="Define MQL", owner_id=1, team_id=1, due_on="2027-01-15"))
    w.apply(actions.add_action(title="Lead feedback field", owner_id=2, team_id=2, due_on="2027-02-01",
                               status="in progress", notes="Ask the CRM admin"))
    w.apply(actions.add_action(title="Weekly pipeline review"))
    yield w
    w.close()
