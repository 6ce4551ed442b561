"""Writing an export so that the file at its path is always whole: the old one until the new one is complete.

The new file is written under a scratch name beside the target (same folder, so the rename cannot cross file
systems), synced, and swapped in with `os.replace`; a failure at any point removes the scratch file and leaves
whatever was at the target byte-identical. Every export (spreadsheet, PDF) goes through `write_atomic`.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(scratch)` to make the new file, then put it at `path`. Raises what `write` or the file system
    raised (OSError for a folder that cannot be written), with `path` untouched."""
    from app.scratch import scratch_file

    path = Path(path).absolute()
    tmp = scratch_file(path, "part")
    try:
        write(tmp)
        _fsync(tmp)
        _give_default_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """`write_atomic` for content already made in memory."""
    write_atomic(path, lambda tmp: tmp.write_bytes(data))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # the file is in place; a folder that cannot be synced changes nothing
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _give_default_mode(path: Path) -> None:
    # The scratch file is private (0600); an export is meant to be shared, so it gets a new file's usual mode.
    if os.name == "posix":
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(path, 0o666 & ~umask)
