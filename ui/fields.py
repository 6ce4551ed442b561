"""A line edit that saves as you type: after a short pause and when you leave it, as one undo step."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget

PAUSE_MS = 700


class CommitLineEdit(QLineEdit):
    """`commit(text, merge_key)` runs after a typing pause and on Enter/focus-out; it returns False when the edit
    was refused, and the text stays as typed so nothing is lost."""

    def __init__(self, commit: Callable[[str, object], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self._saved = ""
        self._burst = object()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._flush)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.editingFinished.connect(self._finish)

    def event(self, event: QEvent) -> bool:
        # Leave Ctrl+Z / Ctrl+Shift+Z to Edit > Undo/Redo: what this field typed is already an undoable edit,
        # and the line edit's private undo would fork the history.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
                or event.keyCombination().toCombined() == QKeySequence("Ctrl+Shift+Z")[0].toCombined()):
            event.ignore()
            return False
        return super().event(event)

    def show_value(self, text: str) -> None:
        """Show what the file holds, unless the user is in the middle of changing it."""
        self._saved = text
        if self.text() != text and not self._timer.isActive():
            with QSignalBlocker(self):
                self.setText(text)

    def _flush(self) -> None:
        self._timer.stop()
        if self.text() != self._saved and self._commit(self.text(), self._burst):
            self._saved = self.text()

    def _finish(self) -> None:
        self._flush()
        self._burst = object()  # the next typing burst is a separate undo step


def _is_undo_key(event: QKeyEvent) -> bool:
    combo = event.keyCombination().toCombined()
    return any(combo == QKeySequence(k)[0].toCombined() for k in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"))


class UndoKeysToWindow(QObject):
    """Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y in any text field go to Edit > Undo / Redo.

    A text field would otherwise claim them for its private undo, so in an add form (whose text is not saved
    yet) Undo would do nothing on Linux and Windows. The filter follows the focus instead of watching every
    event of the application: a Python filter on the whole application costs about 7% of start-up alone."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, app.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Shortcut overrides go to the focus widget; installing twice keeps one filter.
        if isinstance(new, QLineEdit | QAbstractSpinBox | QComboBox):
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and _is_undo_key(event) and _takes_undo(watched)):
            event.ignore()
            return True
        return False


def _takes_undo(widget: QObject) -> bool:
    # An editable combo box hands the key to its line edit itself, so it is caught at the combo box.
    return isinstance(widget, QLineEdit | QAbstractSpinBox) or (isinstance(widget, QComboBox) and widget.isEditable())


class CommitTextEdit(QPlainTextEdit):
    """Several lines of text saved as you type, like CommitLineEdit: after a pause and on leaving the field.
    Tab moves to the next field (a card is filled in with the keyboard), Ctrl+Z goes to Edit > Undo."""

    def __init__(self, commit: Callable[[str, object], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self._saved = ""
        self._burst = object()
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._flush)
        self.textChanged.connect(self._typed)
        self._showing = False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _is_undo_key(event):
            event.ignore()
            return False
        return super().event(event)

    def _typed(self) -> None:
        if not self._showing:
            self._timer.start()

    def show_value(self, text: str) -> None:
        self._saved = text
        if self.toPlainText() != text and not self._timer.isActive():
            self._showing = True
            try:
                self.setPlainText(text)
            finally:
                self._showing = False

    def _flush(self) -> None:
        self._timer.stop()
        text = self.toPlainText()
        if text != self._saved and self._commit(text, self._burst):
            self._saved = text

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._flush()
        self._burst = object()
