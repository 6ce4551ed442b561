"""Fixtures for the Qt-free tests: a new, empty workshop file (test modules that need one seeded define their own)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.opening import create_workshop
from app.workshop import Workshop


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workshop]:
    w = create_workshop(tmp_path / "kickoff.cgw")
    yield w
    w.close()
