"""One item model for every table of rows: columns are data, edits become commands pushed to the Document.

The model sorts and filters its rows itself (sort keys computed once per row, in Python's own sort), so no proxy
sits between it and the view, and a row is always found by its id. Edits that touch a few rows insert, remove or
repaint just those rows, so selection and scroll position survive them.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.commands import Command
from app.errors import WorkshopError
from ui.document import Document

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STYLE_ROLE = Qt.ItemDataRole.UserRole + 3


class Column(NamedTuple):
    header: str
    display: Callable[[Any], str]
    edit: Callable[[Any, Any], Command] | None = None  # (row, new value) -> command
    edit_value: Callable[[Any], Any] | None = None  # what an editor starts from (defaults to display)
    kind: str = "text"  # text | check | date | choice | number
    sort_key: Callable[[Any], Any] | None = None
    choices: Callable[[], list[tuple[str, Any]]] | None = None  # for kind == "choice"
    tooltip: Callable[[Any], str] | None = None
    grow: int = 0  # 0: as wide as its contents need; > 0: long text that wraps and shares the spare width
    optional: bool = False  # hidden when the table is too narrow for every column (the detail panel shows it)


class RowStyle(NamedTuple):
    foreground: str = ""
    background: str = ""
    bold: bool = False


def _default_order(row: Any) -> Any:
    return row.id


class RowTableModel(QAbstractTableModel):
    """Holds frozen rows (each with an `id`), shows those the filter accepts in the chosen order."""

    def __init__(self, document: Document, columns: Sequence[Column], *,
                 style: Callable[[Any], RowStyle | None] | None = None,
                 order: Callable[[Any], Any] = _default_order, reorderable: bool = False) -> None:
        super().__init__()
        self.document = document
        self.columns = list(columns)
        self._style = style
        self._order = order  # the order without a sort column: the agenda's own order of the rows
        # A list the user reorders keeps the order its rows arrive in (the file's positions), not their ids.
        self.reorderable = reorderable
        self._rank: dict[Any, int] = {}
        if reorderable:
            self._order = self._arrival
        self._all: dict[Any, Any] = {}
        self._visible: list[Any] = []
        self._keys: list[Any] = []  # the sort key of each visible row, for inserting in place
        self._pos: dict[Any, int] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._accept: Callable[[Any], bool] | None = None
        self.draggable = False  # rows can be dragged onto another list (RowTableView.accept_drops)
        self.locked = False  # shown, not edited: a signed version of the SLA, say (read-only files are the document's)
        self.content_version = 0  # bumped when every row was replaced, so views re-measure their columns
        # sort column -> row id -> sort key: each column's keys are computed once, so sorting back is cheap
        self._key_caches: dict[int, dict[Any, Any]] = {}

    # -- what it holds -----------------------------------------------------------------------------

    @property
    def rows(self) -> list[Any]:
        """Every row, filtered or not, in the rows' own order."""
        return sorted(self._all.values(), key=self._order)

    def values(self) -> list[Any]:
        """Every row, in no particular order (cheaper than `rows` for counting)."""
        return list(self._all.values())

    @property
    def visible(self) -> list[Any]:
        return list(self._visible)

    def total(self) -> int:
        return len(self._all)

    def row_at(self, index: Index) -> Any:
        return self._visible[index.row()]

    def row_of_id(self, row_id: Any) -> int:
        """The visible row number of `row_id`, or -1 when it is filtered out or gone."""
        if self._pos is None:
            self._pos = {r.id: i for i, r in enumerate(self._visible)}
        return self._pos.get(row_id, -1)

    def get(self, row_id: Any) -> Any | None:
        return self._all.get(row_id)

    # -- replacing and updating rows ---------------------------------------------------------------

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace every row. When only some rows changed in place, only those repaint; otherwise the layout is
        redone with the selection and the current row kept on the same ids."""
        fresh = {r.id: r for r in rows}
        if self.reorderable:
            rank = {row_id: i for i, row_id in enumerate(fresh)}
            if rank != self._rank:
                self._rank = rank
                self._key_caches.clear()
                self._relayout(lambda: self._replace(fresh))
                return
        if fresh.keys() == self._all.keys():
            changed = [k for k, new in fresh.items() if self._all[k] != new]
            self._forget_keys(changed)
            if all(self._stays(k, fresh[k]) for k in changed):
                self._all = fresh
                places = sorted(at for at in map(self.row_of_id, changed) if at >= 0)
                for at in places:
                    self._visible[at] = fresh[self._visible[at].id]
                if places:
                    self._emit_changed(places[0], places[-1])
                return
        self._relayout(lambda: self._replace(fresh))

    def _arrival(self, row: Any) -> tuple[int, Any]:
        at = self._rank.get(row.id)
        return (0, at) if at is not None else (1, row.id)  # a row added since the last full read goes last

    @property
    def sorted_by_column(self) -> bool:
        return self._sort_column >= 0

    def _stays(self, row_id: Any, new: Any) -> bool:
        """Whether an updated row keeps its place: shown or hidden as before, and at the same sort position."""
        at = self.row_of_id(row_id)
        shown = self._accept is None or self._accept(new)
        if (at >= 0) != shown:
            return False
        return at < 0 or self._key(new) == self._keys[at]

    def _replace(self, fresh: dict[Any, Any]) -> None:
        self._all = fresh
        self._key_caches.clear()
        self.content_version += 1
        self._rebuild()

    def update_rows(self, ids: Iterable[Any], fresh: Iterable[Any]) -> None:
        """Bring the rows `ids` up to date from `fresh` (their current state; an id missing from it is gone)."""
        found = {r.id: r for r in fresh}
        for row_id in ids:
            new = found.get(row_id)
            old = self._all.get(row_id)
            self._forget_keys((row_id,))
            at = self.row_of_id(row_id) if old is not None else -1
            if new is None:
                self._all.pop(row_id, None)
                if at >= 0:
                    self._remove_at(at)
                continue
            self._all[row_id] = new
            shown = self._accept is None or self._accept(new)
            if at >= 0 and self._stays(row_id, new):
                self._visible[at] = new
                self._emit_changed(at, at)
                continue
            if at >= 0:
                self._remove_at(at)
            if shown:
                self._insert(new)

    def _remove_at(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._visible[at]
        if self._keys:
            del self._keys[at]
        self._pos = None
        self.endRemoveRows()

    def _insert(self, row: Any) -> None:
        key = self._key(row)
        if self._descending():
            lo, hi = 0, len(self._keys)
            while lo < hi:  # bisect on a list kept in descending order
                mid = (lo + hi) // 2
                if self._keys[mid] < key:
                    hi = mid
                else:
                    lo = mid + 1
            at = lo
        else:
            at = bisect.bisect_right(self._keys, key)
        self.beginInsertRows(QModelIndex(), at, at)
        self._visible.insert(at, row)
        self._keys.insert(at, key)
        self._pos = None
        self.endInsertRows()

    def _emit_changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

    # -- sorting and filtering ---------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column == self._sort_column and order == self._sort_order:
            return
        self._relayout(lambda: self._set_sort(column, order))

    def _set_sort(self, column: int, order: Qt.SortOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._rebuild()

    def set_filter(self, accept: Callable[[Any], bool] | None) -> None:
        """Show only the rows `accept` returns True for (None: every row)."""
        self._relayout(lambda: self._set_accept(accept))

    def _set_accept(self, accept: Callable[[Any], bool] | None) -> None:
        self._accept = accept
        self._rebuild()

    def _forget_keys(self, ids: Iterable[Any]) -> None:
        for cache in self._key_caches.values():
            for row_id in ids:
                cache.pop(row_id, None)

    def _cache(self) -> dict[Any, Any]:
        return self._key_caches.setdefault(self._sort_column, {})

    def _key(self, row: Any) -> Any:
        """The row's place in the current order: computed once per row and sort column, then remembered."""
        cache = self._cache()
        key = cache.get(row.id)
        if key is None:
            key = cache[row.id] = self._keys_of([row])[0]
        return key

    def _keys_of(self, rows: list[Any]) -> list[Any]:
        # One comprehension per column rather than a call per row: 20,000 keys in a few milliseconds.
        order = self._order
        if self._sort_column < 0:
            return [order(r) for r in rows]
        col = self.columns[self._sort_column]
        if col.sort_key is not None:
            sort_key = col.sort_key
            return [(sort_key(r), order(r)) for r in rows]
        display = col.display
        return [(display(r).casefold(), order(r)) for r in rows]

    def _descending(self) -> bool:
        return self._sort_column >= 0 and self._sort_order == Qt.SortOrder.DescendingOrder

    def _rebuild(self) -> None:
        rows = list(self._all.values()) if self._accept is None else list(filter(self._accept, self._all.values()))
        cache = self._cache()
        missing = [row for row in rows if row.id not in cache]
        if missing:
            cache.update(zip([row.id for row in missing], self._keys_of(missing), strict=True))
        keys = [cache[row.id] for row in rows]
        order = sorted(range(len(rows)), key=keys.__getitem__, reverse=self._descending())
        self._visible = [rows[i] for i in order]
        self._keys = [keys[i] for i in order]
        self._pos = None

    def _relayout(self, change: Callable[[], None]) -> None:
        """Change which rows show or in what order, keeping selection and the current row on the same ids."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self._visible[i.row()].id if 0 <= i.row() < len(self._visible) else None, i.column()) for i in old]
        change()
        new = []
        for row_id, column in kept:
            at = self.row_of_id(row_id) if row_id is not None else -1
            new.append(self.index(at, column) if at >= 0 else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- Qt model API ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return None

    @property
    def frozen(self) -> bool:
        """No edit reaches the file from this model: the file is read-only or what it shows is locked."""
        return self.locked or self.document.read_only

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.draggable and not self.frozen:
            base |= Qt.ItemFlag.ItemIsDragEnabled
        col = self.columns[index.column()]
        if col.edit is None or self.frozen:
            return base
        if col.kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self._visible[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if col.kind == "check" else col.display(row)
        if role == Qt.ItemDataRole.EditRole:
            return col.edit_value(row) if col.edit_value else col.display(row)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "check":
            return Qt.CheckState.Checked if col.edit_value and col.edit_value(row) else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(row) if col.tooltip else (col.display(row) or None)
        if role not in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, STYLE_ROLE):
            return None
        style = self._style(row) if self._style else None
        if style is None:
            return None
        if role == STYLE_ROLE:
            return style
        if role == Qt.ItemDataRole.ForegroundRole and style.foreground:
            return QBrush(QColor(style.foreground))
        if role == Qt.ItemDataRole.BackgroundRole and style.background:
            return QBrush(QColor(style.background))
        return None

    # Read from Python by the delegate, never through QModelIndex.data(): on Python 3.11 PySide6 6.12 returns an
    # empty value there as None without its reference, so every such call wears None down until the app aborts.
    def style_at(self, index: Index) -> RowStyle | None:
        if not index.isValid() or self._style is None:
            return None
        return self._style(self._visible[index.row()])

    def edit_value_at(self, index: Index) -> Any:
        row, col = self._visible[index.row()], self.columns[index.column()]
        return col.edit_value(row) if col.edit_value else col.display(row)

    def refuse(self, error: WorkshopError, typed: str) -> None:
        """An editor could not read what was typed: say why, as any refused edit does, keeping the text."""
        self.document.failed.emit(error, typed)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = self.columns[index.column()]
        if col.edit is None or self.frozen:
            return False
        row = self._visible[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        current = col.edit_value(row) if col.edit_value else col.display(row)
        if value == current:
            return False
        edit = col.edit
        return self.document.submit(lambda: edit(row, value), initiator=self, typed="" if value is None else str(value))
