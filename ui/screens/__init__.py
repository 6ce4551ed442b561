"""One module per agenda step; `app.steps` declares which steps have a screen, in agenda order."""
