"""Errors the application layer reports to the user; each carries a message a facilitator can act on."""
from __future__ import annotations


class WorkshopError(Exception):
    """Base of every error the UI shows as a dialog rather than a traceback."""

    title = "Common Ground"

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotAWorkshopError(WorkshopError):
    title = "Not a Common Ground workshop"


class DamagedFileError(WorkshopError):
    title = "The workshop file is damaged"


class NewerVersionError(WorkshopError):
    title = "Made by a newer Common Ground"


class MigrationError(WorkshopError):
    title = "Could not update the workshop file"


class SaveError(WorkshopError):
    """A commit failed; nothing of the edit reached the file, and the caller still holds the value."""

    title = "Could not save"


class ReadOnlyError(WorkshopError):
    title = "Read-only"


class ValidationError(WorkshopError):
    """Input refused before any command was made."""

    title = "Check the entry"
