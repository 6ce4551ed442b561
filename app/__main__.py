"""Entry point: `python -m app [FILE]` or the `commonground` script opens the window on a workshop;
`python -m app export|import|verify ...` works without one (app.cli)."""
from __future__ import annotations

import gc
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("export", "import", "verify"):  # headless: no Qt at all
        from app.cli import run as run_headless

        return run_headless(argv)
    path: Path | None = None
    if argv:  # a plain start has nothing to parse, and importing argparse costs start-up time
        import argparse

        parser = argparse.ArgumentParser(prog="commonground", description="Common Ground: the sales and marketing "
                                         "alignment kickoff, and the plan that comes out of it.")
        parser.add_argument("file", nargs="?", type=Path, help="a workshop file (.cgw) to open")
        path = parser.parse_args(argv).file

    # Start-up: no garbage collection until the window is painted (gui.run turns it back on), and the Qt-free
    # services imported before PySide6, whose import hook would otherwise scan the source of each of them.
    gc.disable()
    import app.backups  # noqa: F401
    import app.opening  # noqa: F401
    import app.queries  # noqa: F401
    import app.smart  # noqa: F401
    import app.steps  # noqa: F401
    from app.commands import actions, goals, setup  # noqa: F401

    _skip_pyside_source_scan()
    from app.gui import run

    return run(path)


def _skip_pyside_source_scan() -> None:
    """PySide6's import hook reads the source of every module imported after it, looking for "PySide6", to give
    that module its own `__feature__` switches (snake_case, true_property). This app uses none of them, so the
    scan of each ui module at start-up is wasted: tell the hook no module needs them."""
    import PySide6.QtCore  # noqa: F401 - installs the hook

    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda _module: False


if __name__ == "__main__":
    sys.exit(main())
