"""Keyboard paths as data: one table builds every menu item and shortcut, and the Help page lists it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget


@dataclass(frozen=True)
class ActionSpec:
    id: str
    menu: str
    text: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    separator_before: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&File", "&New Workshop…", (QKeySequence.StandardKey.New,)),
    ActionSpec("open", "&File", "&Open…", (QKeySequence.StandardKey.Open,)),
    ActionSpec("recent", "&File", "Open &Recent"),
    ActionSpec("save_copy", "&File", "Save a &Copy…", (QKeySequence.StandardKey.SaveAs, "Ctrl+S"),
               separator_before=True),
    ActionSpec("restore", "&File", "Restore from &Backup…"),
    ActionSpec("quit", "&File", "&Quit", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), separator_before=True),
    ActionSpec("undo", "&Edit", "&Undo", (QKeySequence.StandardKey.Undo,)),
    ActionSpec("redo", "&Edit", "&Redo", ("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo)),
    ActionSpec("next_step", "&View", "&Next Step", ("Ctrl+PgDown",)),
    ActionSpec("previous_step", "&View", "&Previous Step", ("Ctrl+PgUp",)),
    ActionSpec("zoom_in", "&View", "&Larger Text", (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
               separator_before=True),
    ActionSpec("zoom_out", "&View", "&Smaller Text", (QKeySequence.StandardKey.ZoomOut,)),
    ActionSpec("zoom_reset", "&View", "&Normal Text Size", ("Ctrl+0",)),
    ActionSpec("full_screen", "&View", "&Full Screen", ("F11",), separator_before=True),
    ActionSpec("shortcuts", "&Help", "&Keyboard Shortcuts", ("F1",)),
    ActionSpec("about", "&Help", "&About Common Ground"),
)


def build_menus(bar: QMenuBar, owner: QWidget, handlers: dict[str, Callable[[], None]]) -> dict[str, QAction]:
    """Create every QAction from ACTIONS; an action with a handler triggers it, 'recent' becomes a submenu."""
    menus = {}
    built: dict[str, QAction] = {}
    for spec in ACTIONS:
        menu = menus.get(spec.menu) or menus.setdefault(spec.menu, bar.addMenu(spec.menu))
        if spec.separator_before:
            menu.addSeparator()
        if spec.id == "recent":
            sub = menu.addMenu(spec.text)
            built[spec.id] = sub.menuAction()
            continue
        action = QAction(spec.text, owner)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.id in handlers:
            action.triggered.connect(handlers[spec.id])
        menu.addAction(action)
        built[spec.id] = action
    return built


def shortcut_table() -> list[tuple[str, str]]:
    """(command, keys) for the Help page, generated from the same table as the menus."""
    rows = []
    for spec in ACTIONS:
        keys = []
        for s in spec.shortcuts:
            seqs = QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey) else [QKeySequence(s)]
            keys += [q.toString(QKeySequence.SequenceFormat.NativeText) for q in seqs]
        if keys:
            rows.append((spec.text.replace("&", "").rstrip("…"), ", ".join(dict.fromkeys(k for k in keys if k))))
    return rows
