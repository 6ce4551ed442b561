"""What this build knows of the file format, readable without importing Alembic (it is slow to import)."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

# 'CGW1': SQLite's header field that tells our files from every other SQLite database.
APPLICATION_ID = 0x43475731

# Alembic revision ids, oldest first; a test keeps this equal to the scripts in app/migrations/versions.
REVISIONS: tuple[str, ...] = ("0001_initial", "0002_indexes", "0003_action_sources", "0004_need_acknowledged_by",
                              "0005_parking_outcome", "0006_votes_dots_used_time",
                              "0007_personas_profile", "0008_roles_qualifier", "0009_meetings_rota",
                              "0010_funnel_entry_rule", "0011_commitment_comparison", "0012_signoff",
                              "0013_seal_key")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaInfo(NamedTuple):
    """The revisions a build can open; tests pass their own to prove the migration path."""

    revisions: tuple[str, ...] = REVISIONS
    script_location: Path = MIGRATIONS_DIR

    @property
    def head(self) -> str:
        return self.revisions[-1]

    @property
    def generation(self) -> int:
        """Stored in PRAGMA user_version so a newer file is recognised even without its revision id."""
        return len(self.revisions)


DEFAULT_SCHEMA = SchemaInfo()
