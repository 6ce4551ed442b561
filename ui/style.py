"""The application's look at a given text size: one font and one style sheet for every widget, menu and dialog."""
from __future__ import annotations

from pathlib import Path
from string import Template

from PySide6.QtWidgets import QApplication

STYLE = Path(__file__).resolve().parent.parent / "resources" / "style.qss"


def render(points: int) -> str:
    """The style sheet with every size derived from the body text size."""
    # Headings and the agenda grow more slowly than body text, so large text leaves room for the content. The
    # countdown is the largest type on screen (read from the back of the room) but one line, so it costs the step
    # little height.
    sizes = {"body": points, "heading": round(points * 1.6) if points < 18 else round(points * 1.25),
             "timer": round(points * 1.8) if points < 18 else round(points * 1.25),
             "detail": round(points * 1.15) if points < 18 else points, "sidebar": min(round(points * 1.1), 16)}
    return Template(STYLE.read_text(encoding="utf-8")).substitute(sizes)


def apply_text_size(points: int) -> None:
    """Set the text size everywhere at once; widgets built later follow it too."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    font.setPointSize(points)
    app.setFont(font)
    app.setStyleSheet(render(points))
