"""Fixed value lists the schema checks and the screens offer, importable without the ORM (the start-up path)."""

ACTION_STATUSES = ("open", "in progress", "done", "dropped")
