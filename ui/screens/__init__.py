"""One module per agenda step. `ui.main_window.STEPS` lists the ones that work, in agenda order."""
