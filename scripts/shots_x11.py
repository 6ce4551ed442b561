"""Screenshot the real app window on an Xvfb display, stepping through the agenda with the keyboard.

    .venv/bin/python scripts/shots_x11.py OUTDIR [--sizes 1280x720,1920x1080] [--text default,projector]
                                                 [--file WORKSHOP.cgw] [--steps N]

For each screen size this starts Xvfb, openbox (so the window is placed and sized as on a desktop) and
`python -m app` with fresh data and config folders, then drives it the way a facilitator would: Ctrl+PgUp to the
first step, then a screenshot and Ctrl+PgDown per step until the screen stops changing (or --steps is reached).
The "projector" text pass presses Ctrl+Shift+P (View > Projector Text) first and Ctrl+0 afterwards.

Shots go to OUTDIR/{W}x{H}-{text}-{i:02d}.png, the app's output to OUTDIR/app-{W}x{H}.log. Needs the Debian
packages xvfb, xdotool, imagemagick and openbox. A --file workshop is copied into the temporary data folder first,
so the original is never opened for writing.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
TEXT_MODES = ("default", "projector")
WINDOW_NAME = "Common Ground"
WINDOW_TIMEOUT = 30.0  # seconds to wait for the app's window
KEY_WAIT = 0.8  # seconds after a key press before looking at the screen
SETTLE_WAIT = 1.5  # seconds after the window appears
POLL_INTERVAL = 0.25
STABLE_TIMEOUT = 4.0  # give up waiting for two identical frames after this (a busy animation, say)
REWIND_PRESSES = 15
LOG_MARKERS = ("Warning", "Ambiguous", "Traceback")
REQUIRED_TOOLS = ("Xvfb", "openbox", "xdotool", "import", "convert")


class ShotError(RuntimeError):
    """Something in the X session or the app went wrong; the message says what."""


@dataclass(frozen=True)
class Size:
    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width}x{self.height}"

    @property
    def change_threshold(self) -> int:
        """Pixels that may differ between two frames that still count as "the same" (a blinking text cursor)."""
        return max(300, self.width * self.height // 5000)


def parse_size(text: str) -> Size:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size like 1280x720: {text!r}") from None
    if width < 320 or height < 200:
        raise argparse.ArgumentTypeError(f"size too small: {text!r}")
    return Size(width, height)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="folder for the PNGs and app logs (created if missing)")
    parser.add_argument("--sizes", default="1280x720,1920x1080", help="comma-separated screen sizes WxH")
    parser.add_argument("--text", default="default,projector",
                        help=f"comma-separated text sizes, from: {', '.join(TEXT_MODES)}")
    parser.add_argument("--file", type=Path, help="workshop (.cgw) to open instead of the demo")
    parser.add_argument("--steps", type=int, default=12, help="at most this many shots per pass (default 12)")
    args = parser.parse_args(argv)
    try:
        args.sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    args.text = [t.strip() for t in args.text.split(",") if t.strip()]
    if unknown := [t for t in args.text if t not in TEXT_MODES]:
        parser.error(f"unknown --text {', '.join(unknown)}; choose from {', '.join(TEXT_MODES)}")
    if not args.sizes or not args.text:
        parser.error("--sizes and --text need at least one value each")
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    if args.file is not None and not args.file.is_file():
        parser.error(f"no such workshop file: {args.file}")
    return args


def run(cmd: Sequence[str], env: dict[str, str], timeout: float = 20.0, check: bool = True) -> bytes:
    """Run a short helper command (xdotool, import, convert) and return its stdout."""
    try:
        done = subprocess.run(list(cmd), env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ShotError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}") from None
    if check and done.returncode != 0:
        raise ShotError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def stop(proc: subprocess.Popen[bytes] | None, timeout: float = 5.0) -> None:
    """Terminate one process this script started, killing it if it does not go."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


class XSession:
    """Xvfb + openbox + the app on one display; use as a context manager so everything is stopped afterwards."""

    def __init__(self, size: Size, outdir: Path, workshop: Path | None) -> None:
        self.size = size
        self.log_path = outdir / f"app-{size}.log"
        self.workshop = workshop
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.openbox: subprocess.Popen[bytes] | None = None
        self.app: subprocess.Popen[bytes] | None = None
        self.window = ""
        self.env: dict[str, str] = {}
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> XSession:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- starting ---------------------------------------------------------------------------------------------

    def _start(self) -> None:
        tmp = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix=f"cg-shots-{self.size}-")))
        display = self._start_xvfb(tmp / "xvfb.log")
        runtime = tmp / "runtime"
        runtime.mkdir(mode=0o700)
        self.env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                    "COMMONGROUND_DATA_DIR": str(tmp / "data"), "XDG_CONFIG_HOME": str(tmp / "config"),
                    "XDG_RUNTIME_DIR": str(runtime)}
        self.env.pop("WAYLAND_DISPLAY", None)
        print(f"[{self.size}] Xvfb on {display}")
        self._start_openbox(tmp / "openbox.log")
        self._start_app(tmp)
        self.window = self._wait_for_window()
        print(f"[{self.size}] window {self.window}: {self.geometry()}")
        run(["xdotool", "mousemove", str(self.size.width - 1), str(self.size.height - 1)], self.env)
        self.focus()
        time.sleep(SETTLE_WAIT)
        self.wait_stable()

    def _start_xvfb(self, log: Path) -> str:
        read_fd, write_fd = os.pipe()
        try:
            with log.open("wb") as err:
                self.xvfb = subprocess.Popen(
                    ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{self.size}x24", "-nolisten", "tcp"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, pass_fds=(write_fd,),
                    start_new_session=True)
            os.close(write_fd)
            write_fd = -1
            number = b""
            deadline = time.monotonic() + 15
            while not number.endswith(b"\n"):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([read_fd], [], [], remaining)[0]:
                    raise ShotError(f"Xvfb did not report a display: {log.read_text(errors='replace')}")
                chunk = os.read(read_fd, 16)
                if not chunk:
                    raise ShotError(f"Xvfb exited: {log.read_text(errors='replace')}")
                number += chunk
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        display = f":{int(number)}"
        if not Path(f"/tmp/.X11-unix/X{int(number)}").exists():
            raise ShotError(f"Xvfb reported {display} but its socket is missing")
        return display

    def _start_openbox(self, log: Path) -> None:
        with log.open("wb") as err:
            self.openbox = subprocess.Popen(["openbox", "--sm-disable"], env=self.env, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        deadline = time.monotonic() + 10
        while run(["xdotool", "get_desktop"], self.env, check=False) == b"":  # answers once a WM is running
            if self.openbox.poll() is not None or time.monotonic() > deadline:
                raise ShotError(f"openbox did not start: {log.read_text(errors='replace')}")
            time.sleep(0.1)

    def _start_app(self, tmp: Path) -> None:
        cmd = [str(PYTHON), "-m", "app"]
        if self.workshop is not None:
            copy = tmp / "workshop" / self.workshop.name
            copy.parent.mkdir()
            shutil.copy2(self.workshop, copy)
            cmd.append(str(copy))
        log = self._stack.enter_context(self.log_path.open("wb"))
        self.app = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_for_window(self) -> str:
        """Poll for the visible main window (like `xdotool search --sync`, but notices if the app dies)."""
        deadline = time.monotonic() + WINDOW_TIMEOUT
        while True:
            found = run(["xdotool", "search", "--onlyvisible", "--name", WINDOW_NAME], self.env, check=False)
            if ids := found.split():
                return ids[0].decode()
            self.check_alive()
            crashed = "Traceback" in self.log_text()  # the app shows an error box and would wait there forever
            if crashed or time.monotonic() > deadline:
                if crashed:
                    time.sleep(SETTLE_WAIT)  # let the error box paint
                screen = self.log_path.with_name(f"{self.size}-no-window.png")
                run(["import", "-silent", "-window", "root", str(screen)], self.env, check=False)
                reason = "the app raised an exception" if crashed else f"none after {WINDOW_TIMEOUT:.0f} s"
                raise ShotError(f"no visible '{WINDOW_NAME}' window: {reason} (screen saved to {screen})\n"
                                f"{self.log_text()}")
            time.sleep(POLL_INTERVAL)

    # -- driving ----------------------------------------------------------------------------------------------

    def check_alive(self) -> None:
        if self.app is not None and self.app.poll() is not None:
            raise ShotError(f"the app exited with status {self.app.returncode}\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def geometry(self) -> str:
        """The window's inside size as the window manager left it, e.g. "1280x680" (without title bar and frame)."""
        out = run(["xdotool", "getwindowgeometry", "--shell", self.window], self.env, check=False).decode()
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        if not {"WIDTH", "HEIGHT"} <= values.keys():
            return "unknown size"
        width, height = int(values["WIDTH"]), int(values["HEIGHT"])
        fits = width <= self.size.width and height <= self.size.height
        return f"{width}x{height}" + ("" if fits else " (larger than the screen: part of it is cut off)")

    def focus(self) -> None:
        run(["xdotool", "windowactivate", "--sync", self.window], self.env, check=False)
        run(["xdotool", "windowfocus", "--sync", self.window], self.env, check=False)

    def keys(self, *keys: str, settle: bool = True) -> None:
        """Press keys in the focused window (XTEST, so Qt treats them as real), then wait for the repaint."""
        self.check_alive()
        self.focus()
        run(["xdotool", "key", "--clearmodifiers", "--delay", "60", *keys], self.env)
        if settle:
            time.sleep(KEY_WAIT)
            self.wait_stable()

    def grab(self) -> bytes:
        """The whole screen as raw 8-bit RGB."""
        return run(["import", "-silent", "-window", "root", "-depth", "8", "rgb:-"], self.env)

    def wait_stable(self) -> bytes:
        """Grab frames until two in a row are the same (or STABLE_TIMEOUT passes); return the last."""
        deadline = time.monotonic() + STABLE_TIMEOUT
        previous = self.grab()
        while True:
            time.sleep(POLL_INTERVAL)
            current = self.grab()
            if current == previous or time.monotonic() > deadline:
                return current
            previous = current

    def shoot(self, path: Path) -> bytes:
        """Write a PNG of the screen with `import` and return its pixels as raw RGB."""
        self.check_alive()
        run(["import", "-silent", "-window", "root", str(path)], self.env)
        return run(["convert", str(path), "-depth", "8", "rgb:-"], self.env)

    def differs(self, a: bytes, b: bytes) -> bool:
        return count_changed_pixels(a, b, self.size.width * 3, self.size.change_threshold) > \
            self.size.change_threshold

    # -- stopping ---------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Quit the app (Ctrl+Q, then terminate), then openbox and Xvfb. Safe to call more than once."""
        try:
            if self.app is not None and self.app.poll() is None:
                if self.window:
                    with contextlib.suppress(ShotError, OSError):
                        self.focus()
                        run(["xdotool", "key", "--clearmodifiers", "ctrl+q"], self.env, timeout=5, check=False)
                try:
                    self.app.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    stop(self.app)
        finally:
            try:
                stop(self.openbox)
            finally:
                try:
                    stop(self.xvfb)
                finally:
                    self._stack.close()


def count_changed_pixels(a: bytes, b: bytes, row_bytes: int, limit: int) -> int:
    """How many RGB pixels differ between two same-sized frames; stops counting once past limit."""
    if a == b:
        return 0
    if len(a) != len(b):
        return limit + 1
    changed = 0
    for offset in range(0, len(a), row_bytes):
        row_a, row_b = a[offset:offset + row_bytes], b[offset:offset + row_bytes]
        if row_a == row_b:
            continue
        changed += sum(1 for i in range(0, row_bytes, 3) if row_a[i:i + 3] != row_b[i:i + 3])
        if changed > limit:
            break
    return changed


def shoot_pass(session: XSession, outdir: Path, text: str, steps: int) -> list[Path]:
    """One walk through the agenda from the first step; returns the files written."""
    prefix = f"{session.size}-{text}"
    for stale in outdir.glob(f"{prefix}-[0-9][0-9].png"):
        stale.unlink()
    session.keys(*["ctrl+Prior"] * REWIND_PRESSES)
    written: list[Path] = []
    previous: bytes | None = None
    for i in range(steps):
        path = outdir / f"{prefix}-{i:02d}.png"
        pixels = session.shoot(path)
        if previous is not None and not session.differs(previous, pixels):
            path.unlink()  # Ctrl+PgDown did nothing: that was the last step
            break
        print(f"wrote {path}")
        written.append(path)
        previous = pixels
        if i + 1 < steps:
            session.keys("ctrl+Next")
    return written


def shoot_size(size: Size, outdir: Path, texts: Sequence[str], steps: int, workshop: Path | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    session = XSession(size, outdir, workshop)
    try:
        with session:
            for text in texts:
                if text == "projector":
                    session.keys("ctrl+shift+p")  # View > Projector Text
                counts[text] = len(shoot_pass(session, outdir, text, steps))
                if text == "projector":
                    session.keys("ctrl+0")  # View > Normal Text Size, for the next pass
    finally:
        report_log(session.log_path)
    return counts


def report_log(path: Path) -> None:
    if not path.exists():
        return
    print(f"app log: {path}")
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if any(marker in line for marker in LOG_MARKERS):
            print(f"  {line}")


def iter_missing_tools() -> Iterator[str]:
    yield from (tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None)
    if not PYTHON.exists():
        yield str(PYTHON)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if missing := list(iter_missing_tools()):
        print(f"missing: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.outdir.mkdir(parents=True, exist_ok=True)
    workshop = args.file.resolve() if args.file else None
    summary: list[str] = []
    status = 0
    try:
        for size in args.sizes:
            try:
                counts = shoot_size(size, args.outdir, args.text, args.steps, workshop)
            except ShotError as exc:
                print(f"[{size}] failed: {exc}", file=sys.stderr)
                summary.append(f"{size}: failed")
                status = 1
                continue
            summary += [f"{size} {text}: {counts.get(text, 0)} shots" for text in args.text]
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        status = 130
    print("summary:")
    for line in summary or ["(no screen size finished)"]:
        print(f"  {line}")
    return status


if __name__ == "__main__":
    sys.exit(main())
