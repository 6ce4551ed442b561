"""Keyboard paths as data: one table builds every menu item and shortcut, and the Help page lists it.

Shortcuts are written out, never as QKeySequence.StandardKey: a standard key expands differently on X11,
Windows and macOS (on X11 Redo is already Ctrl+Shift+Z), and a key bound twice makes Qt fire neither.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from app.steps import with_screens


class ActionSpec(NamedTuple):
    id: str
    menu: str
    text: str
    shortcuts: tuple[str, ...] = ()
    separator_before: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "&File", "&New Workshop…", ("Ctrl+N",)),
    ActionSpec("open", "&File", "&Open…", ("Ctrl+O",)),
    ActionSpec("recent", "&File", "Open &Recent"),
    ActionSpec("save", "&File", "&Save", ("Ctrl+S",), separator_before=True),
    ActionSpec("save_copy", "&File", "Save a &Copy…", ("Ctrl+Shift+S",)),
    ActionSpec("restore", "&File", "Restore from &Backup…"),
    ActionSpec("export_pdf", "&File", "&Export the SLA as PDF…", ("Ctrl+E",), separator_before=True),
    ActionSpec("export_xlsx", "&File", "Export the Action Sprea&dsheet…", ("Ctrl+Shift+E",)),
    ActionSpec("import_xlsx", "&File", "&Import an Action Spreadsheet…", ("Ctrl+I",)),
    ActionSpec("close", "&File", "&Close (Wrap Up)", ("Ctrl+W",), separator_before=True),
    ActionSpec("quit", "&File", "&Quit", ("Ctrl+Q",), separator_before=True),
    ActionSpec("undo", "&Edit", "&Undo", ("Ctrl+Z",)),
    ActionSpec("redo", "&Edit", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("next_step", "&Go", "&Next Step", ("Ctrl+PgDown",)),
    ActionSpec("previous_step", "&Go", "&Previous Step", ("Ctrl+PgUp",)),
    ActionSpec("parking_lot", "&Go", "Par&king Lot", ("Ctrl+Shift+L",), separator_before=True),
    ActionSpec("timer_toggle", "&Go", "S&tart / Pause Timer", ("Ctrl+T",), separator_before=True),
    ActionSpec("timer_reset", "&Go", "R&eset Timer", ("Ctrl+Shift+T",)),
    ActionSpec("zoom_in", "&View", "&Larger Text", ("Ctrl++", "Ctrl+=")),
    ActionSpec("zoom_out", "&View", "&Smaller Text", ("Ctrl+-",)),
    ActionSpec("zoom_reset", "&View", "&Actual Size", ("Ctrl+0",)),
    ActionSpec("projector", "&View", "&Projector Text", ("Ctrl+Shift+P",)),
    ActionSpec("full_screen", "&View", "&Full Screen", ("F11",), separator_before=True),
    ActionSpec("shortcuts", "&Help", "&Keyboard Shortcuts", ("F1",)),
    ActionSpec("about", "&Help", "&About Common Ground"),
)

# Keys that work inside the screens rather than through a menu, for the Help page.
IN_SCREEN_KEYS: tuple[tuple[str, str], ...] = (
    ("Add what you typed in a form (the fields clear and the cursor goes back to the first)", "Enter"),
    ("Edit the selected cell", "F2, Enter, or start typing"),
    ("Finish editing a cell / cancel the edit", "Enter / Esc"),
    ("Remove the selected rows (one undo step)", "Delete"),
    ("Move the current row up / down in its list", "Ctrl+Shift+Up / Ctrl+Shift+Down"),
    ("Persona cards: move between them / open one large / back to all", "arrow keys / Enter / Esc"),
    ("RACI matrix: set a cell / clear it", "R, A, C or I / Space, Delete or Backspace"),
    ("Group challenges: drag one onto another, onto a theme, or onto the ranking's empty space to ungroup",
     "drag and drop, or Alt+T (Themes)"),
    ("Select several rows", "Ctrl+click, Shift+click, Shift+Up/Down"),
    ("Sort a table by a column", "click its header"),
    ("Open the calendar in a date field or cell", "Alt+Down, F4"),
    ("Move to the next / previous field", "Tab / Shift+Tab"),
)

DATE_HELP = ("Dates are typed whole, as 2026-11-20 or in your system's short form (for example {example}). "
             "Clear a date field to leave the date unset. A date that cannot be read is refused with the reason "
             "and stays as typed, so you can correct it.")


def step_actions() -> tuple[ActionSpec, ...]:
    """One Go menu item per step that has a screen, numbered as in the agenda sidebar."""
    return tuple(ActionSpec(f"step:{step.key}", "&Go", f"&{n}  {step.title}", (f"Ctrl+{n}",) if n <= 9 else (),
                            separator_before=n == 1)
                 for n, step in enumerate(with_screens(), start=1))


def all_actions() -> tuple[ActionSpec, ...]:
    return ACTIONS + step_actions()


class MissingHandler(RuntimeError):
    """A menu item without a handler would be dead: refuse to build the menus instead."""


def build_menus(bar: QMenuBar, owner: QWidget, handlers: dict[str, Callable[[], None]],
                specs: Iterable[ActionSpec] | None = None) -> dict[str, QAction]:
    """Create every QAction; an action's handler triggers it, 'recent' becomes a submenu."""
    specs = tuple(all_actions() if specs is None else specs)
    missing = [s.id for s in specs if s.id != "recent" and s.id not in handlers]
    if missing:
        raise MissingHandler(f"menu items without a handler: {', '.join(missing)}")
    menus = {}
    built: dict[str, QAction] = {}
    for spec in specs:
        menu = menus.get(spec.menu) or menus.setdefault(spec.menu, bar.addMenu(spec.menu))
        if spec.separator_before:
            menu.addSeparator()
        if spec.id == "recent":
            sub = menu.addMenu(spec.text)
            built[spec.id] = sub.menuAction()
            continue
        action = QAction(spec.text, owner)
        action.setObjectName(spec.id)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        # Handlers take no arguments; triggered's `checked` would land in a handler's first parameter.
        action.triggered.connect(lambda _checked=False, run=handlers[spec.id]: run())
        menu.addAction(action)
        built[spec.id] = action
    return built


def key_name(shortcut: str) -> str:
    """How the key is printed on this platform's keyboard (Ctrl on Linux and Windows, ⌘ on macOS)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_table(specs: Iterable[ActionSpec] | None = None) -> list[tuple[str, str]]:
    """(command, keys) for the Help page, generated from the same table as the menus."""
    rows = []
    for spec in all_actions() if specs is None else specs:
        if spec.shortcuts:
            name = spec.text.replace("&", "").rstrip("…").strip()
            rows.append((name, ", ".join(key_name(s) for s in spec.shortcuts)))
    return rows
