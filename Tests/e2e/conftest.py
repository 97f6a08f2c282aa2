"""End-to-end fixtures: a real `kiosk serve` on a loopback port and a real headless Chromium.

Environment:
  KIOSK_BIN      absolute path to the built `kiosk` binary (default: .build/debug/kiosk, then
                 .build/release/kiosk of this repository; the tests are skipped when none exists)
  KIOSK_CONTENT  content folder (default: kiosk-content/ of this repository)
  CHROMIUM_BIN   Chromium binary (default /usr/bin/chromium)
  CHROMEDRIVER   chromedriver binary (default /usr/bin/chromedriver)
  E2E_ARTIFACTS  folder for screenshots and logs of failed tests (default: pytest's temporary folder)
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
WAIT = 10.0                 # default WebDriverWait timeout, seconds
OUTBOX_KEY = "citizenkiosk.outbox.v1"


# ----------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kiosk_binary() -> Path:
    env = os.environ.get("KIOSK_BIN")
    if env:
        path = Path(env)
        if not (path.is_file() and os.access(path, os.X_OK)):
            pytest.fail(f"KIOSK_BIN={env} is not an executable file", pytrace=False)
        return path
    for candidate in (REPO / ".build/debug/kiosk", REPO / ".build/release/kiosk"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("no kiosk binary: build it (swift build) or set KIOSK_BIN")


def _content_dir() -> Path:
    return Path(os.environ.get("KIOSK_CONTENT", REPO / "kiosk-content")).resolve()


class KioskServer:
    """One running `kiosk serve` with its own data folder."""

    def __init__(self, binary: Path, content: Path, data: Path):
        self.binary = binary
        self.content = content
        self.data = data
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = data.parent / f"{data.name}-serve.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--content", str(content), "--data", str(data),
             "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"kiosk serve exited with {self.proc.returncode}:\n{self.log_tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(self.base_url + "/health", timeout=2) as res:
                    if res.status == 200:
                        return
                    last = f"HTTP {res.status}"
            except urllib.error.HTTPError as e:
                last = f"HTTP {e.code}"
            except OSError as e:
                last = str(e)
            time.sleep(0.1)
        pytest.fail(f"kiosk serve did not answer GET /health with 200 within {STARTUP_TIMEOUT:.0f} s "
                    f"(last: {last}):\n{self.log_tail()}", pytrace=False)

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def died(self) -> str | None:
        """Why the server is no longer running, or None while it runs."""
        code = self.proc.poll()
        if code is None:
            return None
        return f"kiosk serve exited by itself with {code}:\n{self.log_tail()}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    # --- what the server stored

    @property
    def db_path(self) -> Path:
        return self.data / "kiosk.sqlite"

    def ratings(self) -> list[dict]:
        """Every row of table `rating`, as dicts, read with Python's own sqlite3."""
        if not self.db_path.exists():
            return []
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        try:
            con.row_factory = sqlite3.Row
            return [dict(r) for r in con.execute("SELECT * FROM rating")]
        finally:
            con.close()

    def rating(self, rating_id: str) -> dict | None:
        rows = [r for r in self.ratings() if r["id"] == rating_id]
        assert len(rows) <= 1, f"{len(rows)} rows with id {rating_id}"
        return rows[0] if rows else None

    def stats(self) -> dict:
        res = subprocess.run(
            [str(self.binary), "stats", "--data", str(self.data), "--content", str(self.content), "--format", "json"],
            capture_output=True, text=True, timeout=60,
        )
        assert res.returncode == 0, f"kiosk stats exited {res.returncode}: {res.stderr}"
        return json.loads(res.stdout)

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.base_url + path, timeout=10) as res:
            return json.loads(res.read())


@pytest.fixture(scope="session")
def kiosk_binary() -> Path:
    return _kiosk_binary()


@pytest.fixture(scope="session")
def content_dir() -> Path:
    return _content_dir()


@pytest.fixture(scope="session")
def server(kiosk_binary, content_dir, tmp_path_factory):
    """The shared server of the session: tests that use it find their ratings by id."""
    srv = KioskServer(kiosk_binary, content_dir, tmp_path_factory.mktemp("data"))
    yield srv
    died = srv.died()
    srv.stop()
    assert died is None, died


@pytest.fixture
def fresh_server(kiosk_binary, content_dir, tmp_path_factory):
    """A server with an empty store of its own, for tests that count every rating."""
    srv = KioskServer(kiosk_binary, content_dir, tmp_path_factory.mktemp("fresh-data"))
    yield srv
    died = srv.died()
    srv.stop()
    assert died is None, died


# ----------------------------------------------------------------------------- content


@pytest.fixture(scope="session")
def locales(content_dir) -> dict[str, dict[str, str]]:
    """{lang: {"table.key": text}} read from kiosk-content/locales/*.toml."""
    out = {}
    for path in sorted((content_dir / "locales").glob("*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        out[path.stem] = {f"{table}.{key}": value for table, keys in data.items() for key, value in keys.items()}
    return out


@pytest.fixture(scope="session")
def quick_survey(content_dir) -> dict:
    with open(content_dir / "surveys" / "quick.toml", "rb") as f:
        return tomllib.load(f)


# ----------------------------------------------------------------------------- the browser


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def set_viewport(driver, width: int, height: int) -> None:
    """Sizes the window so that the page itself (innerWidth x innerHeight) is width x height."""
    driver.set_window_size(width, height)
    for _ in range(3):
        iw, ih = driver.execute_script("return [window.innerWidth, window.innerHeight]")
        if (iw, ih) == (width, height):
            return
        size = driver.get_window_size()
        driver.set_window_size(size["width"] + width - iw, size["height"] + height - ih)


@pytest.fixture
def driver(request, tmp_path_factory):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--hide-scrollbars", "--lang=vi-VN"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    drv = webdriver.Chrome(service=service, options=opts)
    set_viewport(drv, 1280, 800)
    yield drv
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        folder = Path(os.environ.get("E2E_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
        folder.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_")
        try:
            drv.save_screenshot(str(folder / f"{name}.png"))
            logs = drv.get_log("browser")
            (folder / f"{name}-console.txt").write_text("\n".join(str(entry) for entry in logs))
            print(f"\nscreenshot and console log of the failure: {folder}/{name}*")
        except Exception as e:  # the browser may be what failed
            print(f"\ncould not save artifacts: {e}")
    drv.quit()


class KioskPage:
    """The rating page as a resident sees it, driven through the browser."""

    def __init__(self, driver):
        self.driver = driver
        self.server: KioskServer | None = None

    def open(self, server: KioskServer, **params) -> "KioskPage":
        self.server = server
        query = ("/?" + urllib.parse.urlencode(params)) if params else "/"
        self.driver.get(server.base_url + query)
        self.wait_screen("start")
        return self

    def set_viewport(self, width: int, height: int) -> None:
        set_viewport(self.driver, width, height)

    def reload(self) -> None:
        self.driver.refresh()
        self.wait_screen("start")

    def wait(self, condition, timeout: float = WAIT, message: str = ""):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda d: condition(), message)

    def el(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def els(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def screen(self, name: str):
        return self.el(f'[data-screen="{name}"]')

    def visible_screens(self) -> list[str]:
        return [s.get_attribute("data-screen") for s in self.els("[data-screen]") if s.is_displayed()]

    def wait_screen(self, name: str, timeout: float = WAIT) -> None:
        self.wait(lambda: self.visible_screens() == [name], timeout,
                  f"screen {name!r} did not become the only visible one")
        if name == "start":
            self.wait(lambda: len(self.els('[data-screen="start"] [data-choice]')) > 0, timeout, "no choices")

    def choice(self, choice_id: str):
        return self.el(f'[data-screen="start"] [data-choice="{choice_id}"]')

    def reason(self, reason_id: str):
        return self.el(f'[data-screen="followup"] [data-reason="{reason_id}"]')

    def lang(self) -> str:
        return self.driver.execute_script("return document.documentElement.lang")

    def outbox(self) -> list[dict]:
        raw = self.driver.execute_script(f"return window.localStorage.getItem('{OUTBOX_KEY}')")
        return json.loads(raw) if raw else []

    def thanks_rating_id(self) -> str:
        return self.screen("thanks").get_attribute("data-rating-id")

    def wait_thanks(self, saved: bool = True) -> str:
        """Waits for the thank-you screen; returns the id of the rating just made."""
        self.wait_screen("thanks")
        assert self.screen("thanks").get_attribute("data-saved") == str(saved).lower()
        return self.thanks_rating_id()

    def block_ratings_post(self, blocked: bool) -> None:
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/api/v1/ratings*"] if blocked else []})

    def post_json(self, path: str, body: str) -> dict:
        """POSTs from inside the page (same origin); returns {status, body}."""
        return self.driver.execute_async_script(
            """
            const [path, body, done] = arguments;
            fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: body})
              .then(async r => done({status: r.status, body: await r.text()}))
              .catch(e => done({status: 0, body: String(e)}));
            """,
            path, body,
        )


@pytest.fixture
def page(driver) -> KioskPage:
    return KioskPage(driver)
