"""Edit commands: every change a screen makes is one of these, applied and reverted by `Workshop`."""
from __future__ import annotations

from app.commands.base import Changes, Command

__all__ = ["Changes", "Command"]
