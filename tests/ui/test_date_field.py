"""The date field as a user meets it: type whole dates, get told why a date was refused, pick from a calendar."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QDate, QLocale, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QFont, QInputMethodEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from ui.date_field import DateField, parse_date_text

# The offscreen platform cannot grab the keyboard or raise a window for a popup, and says so on every popup.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SHORT = QLocale.FormatType.ShortFormat
THIS_YEAR = dt.date.today().year
US_HINT = f"Type a date such as {THIS_YEAR}-11-20 or 11/20/{THIS_YEAR % 100:02d}."
RED = QColor(255, 0, 0)
# What the application's style sheet says about data tables, exaggerated.
TABLE_STYLE = ("QTableView { border: 3px solid #d0d5dd; selection-background-color: #cfe0f5; }"
               " QTableView::item { padding: 4px 12px; }")


@pytest.fixture(autouse=True)
def us_locale() -> Iterator[None]:
    """A known locale whatever the machine's, so the short form and the messages are predictable."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@dataclass
class Form:
    window: QWidget
    field: DateField
    other: QLineEdit
    committed: list[dt.date | None] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture
def form(qtbot) -> Form:
    """A window with the date field, focused, and a second field after it in the tab order."""
    window = QWidget()
    layout = QVBoxLayout(window)
    date_field = DateField()
    other = QLineEdit()
    layout.addWidget(date_field)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    date_field.setFocus()
    qtbot.waitUntil(date_field.hasFocus)
    result = Form(window, date_field, other)
    date_field.committed.connect(result.committed.append)
    date_field.refused.connect(result.refused.append)
    return result


def select_all_and_type(qtbot, widget: QLineEdit, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def popup_key(qtbot, key: Qt.Key) -> None:
    """A key pressed while the calendar is open goes to whatever has the focus in it."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def day_cell(field_: DateField, day: int) -> QPoint:
    """Where the given day of the shown month is drawn (days 15-21 appear only once in a month's grid)."""
    grid = field_.calendar.findChild(QTableView)
    model = grid.model()
    for row in range(1, model.rowCount()):  # row 0 holds the day names, column 0 the week numbers
        for col in range(1, model.columnCount()):
            if model.index(row, col).data() == day:
                return grid.visualRect(model.index(row, col)).center()
    raise AssertionError(f"day {day} is not in the grid")


def set_point_size(widget: QWidget, points: int) -> None:
    font = QFont(widget.font())
    font.setPointSize(points)
    widget.setFont(font)


def pixel(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


# -- parsing -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale_name", "text", "expected"), [
    ("en_US", "2026-11-20", dt.date(2026, 11, 20)),
    ("en_US", "  2026-11-20\t", dt.date(2026, 11, 20)),
    ("en_US", "11/20/26", dt.date(2026, 11, 20)),
    ("en_US", "11/20/2026", dt.date(2026, 11, 20)),
    ("en_US", "1/5/26", dt.date(2026, 1, 5)),
    ("en_GB", "20/11/2026", dt.date(2026, 11, 20)),
    ("en_GB", "20/11/26", dt.date(2026, 11, 20)),
    ("en_GB", "5/1/26", dt.date(2026, 1, 5)),
    ("de_DE", "20.11.26", dt.date(2026, 11, 20)),
    ("de_DE", "20.11.2026", dt.date(2026, 11, 20)),
    ("de_DE", "1.2.26", dt.date(2026, 2, 1)),
    ("de_DE", "2026-02-01", dt.date(2026, 2, 1)),
    ("sv_SE", "2026-11-20", dt.date(2026, 11, 20)),
])
def test_whole_dates_in_iso_or_the_locale_short_form_are_read(locale_name: str, text: str,
                                                              expected: dt.date) -> None:
    assert parse_date_text(text, QLocale(locale_name)) == expected


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_text_means_no_date(text: str) -> None:
    assert parse_date_text(text) is None


@pytest.mark.parametrize("text", [
    "<b>&=", "２０２６", "２０２６-１１-２０", "١١/٢٠/٢٦", "2026-02-30", "2026-13-01", "2026-11", "11/20/26x",
    "20.11.2026", "tomorrow", "11/20", "2026-11-20 10:00", "99999-01-01",
])
def test_anything_else_is_refused_with_both_forms_as_examples(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_date_text(text)
    assert raised.value.message == US_HINT


def test_the_hint_gives_one_example_when_the_locale_short_form_is_iso() -> None:
    with pytest.raises(ValidationError) as raised:
        parse_date_text("soon", QLocale("sv_SE"))
    assert raised.value.message == f"Type a date such as {THIS_YEAR}-11-20."


# -- typing ------------------------------------------------------------------------------------------------


def test_a_new_field_is_empty_and_asks_for_an_iso_date(form: Form) -> None:
    assert form.field.text() == ""
    assert form.field.placeholderText() == "YYYY-MM-DD"
    assert form.field.value() is None


def test_typing_an_iso_date_into_an_empty_field_commits_it_on_enter(qtbot, form: Form) -> None:
    qtbot.keyClicks(form.field, "2026-12-15")
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.committed == [dt.date(2026, 12, 15)]
    assert form.field.value() == dt.date(2026, 12, 15)
    assert form.field.text() == "2026-12-15"
    assert form.refused == []


def test_typing_over_a_set_date_commits_exactly_the_typed_date(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2025, 3, 7))
    select_all_and_type(qtbot, form.field, "2026-11-20")
    qtbot.keyClick(form.field, Qt.Key.Key_Enter)
    assert form.committed == [dt.date(2026, 11, 20)]
    assert form.field.text() == "2026-11-20"


@pytest.mark.parametrize("four_digit_year", [False, True])
def test_the_locale_short_form_is_accepted_and_shown_as_iso(qtbot, form: Form, four_digit_year: bool) -> None:
    typed = QLocale().toString(QDate(2026, 11, 20), SHORT)
    if four_digit_year:
        typed = QLocale().toString(QDate(2026, 11, 20), QLocale().dateFormat(SHORT).replace("yy", "yyyy"))
    assert typed == ("11/20/2026" if four_digit_year else "11/20/26")
    qtbot.keyClicks(form.field, typed)
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.committed == [dt.date(2026, 11, 20)]
    assert form.field.text() == "2026-11-20"


def test_the_field_reads_its_own_locale(qtbot, form: Form) -> None:
    form.field.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    qtbot.keyClicks(form.field, QLocale("de_DE").toString(QDate(2026, 11, 20), SHORT))
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.committed == [dt.date(2026, 11, 20)]


def test_leaving_the_field_commits_the_typed_date(qtbot, form: Form) -> None:
    qtbot.keyClicks(form.field, "2026-12-15")
    qtbot.keyClick(form.field, Qt.Key.Key_Tab)
    assert form.other.hasFocus()
    assert form.committed == [dt.date(2026, 12, 15)]


def test_clearing_the_text_commits_no_date(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2026, 5, 1))
    qtbot.keyClick(form.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.field, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.committed == [None]
    assert form.field.value() is None
    assert form.field.text() == ""


def test_enter_on_an_unchanged_date_commits_nothing(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2026, 5, 1))
    select_all_and_type(qtbot, form.field, "5/1/26")  # the same day, typed another way
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.committed == []
    assert form.field.text() == "2026-05-01"


def test_set_value_shows_the_date_without_a_signal(form: Form) -> None:
    form.field.set_value(dt.date(2026, 1, 31))
    assert form.field.text() == "2026-01-31"
    assert form.field.value() == dt.date(2026, 1, 31)
    form.field.set_value(None)
    assert form.field.text() == ""
    assert form.committed == [] and form.refused == []


# -- refusing ----------------------------------------------------------------------------------------------


def test_a_non_date_on_enter_is_refused_kept_as_typed_and_marked(qtbot, form: Form) -> None:
    form.window.setStyleSheet('QLineEdit[invalid="true"] { background: rgb(255, 0, 0); }')
    form.field.set_value(dt.date(2026, 5, 1))
    assert pixel(form.field, form.field.width() // 2, 3) != RED
    select_all_and_type(qtbot, form.field, "2026-13-01")
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.refused == [US_HINT]
    assert form.committed == []
    assert form.field.text() == "2026-13-01"
    assert form.field.value() == dt.date(2026, 5, 1)
    assert form.field.property("invalid") is True
    assert form.field.toolTip() == US_HINT
    assert form.field.is_valid() is False
    assert pixel(form.field, form.field.width() // 2, 3) == RED  # the style sheet rule took effect

    select_all_and_type(qtbot, form.field, "2026-12-01")
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.committed == [dt.date(2026, 12, 1)]
    assert form.field.is_valid() is True
    assert form.field.property("invalid") is False
    assert form.field.toolTip() == ""
    assert pixel(form.field, form.field.width() // 2, 3) != RED


def test_set_value_clears_the_invalid_mark(qtbot, form: Form) -> None:
    qtbot.keyClicks(form.field, "nope")
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.field.property("invalid") is True
    form.field.set_value(dt.date(2026, 2, 2))
    assert form.field.property("invalid") is False
    assert form.field.toolTip() == ""


def type_through_input_method(widget: QWidget, text: str) -> None:
    """How full-width digits arrive from a Japanese or Chinese input method (QTest types Latin-1 only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("garbage", ["<b>&=", "２０２６", "２０２６-１１-２０"])
def test_garbage_is_refused_not_a_crash(qtbot, form: Form, garbage: str) -> None:
    if garbage.isascii():
        qtbot.keyClicks(form.field, garbage)
    else:
        type_through_input_method(form.field, garbage)
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert form.refused == [US_HINT]
    assert form.field.text() == garbage
    assert form.committed == []


def test_tab_leaves_a_field_with_a_refused_date(qtbot, form: Form) -> None:
    qtbot.keyClicks(form.field, "31/31/31")
    qtbot.keyClick(form.field, Qt.Key.Key_Tab)
    assert form.other.hasFocus()
    assert form.refused == [US_HINT]
    assert form.field.text() == "31/31/31"
    assert form.field.property("invalid") is True


def test_a_refused_date_does_not_press_the_dialogs_default_button(qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    date_field = DateField(dialog)
    ok = QPushButton("OK", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(date_field)
    layout.addWidget(ok)
    dialog.show()
    date_field.setFocus()
    qtbot.keyClicks(date_field, "2026-11-31")
    qtbot.keyClick(date_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    select_all_and_type(qtbot, date_field, "2026-11-30")
    qtbot.keyClick(date_field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


# -- shortcuts ---------------------------------------------------------------------------------------------


def test_undo_and_redo_keys_reach_the_window_not_the_fields_own_undo(qtbot, form: Form) -> None:
    undo = QAction("Undo", form.window)
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = QAction("Redo", form.window)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    form.window.addActions([undo, redo])
    undone: list[bool] = []
    redone: list[bool] = []
    undo.triggered.connect(lambda: undone.append(True))
    redo.triggered.connect(lambda: redone.append(True))
    qtbot.keyClicks(form.field, "2026")
    qtbot.keyClick(form.field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(form.field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(form.field, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(undone) == 1 and len(redone) == 2
    assert form.field.text() == "2026"


def test_the_calendar_keys_open_the_calendar_even_when_the_window_has_them_as_shortcuts(qtbot, form: Form) -> None:
    other_use = QAction("Something else", form.window)
    other_use.setShortcuts([QKeySequence("F4"), QKeySequence("Alt+Down")])
    form.window.addAction(other_use)
    fired: list[bool] = []
    other_use.triggered.connect(lambda: fired.append(True))
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    assert form.field.popup.isVisible()
    popup_key(qtbot, Qt.Key.Key_Escape)
    qtbot.keyClick(form.field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert form.field.popup.isVisible()
    assert fired == []


# -- calendar ----------------------------------------------------------------------------------------------


def test_the_calendar_button_says_how_to_open_it_from_the_keyboard(qtbot, form: Form) -> None:
    assert form.field.calendar_action.toolTip() == "Choose a date (Alt+Down)"
    button = next(b for b in form.field.findChildren(QToolButton) if b.defaultAction() is form.field.calendar_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert form.field.popup.isVisible()


def test_alt_down_opens_the_calendar_under_an_empty_field_on_today(qtbot, form: Form) -> None:
    qtbot.keyClick(form.field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup, calendar = form.field.popup, form.field.calendar
    assert popup.isVisible()
    assert popup.windowType() == Qt.WindowType.Popup
    today = QDate.currentDate()
    assert calendar.selectedDate() == today
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    assert popup.geometry().topLeft() == form.field.mapToGlobal(QPoint(0, form.field.height()))
    assert calendar.isAncestorOf(QApplication.focusWidget())  # arrows and Enter work at once
    assert form.committed == [] and form.refused == []  # opening the calendar is not leaving the field


def test_f4_opens_the_calendar_on_the_fields_date(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2024, 2, 29))
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    calendar = form.field.calendar
    assert form.field.popup.isVisible()
    assert calendar.selectedDate() == QDate(2024, 2, 29)
    assert (calendar.yearShown(), calendar.monthShown()) == (2024, 2)


def test_the_calendar_opens_on_a_typed_but_not_yet_committed_date(qtbot, form: Form) -> None:
    qtbot.keyClicks(form.field, "2031-07-04")
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    assert form.field.calendar.selectedDate() == QDate(2031, 7, 4)
    assert form.committed == []  # opening the calendar is not finishing the edit


def test_opening_the_calendar_over_unfinished_text_does_not_refuse_it(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2026, 4, 1))
    select_all_and_type(qtbot, form.field, "2026-04-")
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    assert form.field.calendar.selectedDate() == QDate(2026, 4, 1)
    assert form.refused == []
    assert form.field.property("invalid") is not True


def test_clicking_a_day_picks_it(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2026, 12, 15))
    form.field.open_calendar()
    grid = form.field.calendar.findChild(QTableView)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=day_cell(form.field, 17))
    assert not form.field.popup.isVisible()
    assert form.committed == [dt.date(2026, 12, 17)]
    assert form.field.text() == "2026-12-17"
    assert QApplication.focusWidget() is form.field


def test_enter_in_the_calendar_picks_the_selected_day(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2026, 12, 15))
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    popup_key(qtbot, Qt.Key.Key_Right)
    popup_key(qtbot, Qt.Key.Key_Down)  # a week later
    popup_key(qtbot, Qt.Key.Key_Return)
    assert not form.field.popup.isVisible()
    assert form.committed == [dt.date(2026, 12, 23)]
    assert form.field.text() == "2026-12-23"


def test_picking_a_date_clears_a_refused_one(qtbot, form: Form) -> None:
    qtbot.keyClicks(form.field, "someday")
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    popup_key(qtbot, Qt.Key.Key_Return)
    assert form.committed == [dt.date.today()]
    assert form.field.property("invalid") is False


def test_escape_closes_the_calendar_without_a_change(qtbot, form: Form) -> None:
    form.field.set_value(dt.date(2026, 12, 15))
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    popup_key(qtbot, Qt.Key.Key_Right)
    popup_key(qtbot, Qt.Key.Key_Escape)
    assert not form.field.popup.isVisible()
    assert form.field.text() == "2026-12-15"
    assert form.field.value() == dt.date(2026, 12, 15)
    assert form.committed == []
    assert QApplication.focusWidget() is form.field


@pytest.mark.parametrize(("key", "modifier"), [(Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier),
                                               (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)])
def test_the_opening_keys_close_the_calendar_again_without_a_change(qtbot, form: Form, key: Qt.Key,
                                                                    modifier: Qt.KeyboardModifier) -> None:
    form.field.set_value(dt.date(2026, 12, 15))
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    popup_key(qtbot, Qt.Key.Key_Right)
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused, key, modifier)
    assert not form.field.popup.isVisible()
    assert form.field.value() == dt.date(2026, 12, 15)
    assert form.field.text() == "2026-12-15"
    assert form.committed == []


def test_the_calendar_follows_the_fields_locale_and_direction(qtbot, form: Form) -> None:
    form.window.resize(500, form.window.height())
    form.field.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    form.field.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    calendar = form.field.calendar
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert calendar.findChild(QTableView).model().index(0, 1).data() == "Mo."
    assert calendar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    field_right = form.field.mapToGlobal(QPoint(form.field.width(), 0)).x()
    assert form.field.popup.geometry().right() + 1 == field_right  # drops down under the field's start edge


def test_a_read_only_field_offers_no_calendar_and_leaves_its_keys_to_the_window(qtbot, form: Form) -> None:
    window_action = QAction("Something else", form.window)
    window_action.setShortcut(QKeySequence("F4"))
    form.window.addAction(window_action)
    fired: list[bool] = []
    window_action.triggered.connect(lambda: fired.append(True))
    form.field.setReadOnly(True)
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    assert not form.field.popup.isVisible()
    assert not form.field.calendar_action.isVisible()
    assert fired == [True]


def test_listeners_to_return_pressed_see_the_new_value(qtbot, form: Form) -> None:
    seen: list[dt.date | None] = []
    form.field.returnPressed.connect(lambda: seen.append(form.field.value()))
    qtbot.keyClicks(form.field, "2026-12-15")
    qtbot.keyClick(form.field, Qt.Key.Key_Return)
    assert seen == [dt.date(2026, 12, 15)]


@pytest.mark.parametrize("styled", [False, True], ids=["plain", "style-sheet"])
@pytest.mark.parametrize("points", [13, 28])
def test_the_calendar_is_readable_at_the_windows_font_size(qtbot, form: Form, points: int, styled: bool) -> None:
    if styled:  # the application sets its text size in the style sheet, for every widget
        form.window.setStyleSheet(f"* {{ font-size: {points}pt; }} {TABLE_STYLE}")
    else:  # a window's font, which a popup window does not inherit
        set_point_size(form.window, points)
    form.field.set_value(dt.date(2026, 9, 30))
    qtbot.keyClick(form.field, Qt.Key.Key_F4)
    popup, calendar = form.field.popup, form.field.calendar
    assert form.field.font().pointSize() == points
    assert calendar.font().pointSize() == points
    assert popup.width() >= calendar.sizeHint().width()
    assert popup.height() >= calendar.sizeHint().height()

    grid = calendar.findChild(QTableView)
    metrics = grid.fontMetrics()
    margin = 2 * (grid.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    for col in range(grid.model().columnCount()):
        assert grid.columnWidth(col) >= metrics.horizontalAdvance("30") + margin  # no "…" for a day number
    for row in range(grid.model().rowCount()):
        assert grid.rowHeight(row) >= metrics.height()
    assert sum(grid.rowHeight(row) for row in range(grid.model().rowCount())) <= grid.viewport().height()

    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    year = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    for number in range(1, 13):
        calendar.setCurrentPage(2026, number)
        qtbot.waitUntil(lambda: month.width() >= month.sizeHint().width())
        assert year.width() >= year.sizeHint().width()


def test_the_calendar_shrinks_again_with_the_text_size(qtbot, form: Form) -> None:
    set_point_size(form.window, 28)
    form.field.open_calendar()
    large = form.field.popup.size()
    form.field.popup.hide()
    set_point_size(form.window, 13)
    form.field.open_calendar()
    assert form.field.popup.size() == form.field.popup.sizeHint()
    assert form.field.popup.width() < large.width()


def test_the_applications_table_style_does_not_crowd_the_calendar(qtbot, form: Form) -> None:
    form.window.setStyleSheet("* { font-size: 28pt; } QWidget { color: #101828; }")
    form.field.set_value(dt.date(2026, 9, 30))
    form.field.open_calendar()
    unstyled = form.field.popup.grab().toImage()
    form.field.popup.hide()

    form.window.setStyleSheet("* { font-size: 28pt; } QWidget { color: #101828; } " + TABLE_STYLE)
    form.field.open_calendar()
    # Cell padding would turn "Wed" into "…", a border cut off the last week, a pale selection hide the day.
    assert form.field.popup.grab().toImage() == unstyled


# -- as a table cell editor --------------------------------------------------------------------------------


class DateDelegate(QStyledItemDelegate):
    """What a table's delegate does with the field: ISO text in the model, committed as soon as it is picked."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:
        editor = DateField(parent)
        editor.committed.connect(lambda _value: self.commitData.emit(editor))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, DateField)
        text = index.data(Qt.ItemDataRole.EditRole)
        editor.set_value(dt.date.fromisoformat(text) if text else None)

    def setModelData(self, editor: QWidget, model: object, index: QModelIndex) -> None:
        assert isinstance(editor, DateField)
        value = editor.text_value()
        index.model().setData(index, value.isoformat() if value else "", Qt.ItemDataRole.EditRole)


def test_as_a_cell_editor_the_calendar_opens_and_picks_without_closing_the_editor(qtbot) -> None:
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("2026-03-05"))
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(DateDelegate(view))
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    index = model.index(0, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.viewport().findChild(DateField)
    assert editor is not None and editor.value() == dt.date(2026, 3, 5)
    qtbot.waitUntil(editor.hasFocus)

    qtbot.keyClick(editor, Qt.Key.Key_F4)
    assert editor.popup.isVisible()
    qtbot.wait(10)  # a delegate closes its editor on focus loss through queued calls
    assert view.state() == QAbstractItemView.State.EditingState
    popup_key(qtbot, Qt.Key.Key_Escape)
    qtbot.wait(10)
    assert view.state() == QAbstractItemView.State.EditingState
    assert QApplication.focusWidget() is editor

    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.calendar.selectedDate() == QDate(2026, 3, 5)
    popup_key(qtbot, Qt.Key.Key_Right)
    popup_key(qtbot, Qt.Key.Key_Return)
    assert model.item(0, 0).text() == "2026-03-06"
    assert view.state() == QAbstractItemView.State.EditingState
    assert QApplication.focusWidget() is editor
