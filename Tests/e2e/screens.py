#!/usr/bin/env python3
"""Saves every kiosk screen as docs/screens/<screen>-<portrait|landscape>.png (1080 x 1920 and
1920 x 1080), for docs/kiosk.md. Not a test: run it by hand after changing the page, then look at the
pictures.

    KIOSK_BIN=$PWD/.build/debug/kiosk .venv/bin/python Tests/e2e/screens.py [--out docs/screens]

It starts its own `kiosk serve` on the sample content (kiosk-content/, or KIOSK_CONTENT) with an empty
data folder, walks a hall kiosk (?kiosk=kiosk-1) through every screen in Vietnamese the way the e2e
tests do (conftest.KioskPage.walk), and shrinks each PNG when pngquant or optipng is installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import conftest  # noqa: E402  (the fixtures' helpers, used outside pytest)

ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def shrink(png: Path) -> None:
    """Smaller files when pngquant or optipng is installed (neither is required)."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--output", str(png), "64", str(png)],
                       capture_output=True)
    elif shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", "-strip", "all", str(png)], capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(conftest.REPO / "docs" / "screens"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    binary = Path(os.environ.get("KIOSK_BIN") or conftest.REPO / ".build/debug/kiosk")
    if not os.access(binary, os.X_OK):
        print(f"no kiosk binary at {binary}: build it (swift build) or set KIOSK_BIN", file=sys.stderr)
        return 2
    data = Path(tempfile.mkdtemp(prefix="kiosk-screens-")) / "data"
    data.mkdir()
    server = conftest.KioskServer(binary, conftest._content_dir(), data, staff=True)
    driver = conftest._new_chromium()
    saved = []
    try:
        page = conftest.KioskPage(driver)
        for orientation, (width, height) in ORIENTATIONS.items():
            conftest._reset_chromium(driver)
            conftest.set_viewport(driver, width, height)

            def shot(name: str) -> None:
                # the text caret blinks: keep it out of the pictures
                page.js("for (const id of ['comment', 'dossier-input', 'help-search'])"
                        " document.getElementById(id).style.caretColor = 'transparent'")
                path = out / f"{name}-{orientation}.png"
                driver.save_screenshot(str(path))
                shrink(path)
                saved.append(path)

            page.walk(server, shot)
            # Someone takes the call: the kiosk says someone is coming.
            call_id = page.screen("call").get_attribute("data-call-id")
            staff = conftest.StaffSession(server)
            staff.request(f"/staff/calls/{call_id}/take", {})
            page.wait(lambda: page.screen("call").get_attribute("data-status") == "taken", timeout=15)
            shot("call-coming")
            page.show_countdown(server)
            shot("idle")
    finally:
        driver.quit()
        server.stop()
        shutil.rmtree(data.parent, ignore_errors=True)
    for path in saved:
        print(f"{path.relative_to(conftest.REPO) if path.is_relative_to(conftest.REPO) else path}"
              f"  {path.stat().st_size // 1024} KiB")
    names = sorted({re.sub(r"-(portrait|landscape)\.png$", "", p.name) for p in saved})
    print(f"{len(saved)} pictures of {len(names)} screens: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
