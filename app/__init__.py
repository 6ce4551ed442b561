"""The application layer: opening and migrating workshops, edit commands, backups and the entry points."""
