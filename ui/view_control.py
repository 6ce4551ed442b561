"""View menu: the text size (Larger, Smaller, Actual Size, Projector Text) and full screen.

This is where presentation mode and the audience window belong when they come: they change how the room sees
the workshop, not what it holds.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from ui.settings import DEFAULT_TEXT, PROJECTOR_TEXT, TEXT_SIZES, Settings
from ui.style import apply_text_size


class ViewControl(QObject):
    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.points = settings.text_size()
        self._before_projector = DEFAULT_TEXT

    def handlers(self) -> dict[str, Callable[[], None]]:
        return {"zoom_in": lambda: self.step_text(1), "zoom_out": lambda: self.step_text(-1),
                "zoom_reset": lambda: self.set_text_size(DEFAULT_TEXT), "projector": self.toggle_projector,
                "full_screen": self.toggle_full_screen}

    def apply(self) -> None:
        apply_text_size(self.points)

    def step_text(self, direction: int) -> None:
        sizes = list(TEXT_SIZES)
        at = sizes.index(self.points) if self.points in sizes else sizes.index(DEFAULT_TEXT)
        self.set_text_size(sizes[max(0, min(len(sizes) - 1, at + direction))])

    def toggle_projector(self) -> None:
        """Jump to text readable from the back of a room; again to go back to the size before."""
        if self.points >= PROJECTOR_TEXT:
            self.set_text_size(self._before_projector if self._before_projector < PROJECTOR_TEXT else DEFAULT_TEXT)
        else:
            self._before_projector = self.points
            self.set_text_size(PROJECTOR_TEXT)

    def set_text_size(self, points: int) -> None:
        if points == self.points:
            return
        self.points = points
        self.settings.set_text_size(points)
        apply_text_size(points)
        self.window.statusBar().showMessage(f"Text size {points} pt", 3000)

    def toggle_full_screen(self) -> None:
        self.window.showNormal() if self.window.isFullScreen() else self.window.showFullScreen()
