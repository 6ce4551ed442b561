"""Bundled files: the demo workshop and the style sheet."""
