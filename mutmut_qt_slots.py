"""pytest plugin for mutation runs only: loaded by ``[tool.mutmut] pytest_add_cli_args``, never by the normal suite.

It works around three things mutmut 3 cannot see in this project.

1. Qt slot arity. mutmut wraps every mutated function in a ``*args, **kwargs`` trampoline. PySide6 decides how many
   signal arguments to pass to a Python slot from the slot's code object: for a ``*args`` function it passes all of
   them, so ``combo.currentIndexChanged.connect(self._apply_filter)`` calls ``_apply_filter(self, index)`` and even
   the unmutated code raises TypeError. Qt itself drops the signal arguments a slot does not take; the wrapper below
   does the same, passing a trampolined plain function at most as many positional arguments as it declares.

2. Parser factories run at import time. ``app.commands.fields.text(...)`` and its siblings are called once, when
   ``app.commands.setup``/``goals``/``actions`` are imported, and return closures that do the real checking. mutmut
   3 imports the project once and forks a child per mutant, so a mutant of such a factory would never take effect
   (and its only "covering" test would be whichever test ran first). So: (a) while stats are collected, every test
   that reaches any ``app.commands`` function is recorded as covering the factories too; (b) in the child for a
   mutant of ``app.commands.fields``, every module imported from the project folder is dropped before pytest loads
   the conftests, so the project (and the test modules) are imported afresh with the mutant active. While stats are
   collected, the mutated functions called during collection (that is, at import time) are checked against
   ``IMPORT_TIME_FUNCTIONS``, so a renamed factory or a new import-time call stops the run instead of skewing it.

3. One process, many sessions. mutmut runs the stats and the clean run as two pytest sessions in one process, and
   each mutant's child inherits that process's QApplication and runs its tests fastest first, not in file order. A
   main window sets the text size on the whole application (``ui.style.apply_text_size``: the application font and
   style sheet) and nothing undoes it, so a test that assumes a pristine application (the calendar font tests in
   ``tests/ui/test_date_field.py``) fails whenever a window test ran earlier in the process. Before every test the
   application font and style sheet are put back to what a new QApplication has.
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
from pathlib import Path

import mutmut.mutation.trampoline as _trampoline
import pytest
from mutmut.state import state

# mutants of functions in these modules only take effect if the project is imported after the mutant is chosen
IMPORT_TIME_MODULES = ("app.commands.fields",)
IMPORT_TIME_FUNCTIONS = tuple(f"app.commands.fields.x_{name}" for name in
                              ("text", "number", "date", "flag", "choice", "reference"))
# a test that reaches a function under this prefix uses the parsers the factories made
PARSER_USERS = "app.commands."

_original_wrap_in_trampoline = _trampoline.wrap_in_trampoline


def _wrap_in_trampoline(mutants_dict, is_classmethod=False):  # noqa: ANN001, ANN202
    decorate = _original_wrap_in_trampoline(mutants_dict, is_classmethod)

    def decorate_keeping_slot_arity(func):  # noqa: ANN001, ANN202
        wrapped = decorate(func)
        code = getattr(func, "__code__", None)
        if (
            is_classmethod
            or code is None
            or code.co_flags & inspect.CO_VARARGS
            or inspect.isgeneratorfunction(func)
            or inspect.iscoroutinefunction(func)
            or inspect.isasyncgenfunction(func)
        ):
            return wrapped
        limit = code.co_argcount  # positional parameters, self included for methods

        @functools.wraps(func)
        def slot_safe(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            return wrapped(*args[:limit], **kwargs)

        return slot_safe

    return decorate_keeping_slot_arity


_trampoline.wrap_in_trampoline = _wrap_in_trampoline


def _mutant() -> str:
    return _trampoline.get_mutant_under_test()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # noqa: ANN001, ANN201
    forced = os.environ.get("MUTMUT_QT_FRESH_IMPORT") == "1"  # for checking that a fresh import passes the suite
    if not forced and not _mutant().startswith(tuple(m + "." for m in IMPORT_TIME_MODULES)):
        return
    root, env = Path.cwd().resolve(), Path(sys.prefix).resolve()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name == __name__ or not file:
            continue
        path = Path(file).resolve()
        if path.is_relative_to(root) and not path.is_relative_to(env):
            del sys.modules[name]


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):  # noqa: ANN001, ANN201
    if _mutant() != "stats":
        return
    at_import = set(state()._stats)  # hits so far came from imports: no test has run yet
    unexpected = sorted(at_import - set(IMPORT_TIME_FUNCTIONS))
    fields = sys.modules.get(IMPORT_TIME_MODULES[0])
    stale = [f for f in IMPORT_TIME_FUNCTIONS if fields is not None and not callable(
        getattr(fields, f.rpartition(".x_")[2], None))]
    if unexpected or stale:
        raise pytest.UsageError(
            "mutmut_qt_slots: update IMPORT_TIME_FUNCTIONS/IMPORT_TIME_MODULES. "
            f"Mutated functions called at import time but not listed: {unexpected}; listed but missing: {stale}")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):  # noqa: ANN001, ANN201
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if not isinstance(app, widgets.QApplication):
        return
    from PySide6.QtGui import QFontDatabase

    if app.styleSheet():
        app.setStyleSheet("")
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)  # what a new application starts with
    if app.font() != font:
        app.setFont(font)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):  # noqa: ANN001, ANN201
    if _mutant() != "stats":
        return
    hits = state()._stats
    if any(h.startswith(PARSER_USERS) and h not in IMPORT_TIME_FUNCTIONS for h in hits):
        hits.update(IMPORT_TIME_FUNCTIONS)
