"""A terminal for the end-to-end tests of `kiosk terminal`: a tmux server of its own, one window of a
given size, keys sent with send-keys and the screen read back with capture-pane.

Also turns the half-block QR code on a captured screen into a PBM picture for zbarimg.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from pathlib import Path

SETTLE = 0.5        # the kiosk ignores keys within 0.4 s of a new screen (the second half of a double press)
WAIT = 10.0         # default wait for a screen, seconds


class Tmux:
    """One tmux server on its own socket, holding one session of `width` x `height`."""

    def __init__(self, socket: Path, width: int = 80, height: int = 24):
        self.socket = socket
        self.width = width
        self.height = height
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "TMUX"))}
        self.env["LANG"] = "C.UTF-8"   # the tmux server itself keeps UTF-8 cells

    def tmux(self, *args: str, check: bool = True) -> str:
        res = subprocess.run(["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
                             capture_output=True, text=True, env=self.env, timeout=30)
        if check and res.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {res.stderr.strip()}")
        return res.stdout

    def start(self, command: list[str], env: dict[str, str] | None = None) -> None:
        """Starts `command` in the window with exactly `env` added to a clean environment."""
        assignments = [f"{k}={v}" for k, v in (env or {}).items()]
        line = "exec env -i PATH=/usr/bin:/bin HOME=/tmp " + " ".join(shlex.quote(a) for a in assignments + command)
        self.tmux("new-session", "-d", "-s", "kiosk", "-x", str(self.width), "-y", str(self.height), line)
        self.tmux("set-option", "-t", "kiosk", "remain-on-exit", "on")

    def send(self, *keys: str) -> None:
        """Keys by tmux name: "1", "Enter", "BSpace", "Down", "C-c", "F2" …"""
        self.tmux("send-keys", "-t", "kiosk", *keys)

    def type(self, text: str) -> None:
        """Text typed as it is (each character a key)."""
        self.tmux("send-keys", "-t", "kiosk", "-l", text)

    def capture(self, escapes: bool = False) -> str:
        args = ["capture-pane", "-p", "-t", "kiosk"] + (["-e"] if escapes else [])
        return self.tmux(*args)

    def lines(self) -> list[str]:
        return self.capture().split("\n")[: self.height]

    def display(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "kiosk", fmt).strip()

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.tmux("resize-window", "-t", "kiosk", "-x", str(width), "-y", str(height))

    def pane_pid(self) -> int:
        return int(self.display("#{pane_pid}"))

    def dead(self) -> bool:
        return self.display("#{pane_dead}") == "1"

    def wait_for(self, *texts: str, timeout: float = WAIT, gone: bool = False) -> str:
        """Waits until every text is on the screen (or, with `gone`, none is); returns the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            present = [t in screen for t in texts]
            if (not gone and all(present)) or (gone and not any(present)):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"waited {timeout:.0f} s for {texts!r} to {'go' if gone else 'show'}; the screen:\n{screen}")

    def wait_match(self, pattern: str, timeout: float = WAIT) -> re.Match:
        """Waits until the screen matches the regular expression `pattern`; returns the match."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            found = re.search(pattern, screen)
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"waited {timeout:.0f} s for /{pattern}/; the screen:\n{screen}")

    def press(self, key: str, *expect: str, timeout: float = WAIT) -> str:
        """A key as a person presses it: then waits for `expect` and for the new screen to take keys."""
        self.send(key)
        screen = self.wait_for(*expect, timeout=timeout) if expect else self.capture()
        time.sleep(SETTLE)
        return screen

    def kill(self) -> None:
        self.tmux("kill-server", check=False)


def qr_modules(screen: str) -> list[list[bool]]:
    """The dark modules of the QR code drawn on `screen` in half blocks (two module rows per text row),
    without its quiet zone: the bounding box of the block characters, cut to a square."""
    lines = screen.split("\n")
    cells = [(r, c) for r, line in enumerate(lines) for c, ch in enumerate(line) if ch in "█▀▄"]
    if not cells:
        raise AssertionError(f"no half blocks on the screen:\n{screen}")
    r0, r1 = min(r for r, _ in cells), max(r for r, _ in cells)
    c0, c1 = min(c for _, c in cells), max(c for _, c in cells)
    side = c1 - c0 + 1
    grid: list[list[bool]] = []
    for r in range(r0, r1 + 1):
        line = lines[r].ljust(c1 + 1)
        grid.append([line[c] in "█▀" for c in range(c0, c1 + 1)])
        grid.append([line[c] in "█▄" for c in range(c0, c1 + 1)])
    # The first dark row may be the lower half of a text row.
    while grid and not any(grid[0]):
        grid.pop(0)
    return grid[:side]


def write_pbm(modules: list[list[bool]], path: Path, scale: int = 8, quiet: int = 4) -> None:
    """A plain PBM picture of the modules, each `scale` pixels, with a `quiet`-module white border."""
    side = len(modules[0])
    n = side + 2 * quiet
    rows = []
    for y in range(n):
        bits = []
        for x in range(n):
            inside = quiet <= x < quiet + side and quiet <= y < quiet + len(modules)
            bits.append("1" if inside and modules[y - quiet][x - quiet] else "0")
        row = " ".join(b for b in bits for _ in range(scale))
        rows.extend([row] * scale)
    path.write_text(f"P1\n{n * scale} {n * scale}\n" + "\n".join(rows) + "\n")


def zbar(path: Path) -> str:
    res = subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, f"zbarimg found no code in {path}: {res.stderr}"
    return res.stdout.rstrip("\n")
