"""The headless command line: export, import and verify without a window, for scripts.

    python -m app export FILE.cgw [--pdf OUT.pdf] [--xlsx OUT.xlsx] [--version N] [--paper A4|Letter]
    python -m app import FILE.cgw ACTIONS.xlsx
    python -m app verify OUT.pdf [--workshop FILE.cgw]

Results go to stdout, refusals and warnings to stderr. Exit codes: 0 done (verify: the seal holds), 1 refused or
failed (verify: the PDF cannot be trusted), 2 wrong usage, 3 import applied but some rows were not.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

COMMANDS = ("export", "import", "verify")
OK, FAILED, USAGE, PARTLY = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Common Ground without a window.")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="the SLA as a PDF and the plan as a spreadsheet")
    export.add_argument("workshop", type=Path)
    export.add_argument("--pdf", type=Path, help="where to write the SLA PDF")
    export.add_argument("--xlsx", type=Path, help="where to write the action spreadsheet")
    export.add_argument("--version", type=int, help="the SLA version (default: the one in force)")
    export.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    imp = sub.add_parser("import", help="apply an action spreadsheet to the workshop (one undoable change)")
    imp.add_argument("workshop", type=Path)
    imp.add_argument("spreadsheet", type=Path)
    verify = sub.add_parser("verify", help="check an exported SLA PDF's seal, offline")
    verify.add_argument("pdf", type=Path)
    verify.add_argument("--workshop", type=Path, help="also check the PDF is a signed version of this workshop")
    return parser


def _version_id(workshop: Path, number: int) -> int:
    from app import queries
    from app.errors import WorkshopError
    from app.opening import open_snapshot

    w = open_snapshot(workshop)
    try:
        found = next((v.id for v in w.query(queries.versions) if v.number == number), None)
    finally:
        w.close()
    if found is None:
        raise WorkshopError(f"{workshop.name} has no SLA version {number}.")
    return found


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.pdf is None and args.xlsx is None:
        err.write("export: say what to write: --pdf OUT.pdf and/or --xlsx OUT.xlsx\n")
        return USAGE
    warnings: list[str] = []
    if args.pdf is not None:
        from app.sla_pdf import PdfOptions, export_pdf

        version = _version_id(args.workshop, args.version) if args.version is not None else None
        warnings += export_pdf(args.workshop, args.pdf, PdfOptions(version_id=version, paper=args.paper))
        out.write(f"wrote {args.pdf}\n")
    if args.xlsx is not None:
        from app.spreadsheet import export_xlsx

        warnings += export_xlsx(args.workshop, args.xlsx)
        out.write(f"wrote {args.xlsx}\n")
    for warning in warnings:
        err.write(f"warning: {warning}\n")
    return OK


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.spreadsheet import import_xlsx

    report = import_xlsx(args.workshop, args.spreadsheet)
    for line in report.lines():
        out.write(line + "\n")
    for problem in report.problems:
        err.write(f"not applied: {problem.describe()}\n")
    return PARTLY if report.problems else OK


def _verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from app.sla_pdf import verify_pdf

    result = verify_pdf(args.pdf, args.workshop)
    for line in result.lines:
        (out if result.ok else err).write(line + "\n")
    return OK if result.ok else FAILED


def run(argv: list[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    from app.errors import WorkshopError

    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has written the usage message
        return USAGE if exc.code else OK
    try:
        return {"export": _export, "import": _import, "verify": _verify}[args.command](args, out, err)
    except WorkshopError as exc:
        err.write(f"{args.command}: {exc.message}\n")
        return FAILED
    except OSError as exc:
        err.write(f"{args.command}: {exc.strerror or exc}: {exc.filename or ''}\n")
        return FAILED
