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

from app.database import fsync_dir, fsync_file, give_default_mode


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(scratch)` to make the new file, then put it at `path`. Raises what `write` or the file system
    raised (OSError for a folder that cannot be written), with `path` untouched."""
    from app.scratch import scratch_file

    path = Path(path).absolute()
    tmp = scratch_file(path, "part")
    try:
        write(tmp)
        fsync_file(tmp)
        give_default_mode(tmp)  # the scratch file is private (0600); an export is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the file is in place; a folder that cannot be synced changes nothing
        fsync_dir(path.parent)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """`write_atomic` for content already made in memory."""
    write_atomic(path, lambda tmp: tmp.write_bytes(data))


