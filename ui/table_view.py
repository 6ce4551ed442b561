"""The table every step uses: columns sized for a room, rows that wrap long text, the keys people expect.

Short columns (names, dates, statuses, checkboxes) get what their contents need, long text shares the rest and
wraps onto a few lines; no header is ever cut. When space runs out, short columns wrap at word breaks before
anything is cut. A column the user drags keeps that width (remembered per table, in character widths so it
follows the text size).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from ui.delegates import ColumnDelegate
from ui.table_model import RowTableModel

MIN_ROWS = 4  # a table always shows at least this many one-line rows
MAX_LINES = 3  # a row grows to this many lines of wrapped text; the detail panel shows the rest
COMPACT_LINES = 2  # the same where the step has little height for its text size (large text on a small screen)
BOLD = 1.1
SAMPLE_ROWS = 2000  # rows measured for a column's width in a large table
SAMPLE = 40  # longest texts measured per column when sizing it
GROW_MIN_CHARS = 10
GROW_COMFORT_CHARS = 12  # plus 6 per grow weight: the main text column is the widest

ROWS_MIME = "application/x-commonground-rows"  # rows dragged from one list onto another: {"source", "ids"}
# (source table name, ids dragged, the row dropped on or None for empty space) -> whether the drop was taken
DropHandler = Callable[[str, list[Any], Any], bool]

# (load, save) of the column widths a user dragged, by table name
WidthStore = tuple[Callable[[str], dict[str, float]], Callable[[str, dict[str, float]], None]]


MOVE_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
MOVE_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class RowTableView(QTableView):
    delete_requested = Signal()
    move_requested = Signal(int)  # Ctrl+Shift+Up / Down: move the current row one place (-1 up, +1 down)

    def __init__(self, model: RowTableModel, *, name: str, sortable: bool = False,
                 widths: WidthStore | None = None,
                 empty: str = "Nothing here yet.", filtered: str = "No rows match the filters.",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A viewport made here, set up as Qt sets up its own: the first time Python is handed the C++ one,
        # PySide6 loads ~45 widget classes to find its type, some 5% of start-up.
        port = QWidget()
        port.setBackgroundRole(QPalette.ColorRole.Base)
        port.setAutoFillBackground(True)
        self.setViewport(port)
        self.setObjectName(name)
        self.row_model = model
        if model.parent() is None:
            model.setParent(self)  # the model lives as long as its table
        self.empty_text = empty
        self.filtered_text = filtered
        self._widths_io = widths
        self._user: dict[str, float] = widths[0](name) if widths else {}
        self._laying_out = False
        self._drop_handler: DropHandler | None = None
        self._drop_at = -1  # the row a drag hovers over, outlined
        self.max_lines = MAX_LINES
        self.setModel(model)
        self.selectionModel().currentRowChanged.connect(self._current_moved)
        self.setItemDelegate(ColumnDelegate(model.columns, self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setSortingEnabled(sortable)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._dragged)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.fit)
        self._measured: dict[int, tuple[int, int]] = {}  # column -> (widest text, widest word), in pixels
        self._measured_version = -1
        self._measured_font = ""
        for signal in (model.modelReset, model.layoutChanged, model.rowsRemoved):
            signal.connect(self.schedule_fit)
        model.rowsInserted.connect(lambda _p, first, last: self._measure_rows(first, last))
        model.dataChanged.connect(lambda top, bottom, _roles=(): self._measure_rows(top.row(), bottom.row()))
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._fit_rows())

    # -- sizing ------------------------------------------------------------------------------------

    def schedule_fit(self, *_args: object) -> None:
        self._relayout.start()

    def _char(self) -> float:
        return max(1.0, self.fontMetrics().averageCharWidth())

    def _header_width(self, column: int) -> int:
        text = self.row_model.columns[column].header
        metrics = self.horizontalHeader().fontMetrics()
        indicator = metrics.height() if self.isSortingEnabled() else 0
        return metrics.horizontalAdvance(text) + indicator + 2 * metrics.averageCharWidth() + 12

    def _content_widths(self, column: int) -> tuple[int, int]:
        """(widest text, widest single word) of the column, measured once per set of rows and text size."""
        font = self.font().toString()
        if self._measured_version != self.row_model.content_version or self._measured_font != font:
            self._measured.clear()
            self._measured_version, self._measured_font = self.row_model.content_version, font
        if column not in self._measured:
            rows = self.row_model.values()
            if len(rows) > SAMPLE_ROWS:  # a large plan: an even sample, the rows in view, and rows as they change
                rows = rows[:: len(rows) // SAMPLE_ROWS + 1] + self.row_model.visible[:100]
            self._measured[column] = self._measure(column, rows)
        return self._measured[column]

    def _measure(self, column: int, rows: list[object]) -> tuple[int, int]:
        col = self.row_model.columns[column]
        metrics = self.fontMetrics()
        pad = 2 * metrics.averageCharWidth() + 8
        if col.kind == "check":
            box = metrics.height() + pad
            return box, box
        texts = sorted({col.display(r) for r in rows}, key=len, reverse=True)[:SAMPLE]
        # Measured in the regular weight; bold rows (overdue) are about a tenth wider.
        widest = int(max((metrics.horizontalAdvance(t) for t in texts), default=0) * BOLD) + pad
        word = int(max((metrics.horizontalAdvance(w) for t in texts for w in t.split()), default=0) * BOLD) + pad
        return widest, word

    def _measure_rows(self, first: int, last: int) -> None:
        """A few rows changed or arrived: widen the measured columns for them instead of measuring every row."""
        if self._measured_version == self.row_model.content_version and last - first < SAMPLE:
            rows = [self.row_model.row_at(self.row_model.index(r, 0)) for r in range(first, last + 1)]
            for column, (widest, word) in list(self._measured.items()):
                new_widest, new_word = self._measure(column, rows)
                self._measured[column] = (max(widest, new_widest), max(word, new_word))
        self.schedule_fit()

    def fit(self) -> None:
        """Share the width out: dragged columns keep theirs, short columns their contents, long text the rest."""
        columns = self.row_model.columns
        if not columns:
            return
        char = self._char()
        available = self.viewport().width()
        if available <= 0:
            return
        widths: dict[int, int] = {}
        minimum: dict[int, int] = {}
        natural: dict[int, int] = {}
        for i, col in enumerate(columns):
            head = self._header_width(i)
            if col.header in self._user:
                widths[i] = max(head // 2, round(self._user[col.header] * char))
            elif col.grow:
                minimum[i] = max(head, int(GROW_MIN_CHARS * char))
            else:
                widest, word = self._content_widths(i)
                minimum[i] = max(head, word)
                natural[i] = max(head, widest)
        grow = [i for i in minimum if columns[i].grow]
        short = [i for i in minimum if not columns[i].grow]
        comfort = {i: max(minimum[i], int((GROW_COMFORT_CHARS + 6 * columns[i].grow) * char)) for i in grow}
        # Too narrow for long text to be comfortable: leave out optional columns (the detail panel has them).
        hidden: set[int] = set()
        need = sum(widths.values()) + sum(minimum[i] for i in short) + sum(comfort.values())
        for i in reversed([i for i, c in enumerate(columns) if c.optional]):
            if need <= available:
                break
            hidden.add(i)
            need -= comfort.get(i, minimum.get(i, widths.get(i, 0)))
        self._laying_out = True  # hiding or showing a column resizes sections: not the user's doing
        try:
            for i in range(len(columns)):
                if self.isColumnHidden(i) != (i in hidden):
                    self.setColumnHidden(i, i in hidden)
        finally:
            self._laying_out = False
        grow = [i for i in grow if i not in hidden]
        short = [i for i in short if i not in hidden]
        for i in hidden:
            widths.pop(i, None)
        for i in grow + short:
            widths[i] = minimum[i]
        spare = available - sum(widths.values())
        # Long text first reaches a comfortable width, then short columns stop wrapping, then long text grows.
        for group, target in ((grow, comfort), (short, natural)):
            want = sum(target[i] - widths[i] for i in group)
            if want <= 0 or spare <= 0:
                continue
            share = min(1.0, spare / want)
            for i in group:
                extra = int((target[i] - widths[i]) * share)
                widths[i] += extra
                spare -= extra
        if spare > 0:
            receivers = grow or short
            weight = sum(columns[i].grow or 1 for i in receivers)
            for i in receivers:
                widths[i] += int(spare * (columns[i].grow or 1) / weight)
        self._laying_out = True
        try:
            header = self.horizontalHeader()
            for i, width in widths.items():
                if header.sectionSize(i) != width:
                    header.resizeSection(i, width)
        finally:
            self._laying_out = False
        self._fit_rows()

    def set_compact(self, compact: bool) -> None:
        """Rows of at most two lines instead of three, so a short screen with large text shows more of them;
        the current row shows all of its text, standing in for the detail panel a compact list leaves out."""
        lines = COMPACT_LINES if compact else MAX_LINES
        if lines != self.max_lines:
            self.max_lines = lines
            self._fit_rows()

    def _current_moved(self) -> None:
        if self.max_lines == COMPACT_LINES:
            self._fit_rows()

    def _fit_rows(self) -> None:
        """Give the rows in view the height their wrapped text needs (up to max_lines lines)."""
        model = self.row_model
        count = model.rowCount()
        if count == 0:
            return
        line = self.fontMetrics().lineSpacing()
        single = line + 14
        cap = line * self.max_lines + 14
        current = self.currentIndex().row()
        header = self.verticalHeader()
        if header.defaultSectionSize() != single:
            header.setDefaultSectionSize(single)
        for _ in range(3):  # a taller row pushes others out of view; settle in a few rounds
            first = max(0, self.rowAt(0))
            last = self.rowAt(self.viewport().height() - 1)
            last = count - 1 if last < 0 else last
            moved = False
            for row in range(first, min(last + 2, count)):
                whole = row == current and self.max_lines == COMPACT_LINES
                height = max(single, self.sizeHintForRow(row) if whole else min(cap, self.sizeHintForRow(row)))
                if self.rowHeight(row) != height:
                    self.setRowHeight(row, height)
                    moved = True
            if not moved:
                break

    def _dragged(self, column: int, _old: int, new: int) -> None:
        if self._laying_out or self._widths_io is None:
            return
        self._user[self.row_model.columns[column].header] = round(new / self._char(), 2)
        self._widths_io[1](self.objectName(), dict(self._user))
        self._fit_rows()

    def reset_widths(self) -> None:
        self._user.clear()
        if self._widths_io:
            self._widths_io[1](self.objectName(), {})
        self.fit()

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Reset Column Widths", self.reset_widths).setEnabled(bool(self._user))
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def minimumSizeHint(self) -> QSize:
        # Never squeezed below a header and a few rows: the step scrolls instead.
        line = self.fontMetrics().lineSpacing()
        header = self.horizontalHeader().sizeHint().height()
        return QSize(super().minimumSizeHint().width(), header + MIN_ROWS * (line + 14) + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.schedule_fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self.schedule_fit()

    # -- keys --------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.delete_requested.emit()
            return
        if not editing and event.key() in MOVE_KEYS and event.modifiers() == MOVE_MODIFIERS:
            self.move_requested.emit(MOVE_KEYS[Qt.Key(event.key())])
            return
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            index = self.currentIndex()
            if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
                self.edit(index)
                return
        super().keyPressEvent(event)

    def selected_ids(self) -> list[object]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return [self.row_model.row_at(self.row_model.index(r, 0)).id for r in rows]

    def select_id(self, row_id: object) -> bool:
        at = self.row_model.row_of_id(row_id)
        if at < 0:
            return False
        index = self.row_model.index(at, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    # -- an empty table says why -------------------------------------------------------------------

    def placeholder(self) -> str:
        """What an empty table says: nothing entered yet, or nothing matching the filters."""
        if self.row_model.rowCount() > 0:
            return ""
        return self.filtered_text if self.row_model.total() else self.empty_text

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._drop_at >= 0 and self._drop_at < self.row_model.rowCount():
            first = self.visualRect(self.row_model.index(self._drop_at, 0))
            last = self.visualRect(self.row_model.index(self._drop_at, self.row_model.columnCount() - 1))
            painter = QPainter(self.viewport())
            painter.setPen(QPen(QColor("#1f6feb"), 3))
            painter.drawRect(first.united(last).adjusted(1, 1, -2, -2))
            painter.end()
        text = self.placeholder()
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        rect = self.viewport().rect().adjusted(24, 24, -24, -24)
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         text)
        painter.end()

    def current_row(self) -> object | None:
        index = self.currentIndex()
        return self.row_model.row_at(index) if index.isValid() else None

    def index_of(self, row: int, column: int = 0) -> QModelIndex:
        return self.row_model.index(row, column)

    # -- rows dragged onto another list --------------------------------------------------------------

    def enable_drag(self) -> None:
        """The selected rows can be dragged (onto a list that accepts them)."""
        self.row_model.draggable = True
        self.setDragEnabled(True)

    def accept_drops(self, handler: DropHandler) -> None:
        self._drop_handler = handler
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N803 - Qt's name
        from PySide6.QtCore import QMimeData
        from PySide6.QtGui import QDrag

        ids = self.selected_ids()
        if not ids:
            return
        mime = QMimeData()
        mime.setData(ROWS_MIME, json.dumps({"source": self.objectName(), "ids": ids}).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def _dragged_rows(self, event: QDropEvent) -> tuple[str, list[Any]] | None:
        mime = event.mimeData()
        if self._drop_handler is None or not mime.hasFormat(ROWS_MIME):
            return None
        try:
            data = json.loads(bytes(mime.data(ROWS_MIME).data()).decode())
            return str(data["source"]), [tuple(i) if isinstance(i, list) else i for i in data["ids"]]
        except (ValueError, KeyError, TypeError):
            return None

    def _track_drop(self, event: QDragMoveEvent) -> None:
        if self._dragged_rows(event) is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        at = self.indexAt(event.position().toPoint()).row()
        if at != self._drop_at:
            self._drop_at = at
            self.viewport().update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._track_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._track_drop(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._drop_at = -1
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        dragged = self._dragged_rows(event)
        self._drop_at = -1
        self.viewport().update()
        if dragged is None or self._drop_handler is None:
            event.ignore()
            return
        index = self.indexAt(event.position().toPoint())
        target = self.row_model.row_at(index) if index.isValid() else None
        if self._drop_handler(dragged[0], dragged[1], target):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()
