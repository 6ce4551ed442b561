"""Help > Keyboard Shortcuts: every menu command with its keys, the keys inside screens, and how to type dates."""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.menus import DATE_HELP, IN_SCREEN_KEYS, shortcut_table


def shortcuts_html() -> str:
    def rows(items: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
        return "".join(f"<tr><td style='padding:3px 24px 3px 0'>{html.escape(name)}</td>"
                       f"<td style='padding:3px 0'><b>{html.escape(keys)}</b></td></tr>" for name, keys in items)

    today = dt.date.today()
    example = QLocale().toString(QDate(today.year, today.month, today.day), QLocale.FormatType.ShortFormat)
    return (f"<h3>Menu commands</h3><table>{rows(shortcut_table())}</table>"
            f"<h3>In the screens</h3><table>{rows(IN_SCREEN_KEYS)}</table>"
            f"<h3>Dates</h3><p>{html.escape(DATE_HELP.format(example=example))}</p>"
            "<p>Every change is saved the moment you make it; Undo takes back any change on any step.</p>")


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setHtml(shortcuts_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = parent.screen().availableGeometry() if parent is not None else None
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 90, metrics.lineSpacing() * 34
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.9)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)
