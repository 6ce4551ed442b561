"""Alembic migration scripts for workshop files (run programmatically by app.migrate)."""
