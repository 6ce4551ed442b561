"""One check for every edit command: it changes what the screens show, undo puts it back, redo does it again."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.commands.base import Command
from app.workshop import Workshop


def assert_apply_undo_redo(ws: Workshop, command: Command, state: Callable[[Workshop], Any], name: str) -> None:
    before = state(ws)
    ws.apply(command)
    after = state(ws)
    assert after != before, f"{name} changed nothing"
    ws.revert(command)
    assert state(ws) == before, f"undo of {name} did not restore the state"
    ws.apply(command)
    assert state(ws) == after, f"redo of {name} did not do it again"
    ws.revert(command)
    assert state(ws) == before
