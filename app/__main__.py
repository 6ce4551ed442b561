"""Entry point: `python -m app [FILE]` or the `commonground` script opens the window on a workshop."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="commonground", description="Common Ground: the sales and marketing "
                                     "alignment kickoff, and the plan that comes out of it.")
    parser.add_argument("file", nargs="?", type=Path, help="a workshop file (.cgw) to open")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    from app.gui import run

    return run(args.file)


if __name__ == "__main__":
    sys.exit(main())
