"""Qt widgets and item models. Thin: every change goes through app/ commands via ui.document.Document."""
