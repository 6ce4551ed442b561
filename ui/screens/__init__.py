"""One module per agenda step. `SCREENS` lists the steps that work, in agenda order."""
