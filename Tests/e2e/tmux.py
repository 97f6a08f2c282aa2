"""A terminal for the end-to-end tests of `kiosk terminal`: a tmux server of its own, one window of a
given size, keys sent with send-keys and the screen read back with capture-pane.

Also turns the half-block QR code on a captured screen into a PBM picture for zbarimg, and, run as a
program, makes docs/screens/terminal-*: a recording of a visit (asciinema v2) and a picture of every screen:

    KIOSK_BIN=$PWD/.build/debug/kiosk .venv/bin/python Tests/e2e/tmux.py [FOLDER]
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
        """The screen's text; with `escapes`, with its colours and every cell to the right edge."""
        args = ["capture-pane", "-p", "-t", "kiosk"] + (["-e", "-N"] if escapes else [])
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


# ----------------------------------------------------------------------------- pictures of the screen


def xterm_rgb(n: int) -> tuple[int, int, int]:
    """The RGB of colour `n` of the xterm 256-colour palette."""
    base = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
    if n < 16:
        return base[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    level = 8 + 10 * (n - 232)
    return level, level, level


def parse_ansi(capture: str, width: int, height: int):
    """The cells of a `capture-pane -e` text: (character, foreground, background, bold) per cell, colours as
    RGB (the terminal's own: black on white)."""
    default_fg, default_bg = (0, 0, 0), (255, 255, 255)
    rows = []
    for line in capture.split("\n")[:height]:
        fg, bg, bold = default_fg, default_bg, False
        cells = []
        i = 0
        while i < len(line):
            if line[i] == "\x1b":
                m = re.match(r"\x1b\[([0-9;]*)m", line[i:])
                if not m:
                    i += 1
                    continue
                params = [int(p) if p else 0 for p in m.group(1).split(";")] or [0]
                j = 0
                while j < len(params):
                    p = params[j]
                    if p == 0:
                        fg, bg, bold = default_fg, default_bg, False
                    elif p == 1:
                        bold = True
                    elif p == 22:
                        bold = False
                    elif p in (38, 48) and j + 2 < len(params) and params[j + 1] == 5:
                        if p == 38:
                            fg = xterm_rgb(params[j + 2])
                        else:
                            bg = xterm_rgb(params[j + 2])
                        j += 2
                    elif p == 39:
                        fg = default_fg
                    elif p == 49:
                        bg = default_bg
                    elif 30 <= p <= 37:
                        fg = xterm_rgb(p - 30)
                    elif 40 <= p <= 47:
                        bg = xterm_rgb(p - 40)
                    j += 1
                i += len(m.group(0))
                continue
            cells.append((line[i], fg, bg, bold))
            i += 1
        cells += [(" ", default_fg, default_bg, False)] * (width - len(cells))
        rows.append(cells[:width])
    while len(rows) < height:
        rows.append([(" ", default_fg, default_bg, False)] * width)
    return rows


def screen_svg(capture: str, width: int, height: int, cell_w: int = 12, cell_h: int = 24) -> str:
    """An SVG picture of a captured screen: cell backgrounds, text in DejaVu Sans Mono, half blocks as exact
    rectangles (so a phone can scan the QR code off the picture)."""
    def hexa(rgb):
        return "#%02x%02x%02x" % rgb

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * cell_w}" height="{height * cell_h}" '
           f'viewBox="0 0 {width * cell_w} {height * cell_h}" shape-rendering="crispEdges">',
           '<rect width="100%" height="100%" fill="#ffffff"/>']
    texts = []
    for y, row in enumerate(parse_ansi(capture, width, height)):
        for x, (ch, fg, bg, bold) in enumerate(row):
            px, py = x * cell_w, y * cell_h
            if bg != (255, 255, 255):
                out.append(f'<rect x="{px}" y="{py}" width="{cell_w}" height="{cell_h}" fill="{hexa(bg)}"/>')
            if ch in "█▀▄":
                top = ch in "█▀"
                bottom = ch in "█▄"
                half = cell_h // 2
                if top:
                    out.append(f'<rect x="{px}" y="{py}" width="{cell_w}" height="{half}" fill="{hexa(fg)}"/>')
                if bottom:
                    out.append(f'<rect x="{px}" y="{py + half}" width="{cell_w}" height="{cell_h - half}" fill="{hexa(fg)}"/>')
            elif ch != " ":
                esc = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch)
                weight = ' font-weight="bold"' if bold else ""
                texts.append(f'<text x="{px}" y="{py + cell_h - 6}" fill="{hexa(fg)}"{weight}>{esc}</text>')
    out.append(f'<g font-family="DejaVu Sans Mono" font-size="{cell_w * 1.66:.1f}">')
    out += texts
    out.append("</g></svg>")
    return "\n".join(out)


def save_screen(term: Tmux, folder: Path, name: str) -> None:
    """`terminal-NAME.txt` (the text), `.ans` (with its colours, as capture-pane -e gives it) and `.png`."""
    plain = term.capture()
    coloured = term.capture(escapes=True)
    (folder / f"terminal-{name}.txt").write_text(plain, encoding="utf-8")
    (folder / f"terminal-{name}.ans").write_text(coloured, encoding="utf-8")
    svg = folder / f"terminal-{name}.svg"
    svg.write_text(screen_svg(coloured, term.width, term.height), encoding="utf-8")
    subprocess.run(["rsvg-convert", "-o", str(folder / f"terminal-{name}.png"), str(svg)], check=True, timeout=60)
    svg.unlink()


# ----------------------------------------------------------------------------- a recording (asciinema v2)


class CastRecorder:
    """The kiosk on a pseudo-terminal of its own, every byte it writes kept with its time: an asciinema v2
    recording (`.cast`)."""

    def __init__(self, command: list[str], env: dict[str, str], width: int = 80, height: int = 24):
        import fcntl
        import pty
        import struct
        import termios
        import threading

        self.width, self.height = width, height
        self.events: list[tuple[float, str]] = []
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.start = time.monotonic()
        self.proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL,
                                     env=env, start_new_session=True)
        os.close(slave)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        import codecs
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.events.append((time.monotonic() - self.start, decoder.decode(data)))

    def keys(self, text: str, pause: float = 0.9) -> None:
        """Types `text` (terminal bytes: "\\r" is Enter, "\\x7f" Backspace, "\\x1b[B" Down), then pauses."""
        os.write(self.master, text.encode())
        time.sleep(pause)

    def typing(self, text: str, pause: float = 0.9, gap: float = 0.08) -> None:
        for ch in text:
            os.write(self.master, ch.encode())
            time.sleep(gap)
        time.sleep(pause)

    def save(self, path: Path, title: str) -> None:
        self.proc.wait(timeout=15)
        self.reader.join(timeout=5)
        header = {"version": 2, "width": self.width, "height": self.height, "timestamp": int(time.time()),
                  "title": title, "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"}}
        import json
        lines = [json.dumps(header)] + [json.dumps([round(t, 3), "o", text], ensure_ascii=False) for t, text in self.events]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def record(binary: Path, content: Path, folder: Path) -> None:
    """Makes docs/screens/terminal-*: a recording of a resident's visit and pictures of every screen."""
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        colour = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": str(tmp)}
        base = [str(binary), "terminal", "--content", str(content), "--kiosk", "kiosk-1"]

        # The recording: one resident rates, reads a guide, calls staff; the next walks away.
        cast = CastRecorder(base + ["--data", str(tmp / "cast"), "--idle", "10"], colour)
        time.sleep(2.5)
        cast.keys("1", 2)
        cast.keys("3", 2)
        cast.keys("1", 0.6)
        cast.keys("4", 1.2)
        cast.keys("\r", 1.5)
        cast.typing("Cans booj raats nhieetj tinhf, nhwng phair chowf laau.", 1.5)
        cast.keys("\r", 1.5)
        cast.keys("1", 0.7)
        cast.keys("0", 1.5)
        cast.keys("2", 1.5)
        cast.keys("1", 3)
        cast.keys("\r", 1.5)
        cast.keys("2", 2)
        cast.keys("1", 3.5)
        cast.keys("\x1b[B", 2.5)
        cast.keys("\x7f", 1.2)
        cast.keys("\x7f", 1.5)
        cast.keys("3", 1.5)
        cast.keys("1", 2)
        cast.keys("2", 3)
        cast.keys("\r", 1.5)
        cast.keys("0", 2.5)
        cast.keys("1", 2)
        cast.keys("1", 17)
        cast.keys("\x03", 0.5)
        cast.save(folder / "terminal-demo.cast", "kiosk terminal: a rating, a guide with its QR code, a call for staff, an idle reset")

        # The pictures, one per screen.
        term = Tmux(tmp / "tmux.sock")
        try:
            term.start(base + ["--data", str(tmp / "shots"), "--idle", "8"], env=colour)
            term.wait_for("Xin chào! Ông/Bà cần gì?")
            time.sleep(SETTLE)
            save_screen(term, folder, "home")
            term.press("1", "Rất hài lòng")
            save_screen(term, folder, "rate")
            term.press("3", "Điều gì khiến")
            term.send("1")
            term.send("4")
            term.wait_for("[✓] Thái độ")
            save_screen(term, folder, "reasons")
            term.press("Enter", "góp ý thêm")
            term.type("Cans booj raats nhieetj tinhf, nhwng phair chowf laau.")
            term.wait_for("phải chờ lâu.")
            save_screen(term, folder, "comment")
            term.press("Enter", "quầy nào")
            term.send("1")
            term.wait_for("Bấm thêm một số")
            save_screen(term, folder, "counter")
            term.press("0", "Cán bộ nào")
            save_screen(term, folder, "officer")
            term.press("2", "lĩnh vực nào")
            term.press("3", "Cảm ơn Ông/Bà đã đánh giá!")
            save_screen(term, folder, "thanks")
            term.press("Enter", "Xin chào!")
            term.press("2", "Bấm số để xem hướng dẫn.")
            save_screen(term, folder, "help")
            term.press("1", "Xem thêm")
            save_screen(term, folder, "help-topic")
            term.press("0", "Đã gọi cán bộ hỗ trợ")
            save_screen(term, folder, "call")
            term.press("Enter", "Xem thêm")
            term.wait_for("Ông/Bà còn đang sử dụng máy không?", timeout=15)
            time.sleep(1.2)
            save_screen(term, folder, "idle")
            term.wait_for("Xin chào!", timeout=15)
            time.sleep(SETTLE)
            term.press("3", "Welcome!")
            term.press("1", "Very satisfied")
            save_screen(term, folder, "rate-en")
            term.send("C-c")
            term.kill()

            term = Tmux(tmp / "tmux2.sock")
            term.start(base + ["--data", str(tmp / "plain")], env={"TERM": "vt100", "LANG": "C", "LC_ALL": "C"})
            term.wait_for("Xin chao!")
            time.sleep(SETTLE)
            term.press("1", "Rat hai long")
            save_screen(term, folder, "plain-rate")
            term.press("BSpace", "Xin chao!")
            term.press("2", "Huong dan")
            term.press("1", "Mo tren dien thoai")
            save_screen(term, folder, "plain-help-topic")
            term.send("C-c")
        finally:
            term.kill()


if __name__ == "__main__":
    import sys

    repo = Path(__file__).resolve().parents[2]
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else repo / "docs" / "screens"
    record(Path(os.environ.get("KIOSK_BIN", repo / ".build/debug/kiosk")), repo / "kiosk-content", out)
    print(f"wrote {out}/terminal-*")
