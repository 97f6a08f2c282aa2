"""End-to-end fixtures: a real `kiosk serve` on a loopback port and a real headless Chromium.

Environment:
  KIOSK_BIN      absolute path to the built `kiosk` binary (default: .build/debug/kiosk, then
                 .build/release/kiosk of this repository; the tests are skipped when none exists)
  KIOSK_CONTENT  content folder (default: kiosk-content/ of this repository)
  CHROMIUM_BIN   Chromium binary (default /usr/bin/chromium)
  CHROMEDRIVER   chromedriver binary (default /usr/bin/chromedriver)
  E2E_ARTIFACTS  folder for screenshots and logs of failed tests (default: pytest's temporary folder)

One Chromium serves the whole session (starting one per test costs about a second each); every test
starts from a blank page with the storage of every kiosk origin cleared, no blocked URLs, no network
throttling and a 1920 x 1080 window (a landscape kiosk screen).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import tomllib
import uuid
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
WAIT = 10.0                 # default WebDriverWait timeout, seconds
OUTBOX_KEY = "citizenkiosk.outbox.v1"
STAFF_NAME = "canbo"
STAFF_PASSWORD = "mat-khau-can-bo"
UNLISTED_KIOSK = "kiosk-9"  # what page.open() pairs without kiosk=: a hall kiosk with no [[kiosks]] table
SETTLE = 0.4                # the page ignores taps on a screen shown less than this long ago (seconds)


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

    def __init__(self, binary: Path, content: Path, data: Path, staff: bool = False, extra_args: tuple[str, ...] = ()):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.content = content
        self.data = data
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = data.parent / f"{data.name}-serve.log"
        self._log = open(self.log_path, "ab")
        self.kiosks: dict[str, tuple[str, str]] = {}   # kiosk id -> (pairing link, bearer token)
        self.device_cookies: dict[str, str] = {}       # kiosk id -> the device cookie a browser got by pairing
        if staff:
            self.add_user(STAFF_NAME, STAFF_PASSWORD, "staff")
        self.start()

    def add_user(self, name: str, password: str, role: str) -> None:
        res = subprocess.run([str(self.binary), "user", "add", name, "--role", role, "--data", str(self.data)],
                             input=password + "\n", capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, f"kiosk user add exited {res.returncode}: {res.stderr}"

    def add_kiosk(self, kiosk_id: str) -> tuple[str, str]:
        """`kiosk kiosks add`, once per kiosk id: its (pairing link, bearer token)."""
        if kiosk_id not in self.kiosks:
            res = subprocess.run([str(self.binary), "kiosks", "add", kiosk_id, "--data", str(self.data),
                                  "--content", str(self.content), "--base", self.base_url],
                                 capture_output=True, text=True, timeout=60)
            assert res.returncode == 0, f"kiosk kiosks add exited {res.returncode}: {res.stderr}"
            found = dict(line.split(": ", 1) for line in res.stdout.splitlines() if line.startswith(("pairing link: ", "token: ")))
            self.kiosks[kiosk_id] = (found["pairing link"], found["token"])
        return self.kiosks[kiosk_id]

    def kiosk_token(self, kiosk_id: str = "kiosk-1") -> str:
        """The bearer token of a paired kiosk (the text-terminal kiosk, direct API calls)."""
        return self.add_kiosk(kiosk_id)[1]

    def start(self) -> None:
        """Starts `kiosk serve` on this server's port and data folder (again, after stop())."""
        if self._log.closed:
            self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [str(self.binary), "serve", "--content", str(self.content), "--data", str(self.data),
             "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args],
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

    def get_bytes(self, path: str, headers: dict | None = None) -> tuple[int, str, bytes]:
        try:
            with urllib.request.urlopen(urllib.request.Request(self.base_url + path, headers=headers or {}), timeout=30) as res:
                return res.status, res.headers.get("Content-Type", ""), res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read()


class StaffSession:
    """A staff member signed in through POST /login, with the session cookie kept (no browser)."""

    def __init__(self, server: KioskServer, name: str = STAFF_NAME, password: str = STAFF_PASSWORD):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""
        status, _, body = self.request("/login", {"name": name, "password": password})
        assert status in (200, 303), f"sign-in answered {status}: {body[:300]!r}"
        assert any(True for _ in self.jar), "no session cookie after sign-in"
        # The session's CSRF token, from the <meta name="csrf-token"> of a staff page, as a browser has it.
        page = self.request("/staff/calls")[2]
        marker = '<meta name="csrf-token" content="'
        assert marker in page, "no csrf-token meta on /staff/calls"
        self.csrf = page.split(marker, 1)[1].split('"', 1)[0]

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """GET (or POST the form, with the CSRF token); redirects are followed. Returns (status, final URL, body)."""
        if form is not None and self.csrf:
            form = {**form, "csrf": self.csrf}
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.server.base_url + path, data=data, method="POST" if form is not None else "GET")
        try:
            with self.opener.open(req, timeout=15) as res:
                return res.status, res.geturl(), res.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, path, e.read().decode("utf-8", "replace")


@pytest.fixture(scope="session")
def kiosk_binary() -> Path:
    return _kiosk_binary()


@pytest.fixture(scope="session")
def content_dir() -> Path:
    return _content_dir()


@pytest.fixture(scope="session")
def server(kiosk_binary, content_dir, tmp_path_factory):
    """The shared server of the session: tests that use it find their ratings by id."""
    srv = KioskServer(kiosk_binary, content_dir, tmp_path_factory.mktemp("data"), staff=True)
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


_ORIGINS: set[str] = set()   # every kiosk origin a test opened: its storage is cleared before the next test


def _new_chromium():
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1920,1080", "--hide-scrollbars", "--lang=vi-VN",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=opts)


def _reset_chromium(drv) -> None:
    drv.get("about:blank")
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions",
                        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    drv.execute_cdp_cmd("Network.clearBrowserCookies", {})
    for origin in _ORIGINS:
        drv.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    drv.get_log("browser")  # drop the previous test's console
    set_viewport(drv, 1920, 1080)


@pytest.fixture(scope="session")
def chromium():
    holder = {"driver": _new_chromium()}
    yield holder
    try:
        holder["driver"].quit()
    except Exception:
        pass


@pytest.fixture
def driver(request, chromium, tmp_path_factory):
    drv = chromium["driver"]
    try:
        _reset_chromium(drv)
    except Exception:  # the browser died in an earlier test: start another one
        try:
            drv.quit()
        except Exception:
            pass
        drv = chromium["driver"] = _new_chromium()
        _reset_chromium(drv)
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


class KioskPage:
    """The kiosk page as a resident sees it, driven through the browser."""

    def __init__(self, driver):
        self.driver = driver
        self.server: KioskServer | None = None

    # --- opening and waiting

    def open(self, server: KioskServer, **params) -> "KioskPage":
        """Opens the kiosk page as a paired kiosk: `kiosk` (default UNLISTED_KIOSK) is paired once per server
        through its pairing link, and its device cookie is given back to the browser after each reset."""
        self.server = server
        _ORIGINS.add(server.base_url)
        self.pair(server, params.get("kiosk") or UNLISTED_KIOSK)
        query = ("/?" + urllib.parse.urlencode(params)) if params else "/"
        self.driver.get(server.base_url + query)
        self.wait_screen("home")
        return self

    def pair(self, server: KioskServer, kiosk_id: str) -> None:
        """Makes this browser the paired kiosk `kiosk_id` of `server`."""
        cookie = server.device_cookies.get(kiosk_id)
        if cookie is None:
            link, _ = server.add_kiosk(kiosk_id)
            self.driver.get(link)
            self.wait(lambda: self.driver.get_cookie("kiosk_device") is not None, message=f"opening {link} paired nothing")
            server.device_cookies[kiosk_id] = self.driver.get_cookie("kiosk_device")["value"]
        else:
            self.driver.execute_cdp_cmd("Network.setCookie", {"name": "kiosk_device", "value": cookie, "url": server.base_url + "/",
                                                                "path": "/", "httpOnly": True, "sameSite": "Strict"})

    def set_viewport(self, width: int, height: int) -> None:
        set_viewport(self.driver, width, height)

    def reload(self) -> None:
        self.driver.refresh()
        self.wait_screen("home")

    def wait(self, condition, timeout: float = WAIT, message: str = ""):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda d: condition(), message)

    def el(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def els(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def screen(self, name: str):
        return self.el(f'[data-screen="{name}"]')

    def visible_screens(self) -> list[str]:
        return self.js("return [...document.querySelectorAll('[data-screen]')]"
                       ".filter(s => !s.hidden && s.offsetParent !== null).map(s => s.dataset.screen)")

    def settled(self) -> bool:
        return self.js("return document.body.dataset.settled") == "true"

    def wait_screen(self, name: str, timeout: float = WAIT) -> None:
        """Waits until `name` is the only screen shown and takes taps (the page ignores the first 0.4 s)."""
        self.wait(lambda: self.visible_screens() == [name] and self.settled(), timeout,
                  f"screen {name!r} did not become the only visible one (shown: {self.visible_screens()})")
        if name == "rate":
            self.wait(lambda: len(self.els('[data-screen="rate"] [data-choice]')) > 0, timeout, "no choices")

    def tap(self, css: str) -> None:
        """A resident's tap: never within the first 0.4 s of a screen (the page takes that for a double tap)."""
        self.wait(self.settled, message="the screen did not settle")
        self.el(css).click()

    # --- the rating flow

    def start_rating(self) -> None:
        self.tap("#go-rate")
        self.wait_screen("rate")

    def choice(self, choice_id: str):
        return self.el(f'[data-screen="rate"] [data-choice="{choice_id}"]')

    def reason(self, reason_id: str):
        return self.el(f'[data-screen="followup"] [data-reason="{reason_id}"]')

    def rate(self, choice_id: str, next_screen: str | None = None) -> None:
        """From the attract screen: starts a rating and taps a main answer."""
        self.start_rating()
        self.choice(choice_id).click()
        if next_screen:
            self.wait_screen(next_screen)

    def type_on_screen(self, text: str, keyboard: str = "#comment-keyboard") -> None:
        """Taps the on-screen keys for `text` (capitals through the shift key, ' ' on the space bar)."""
        self.wait(self.settled, message="the screen did not settle")
        for ch in text:
            if ch == " ":
                self.el(f'{keyboard} [data-key="space"]').click()
                continue
            if ch.isupper() and self.els(f'{keyboard} [data-key="shift"]'):
                self.el(f'{keyboard} [data-key="shift"]').click()
                ch = ch.lower()
            self.el(f'{keyboard} [data-key="{ch}"]').click()

    def scan(self, code: str, target=None) -> None:
        """What a USB scanner does: the code typed fast, then Enter, at the element with the focus."""
        if target is None:
            ActionChains(self.driver).send_keys(code + Keys.ENTER).perform()
        else:
            target.send_keys(code + Keys.ENTER)

    def lang(self) -> str:
        return self.js("return document.documentElement.lang")

    def outbox(self) -> list[dict]:
        raw = self.js(f"return window.localStorage.getItem('{OUTBOX_KEY}')")
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

    # --- every screen in one walk (accessibility, layout and language tests, screenshots)

    SCREENS = ("home", "rate", "dossier", "followup", "comment", "counter", "officer", "field", "thanks",
               "already", "help", "help-search", "help-topic", "call")

    def walk(self, server: KioskServer, visit, lang: str | None = None) -> None:
        """Opens a hall kiosk (kiosk-1) and brings up every screen of SCREENS in turn with typical
        content, calling visit(name) on each. A dossier code is rated beforehand so that the kiosk
        shows its kind refusal ("already")."""
        code = "WALK-" + os.urandom(4).hex().upper()
        body = json.dumps({"id": str(uuid.uuid4()), "survey": "quick",
                           "answers": {"overall": "satisfied"}, "dossierCode": code}).encode()
        req = urllib.request.Request(server.base_url + "/api/v1/ratings", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {server.kiosk_token('kiosk-1')}"})
        with urllib.request.urlopen(req, timeout=10) as res:
            assert res.status == 201
        params = {"kiosk": "kiosk-1"}
        if lang:
            params["lang"] = lang
        self.open(server, **params)
        visit("home")
        self.start_rating()
        visit("rate")
        self.tap("#dossier-open")
        self.wait_screen("dossier")
        self.type_on_screen("H12.34-250101-", "#dossier-keyboard")
        visit("dossier")
        self.tap("#dossier-back")
        self.wait_screen("rate")
        self.choice("dissatisfied").click()
        self.wait_screen("followup")
        self.reason("waited_too_long").click()
        visit("followup")
        self.tap("#send")
        self.wait_screen("comment")
        self.type_on_screen("Cans booj raats nhieetj tinhf")
        visit("comment")
        self.tap("#comment-send")
        self.wait_screen("counter")
        visit("counter")
        self.tap('[data-counter="Q10"]')
        self.wait_screen("officer")
        visit("officer")
        self.tap("#officer-skip")
        self.wait_screen("field")
        visit("field")
        self.tap('[data-field="ho-tich"]')
        self.wait_thanks()
        visit("thanks")
        self.tap("#thanks-back")
        self.wait_screen("home")
        self.scan(code)
        self.wait_screen("rate")
        self.choice("satisfied").click()
        self.wait_screen("counter")
        self.tap("#counter-skip")
        self.wait_screen("already")
        visit("already")
        self.tap("#already-back")
        self.wait_screen("home")
        self.tap("#go-help")
        self.wait_screen("help")
        self.wait(lambda: len(self.els("#help-list [data-topic]")) > 0, message="no help topics")
        visit("help")
        self.tap("#help-search")
        self.wait(lambda: self.el("#help-keyboard").is_displayed(), message="no search keyboard")
        self.type_on_screen("vneid", "#help-keyboard")
        self.wait(lambda: len(self.els("#help-list [data-topic]")) > 1)
        visit("help-search")
        self.tap('#help-list [data-topic="vneid"]')
        self.wait_screen("help-topic")
        self.wait(lambda: self.js("const i = document.getElementById('topic-qr'); return i.complete && i.naturalWidth > 0")
                  and len(self.els("#topic-children [data-topic]")) > 0, message="the topic did not load")
        visit("help-topic")
        self.tap("#call-staff")
        self.wait_screen("call")
        self.wait(lambda: self.screen("call").get_attribute("data-status") == "waiting", message="the call was not made")
        visit("call")

    def show_countdown(self, server: KioskServer) -> None:
        """The idle countdown over a follow-up question (opens the page with ?idle=6)."""
        self.open(server, kiosk="kiosk-1", idle=6)
        self.rate("dissatisfied", "followup")
        self.wait(lambda: self.el("#idle-overlay").is_displayed(), timeout=15, message="no countdown")


@pytest.fixture
def page(driver) -> KioskPage:
    return KioskPage(driver)


@pytest.fixture
def staff(server) -> StaffSession:
    """The shared server's staff member, signed in."""
    return StaffSession(server)


def answers_of(row: dict) -> dict:
    return json.loads(row["answers"])
