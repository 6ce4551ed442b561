"""A date entry that takes a whole typed date (ISO or the locale's short form) and offers a calendar on Alt+Down."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QRect, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCalendarWidget

PLACEHOLDER = "YYYY-MM-DD"
CALENDAR_TIP = "Choose a date (Alt+Down)"

# Only ASCII digits: Python's int() would happily read full-width or Arabic-Indic digits and accept "２０２６-..."
# as if it were ISO, while the field then shows something other than what the user typed.
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# The application's table and text rules are meant for data tables and forms. The calendar measures its cells
# without them: cell padding would shorten day names and numbers to "…" and a border would cut off the last week.
# A pale selection colour can hide the chosen day, and a dark text colour the month on the coloured header.
_CALENDAR_STYLE = ("QTableView::item { padding: 0px; }"
                   " QTableView { border: none; selection-background-color: palette(highlight);"
                   " selection-color: palette(highlighted-text); }"
                   " QToolButton { color: palette(highlighted-text); }")
# Some locales (ar_EG) put right-to-left marks in the short format; nobody types them.
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


_ARROW: list[QIcon] = []


def _arrow_icon() -> QIcon:
    """The calendar button's chevron, drawn once: the style's own arrow would load QStyle, ~9 ms of start-up."""
    if not _ARROW:
        pixmap = QPixmap(64, 64)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#344054"), 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPolyline([QPoint(18, 24), QPoint(32, 40), QPoint(46, 24)])
        painter.end()
        _ARROW.append(QIcon(pixmap))
    return _ARROW[0]


def _base_year() -> int:
    # Two-digit years land in the hundred years around today, so "26" is 2026 and "80" is 1980.
    return dt.date.today().year - 50


def _short_formats(locale: QLocale) -> list[str]:
    """The locale's short format, tolerant of missing leading zeros, with a two- and a four-digit year."""
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat).translate(_BIDI_MARKS)
    if "'" in fmt:
        # Quoted literal text could contain d, M or y; rewriting it would change what the format means.
        return [fmt]
    fmt = re.sub(r"(?<!d)dd(?!d)", "d", fmt)
    fmt = re.sub(r"(?<!M)MM(?!M)", "M", fmt)
    variants = [fmt, re.sub(r"(?<!y)yyyy(?!y)", "yy", fmt), re.sub(r"(?<!y)yy(?!y)", "yyyy", fmt)]
    return list(dict.fromkeys(variants))


def date_hint(locale: QLocale | None = None) -> str:
    """What to tell someone whose text was not a date: both accepted forms, as real examples."""
    locale = locale or QLocale()
    # 20 November: a day above 12 shows which of day and month comes first in the locale's form.
    sample = dt.date(dt.date.today().year, 11, 20)
    iso = sample.isoformat()
    local = locale.toString(QDate(sample.year, sample.month, sample.day), QLocale.FormatType.ShortFormat)
    return f"Type a date such as {iso}." if local == iso else f"Type a date such as {iso} or {local}."


def parse_date_text(text: str, locale: QLocale | None = None) -> dt.date | None:
    """The date the whole text names, None for empty text; ValidationError when it is not a date."""
    text = text.strip()
    if not text:
        return None
    locale = locale or QLocale()
    iso = _ISO.fullmatch(text)
    if iso:
        try:
            return dt.date(*(int(part) for part in iso.groups()))
        except ValueError:  # shaped like ISO but no such day, e.g. 2026-02-30
            raise ValidationError(date_hint(locale)) from None
    base = _base_year()
    found = locale.toDate(text, QLocale.FormatType.ShortFormat, base)
    for fmt in _short_formats(locale):
        if found.isValid():
            break
        found = locale.toDate(text, fmt, base)
    if found.isValid():
        try:
            return dt.date(found.year(), found.month(), found.day())
        except ValueError:  # QDate allows years Python's date does not
            pass
    raise ValidationError(date_hint(locale))


def _iso(value: dt.date | None) -> str:
    return "" if value is None else dt.date(value.year, value.month, value.day).isoformat()


def _bare_modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    # The keypad's arrow keys carry KeypadModifier; Alt+Down there is the same request.
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def _opens_calendar(event: QKeyEvent) -> bool:
    mods = _bare_modifiers(event)
    return ((event.key() == Qt.Key.Key_F4 and mods == Qt.KeyboardModifier.NoModifier)
            or (event.key() == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier))


def _closes_calendar(event: QKeyEvent) -> bool:
    # The keys that open it also close it, as in a combo box.
    return (event.key() == Qt.Key.Key_Escape or _opens_calendar(event)
            or (event.key() == Qt.Key.Key_Up and _bare_modifiers(event) == Qt.KeyboardModifier.AltModifier))


def _is_undo_redo(event: QKeyEvent) -> bool:
    combo = event.keyCombination().toCombined()
    return (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
            or combo in (QKeySequence("Ctrl+Shift+Z")[0].toCombined(), QKeySequence("Ctrl+Y")[0].toCombined()))


class _CalendarPopup(QFrame):
    """The drop-down window. Its parent is the field, so an item delegate watching the field's focus sees focus
    inside the popup as still inside its editor and does not close the editor while the calendar is open."""

    def __init__(self, field: QWidget) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        from PySide6.QtWidgets import QCalendarWidget  # its class and enums load when a calendar first opens

        self.calendar = QCalendarWidget(self)
        self.calendar.setStyleSheet(_CALENDAR_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Key events stop at a window, so the keys the calendar leaves alone never reach the field: close here.
        if _closes_calendar(event):
            self.hide()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A click on the field (or its calendar button) only closes the popup; replaying it would reopen it.
        field = self.parentWidget()
        on_field = field is not None and field.rect().contains(field.mapFromGlobal(event.globalPosition().toPoint()))
        self.setAttribute(Qt.WidgetAttribute.WA_NoMouseReplay, on_field)
        super().mousePressEvent(event)


class DateField(QLineEdit):
    """Shows a date as yyyy-MM-dd; the user types a whole date or picks one from a calendar (Alt+Down, F4).

    `committed(date | None)` is emitted when the user finishes (Enter, leaving the field, a day picked in the
    calendar) with a date different from value(); value() already holds it, and the receiver may set_value() the
    old one back if saving fails. `refused(message)` is emitted instead when the text is not a date: the text
    stays exactly as typed and the field is marked `invalid` (style it with QLineEdit[invalid="true"])."""

    committed = Signal(object)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: dt.date | None = None
        self._invalid = False
        self._own_tooltip = ""
        self.setPlaceholderText(PLACEHOLDER)
        self.calendar_action = self.addAction(_arrow_icon(), QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setText("Choose a date")
        self.calendar_action.setToolTip(CALENDAR_TIP)
        self.calendar_action.triggered.connect(self.open_calendar)
        self._popup: _CalendarPopup | None = None

    @property
    def popup(self) -> _CalendarPopup:
        # Built on first use: a calendar is some thirty widgets, and a screen full of date cells opens faster.
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.calendar.clicked.connect(self._pick)
            self._popup.calendar.activated.connect(self._pick)
        return self._popup

    @property
    def calendar(self) -> QCalendarWidget:
        return self.popup.calendar

    # -- API -------------------------------------------------------------------------------------------

    def value(self) -> dt.date | None:
        """The last accepted date; it lags the text while the user is typing (see text_value)."""
        return self._value

    def set_value(self, value: dt.date | None) -> None:
        """Show a date from the data, without any signal, dropping a pending invalid mark."""
        self._value = value
        with QSignalBlocker(self):
            self.setText(_iso(value))
        self._clear_mark()

    def text_value(self) -> dt.date | None:
        """The date the text names right now, typed or not yet committed; raises ValidationError.

        An item delegate should read this in setModelData: it is called on focus-out before the field itself
        has seen the focus-out, so value() may not hold the typed date yet."""
        return parse_date_text(self.text(), self.locale())

    def is_valid(self) -> bool:
        """True when the text as it stands is a date or empty, i.e. text_value() would not raise."""
        try:
            self.text_value()
        except ValidationError:
            return False
        return True

    def open_calendar(self) -> None:
        """Drop the calendar down under the field, on the field's date or today."""
        if (self._popup is not None and self._popup.isVisible()) or not self.isEnabled() or self.isReadOnly():
            return
        try:
            shown = self.text_value()
        except ValidationError:
            shown = self._value
        day = shown or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self._fit_popup()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        self.popup.show()

    # -- events ----------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if _opens_calendar(event) and not self.isReadOnly():
                # Claim the key before a window shortcut (or a table's) can take it.
                event.accept()
                return True
            if _is_undo_redo(event):
                # Leave Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y to Edit > Undo/Redo: the line edit's private undo
                # would fork the history.
                event.ignore()
                return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _opens_calendar(event) and not self.isReadOnly():
            self.open_calendar()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._finish():
                # returnPressed and editingFinished see the new value(); Enter goes on to a dialog's default button.
                super().keyPressEvent(event)
            else:
                event.accept()  # a refused date must not press OK
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if not self._focus_went_to_own_popup(event):
            self._finish()
        super().focusOutEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ReadOnlyChange:
            self.calendar_action.setVisible(not self.isReadOnly())
        super().changeEvent(event)

    # -- internals -------------------------------------------------------------------------------------

    def _focus_went_to_own_popup(self, event: QFocusEvent) -> bool:
        # Our calendar or the line edit's context menu: the user is still editing this field.
        popup = QApplication.activePopupWidget()
        return (event.reason() == Qt.FocusReason.PopupFocusReason and popup is not None
                and (popup is self._popup or popup.parentWidget() is self))

    def _finish(self) -> bool:
        """Commit the text if it is a new date; refuse it, keeping it as typed, if it is not a date."""
        try:
            new = self.text_value()
        except ValidationError as error:
            self._mark_invalid(error.message)
            self.refused.emit(error.message)
            return False
        self._clear_mark()
        shown = _iso(new)
        if self.text() != shown:
            with QSignalBlocker(self):
                self.setText(shown)
        if new != self._value:
            self._value = new
            self.committed.emit(new)
        return True

    def _mark_invalid(self, message: str) -> None:
        if not self._invalid:
            self._own_tooltip = self.toolTip()
        self._invalid = True
        self.setToolTip(message)
        self._restyle(True)

    def _clear_mark(self) -> None:
        if not self._invalid:
            return
        self._invalid = False
        self.setToolTip(self._own_tooltip)
        self._restyle(False)

    def _restyle(self, invalid: bool) -> None:
        self.setProperty("invalid", invalid)
        # A style sheet reads dynamic properties only when the widget is polished.
        self.style().unpolish(self)
        self.style().polish(self)
        self.update()

    def _pick(self, date: QDate) -> None:
        self.popup.hide()
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.setText(_iso(dt.date(date.year(), date.month(), date.day())))
        self._finish()

    def _fit_popup(self) -> None:
        # A popup is a window, and windows do not inherit their parent's font, direction or locale: without this
        # the calendar keeps the application's default font while the screen is zoomed to 28 pt. Under a style
        # sheet a font set on a parent does not reach its children either, so every part gets it.
        for widget in (self.popup, *self.popup.findChildren(QWidget)):
            font = QFont(self.font())
            font.setWeight(widget.font().weight())  # the calendar's month and year stay bold
            widget.setFont(font)
        self.popup.setLayoutDirection(self.layoutDirection())
        self.popup.setLocale(self.locale())
        self.popup.ensurePolished()
        # The calendar's size hint is measured from that font (day numbers, the longest month name). The layout
        # keeps the popup from being smaller than it, but also holds on to the minimum of the last opening, so it
        # is worked out afresh for a font that has shrunk since.
        layout = self.popup.layout()
        layout.invalidate()
        layout.activate()
        size = self.popup.sizeHint()
        # setGeometry places the calendar itself; move() would place a window frame, where a platform adds one.
        self.popup.setGeometry(QRect(self._popup_position(size), size))

    def _popup_position(self, size: QSize) -> QPoint:
        top_left = self.mapToGlobal(QPoint(0, 0))
        x = top_left.x() if self.isLeftToRight() else top_left.x() + self.width() - size.width()
        y = top_left.y() + self.height()
        screen = self.screen().availableGeometry()
        if y + size.height() > screen.bottom() + 1 and top_left.y() - size.height() >= screen.top():
            y = top_left.y() - size.height()  # no room below: open upwards
        x = max(screen.left(), min(x, screen.right() + 1 - size.width()))
        return QPoint(x, y)
