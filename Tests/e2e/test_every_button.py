"""Every staff and head page in a real Chromium, as each role (staff, head, admin) reaches it: signed in
through the sign-in form, the test follows the links from the landing page to every page, and on every
page presses every button, link and form one after the other, finding each by its visible words. Each
outcome is checked by what a person sees: a page of the staff layout (never raw JSON or a bare error
text), a download that arrived, a print view that opened, errors in Vietnamese sentences.

The receipt printer is real as far as the server can tell: `tcp:127.0.0.1:PORT` in the centre's
`[[printers]]`, where a loopback listener takes the ESC/POS job; its `GS v 0` raster is decoded back into
an image and its QR code read with zbarimg, which must give the printed topic's link. The office
printer's address is a closed port, so its button must say in Vietnamese that the printer cannot be reached.

    KIOSK_BIN=$PWD/.build/debug/kiosk .venv/bin/pytest Tests/e2e/test_every_button.py -q
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import socket
import subprocess
import threading
import tomllib
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium.common.exceptions import (ElementNotInteractableException, StaleElementReferenceException,
                                        TimeoutException, WebDriverException)
from selenium.webdriver.support.expected_conditions import alert_is_present, staleness_of
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import WAIT, KioskServer, StaffSession

ROLES = {"staff": ("canbo-nut", "mat-khau-canbo-nut"), "head": ("truong-nut", "mat-khau-truong-nut"),
         "admin": ("quantri-nut", "mat-khau-quantri-nut")}
LANDING = {"staff": "/staff/calls", "head": "/dashboard", "admin": "/dashboard"}
# Letters only Vietnamese uses (with their diacritics): a sentence with none of them is not Vietnamese.
VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
SIGN_OUT = "Đăng xuất"


def gtin13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


# ----------------------------------------------------------------------------- the network printer


class ReceiptPrinter:
    """A raw port-9100 printer on loopback: keeps every job it receives, whole."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(10)
                data = bytearray()
                try:
                    while chunk := conn.recv(65536):
                        data += chunk
                except OSError:
                    pass
            with self.lock:
                self.jobs.append(bytes(data))

    def job_count(self) -> int:
        with self.lock:
            return len(self.jobs)

    def job(self, index: int) -> bytes:
        with self.lock:
            return self.jobs[index]

    def close(self) -> None:
        self.sock.close()


def raster_to_pbm(job: bytes) -> bytes:
    """The job's `GS v 0` raster bands stacked into one PBM (P4) image: the same bit order as ESC/POS."""
    width_bytes, rows, index = None, bytearray(), 0
    height = 0
    while index + 8 <= len(job):
        if job[index:index + 3] != b"\x1dv0":
            index += 1
            continue
        wb = job[index + 4] | job[index + 5] << 8
        lines = job[index + 6] | job[index + 7] << 8
        data = job[index + 8:index + 8 + wb * lines]
        assert len(data) == wb * lines, "a raster band was cut short"
        assert width_bytes in (None, wb), "raster bands of different widths"
        width_bytes = wb
        rows += data
        height += lines
        index += 8 + wb * lines
    assert width_bytes, "the job holds no GS v 0 raster image"
    return f"P4\n{width_bytes * 8} {height}\n".encode() + bytes(rows)


def read_qr(image: bytes, folder: Path, name: str) -> str:
    path = folder / name
    path.write_bytes(image)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", str(path)],
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


# ----------------------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def printer():
    p = ReceiptPrinter()
    yield p
    p.close()


@pytest.fixture(scope="module")
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def shop(kiosk_binary, content_dir, tmp_path_factory, printer, closed_port):
    """A server whose receipt printer is the loopback listener and whose office printer cannot be reached,
    with a user of every role, ratings with comments, a waiting help call and an OCOP product with a batch."""
    content = tmp_path_factory.mktemp("content") / "kiosk-content"
    shutil.copytree(content_dir, content)
    centre = content / "centre.toml"
    text = centre.read_text()
    text = text.replace('uri = "usb:/dev/usb/lp0"', f'uri = "tcp:127.0.0.1:{printer.port}"')
    text = text.replace('uri = "cups:van-phong"', f'uri = "tcp:127.0.0.1:{closed_port}"')
    assert f"127.0.0.1:{printer.port}" in text and f"127.0.0.1:{closed_port}" in text, "centre.toml's printers moved"
    centre.write_text(text)
    srv = KioskServer(kiosk_binary, content, tmp_path_factory.mktemp("every-button-data"))
    for role, (name, password) in ROLES.items():
        srv.add_user(name, password, role)
    srv.content_path = content
    yield srv
    died = srv.died()
    srv.stop()
    assert died is None, died


def seed(srv: KioskServer, kiosk_binary: Path) -> None:
    """What the pages act on, made again before each role: a press of another role may have taken the help
    call, voided the rating or deleted the product."""
    token = srv.kiosk_token("kiosk-1")

    def post(path: str, body: dict) -> None:
        req = urllib.request.Request(srv.base_url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=10) as res:
            assert res.status in (200, 201), res.status

    post("/api/v1/ratings", {"id": str(uuid.uuid4()), "survey": "quick", "answers": {"overall": "satisfied"}})
    post("/api/v1/ratings", {"id": str(uuid.uuid4()), "survey": "quick", "answers": {"overall": "dissatisfied"},
                             "comment": "Phải chờ lâu ở quầy"})
    post("/api/v1/calls", {"id": str(uuid.uuid4())})
    subprocess.run(
        [str(kiosk_binary), "ocop", "add", "--data", str(srv.data), "--content", str(srv.content_path),
         "--name", "Mật ong hoa nhãn thử nút", "--group", "food", "--gtin", gtin13("893688800001"),
         "--producer", "Hợp tác xã Ong", "--producer-address", "Số 2, phường Hồng Bàng"],
        capture_output=True, text=True, timeout=60)   # refused when it is still there from the last role


# ----------------------------------------------------------------------------- what a person sees


def wait(driver, condition, message: str = "", timeout: float = WAIT):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(), message)


def settled(driver) -> None:
    wait(driver, lambda: driver.execute_script("return document.readyState") == "complete", "the page did not load")


def seen_page_problems(driver, what: str) -> list[str]:
    """What a person must never see on a page: raw JSON, a bare error text, an English error sentence."""
    problems = []
    kind = driver.execute_script("return document.contentType")
    body = driver.execute_script("return document.body ? document.body.innerText : ''").strip()
    if kind != "text/html":
        problems.append(f"{what}: a {kind} page, not HTML: {body[:200]!r}")
    if body.startswith("{") or body.startswith("["):
        problems.append(f"{what}: raw JSON on the page: {body[:200]!r}")
    for element in driver.find_elements(By.CSS_SELECTOR, ".error, [role=alert], .error-summary, [data-error-for]"):
        words = element.text.strip()
        if words and not VIETNAMESE.search(words.split(" / ")[0]):
            problems.append(f"{what}: an error not in Vietnamese: {words[:200]!r}")
    return problems


def gone(element) -> bool:
    """Whether the page that held `element` has been left."""
    try:
        return staleness_of(element)(None)
    except WebDriverException:   # the node is already out of the document the driver looks at
        return True


def staff_page(driver) -> bool:
    """A page of the staff layout: the centre's header with the sign-out button."""
    return bool(driver.find_elements(By.XPATH, f"//header//button[contains(., '{SIGN_OUT}')]"))


def sign_in(driver, server, role: str) -> None:
    name, password = ROLES[role]
    driver.get(server.base_url + "/login")
    driver.find_element(By.XPATH, "//label[contains(., 'Tên đăng nhập')]/following-sibling::input[1]").send_keys(name)
    driver.find_element(By.XPATH, "//label[contains(., 'Mật khẩu')]/following-sibling::input[1]").send_keys(password)
    driver.find_element(By.XPATH, "//button[contains(., 'Đăng nhập')]").click()
    wait(driver, lambda: urllib.parse.urlparse(driver.current_url).path == LANDING[role],
         f"{role} did not land on {LANDING[role]}: {driver.current_url}")


CONTROLS = """
const out = [];
for (const el of document.querySelectorAll('a[href], button, input[type=submit]')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  out.push(el);
}
return out;
"""


def controls(driver) -> list:
    return driver.execute_script(CONTROLS)


def words(element) -> str:
    return " ".join((element.text or element.get_attribute("value") or element.get_attribute("aria-label") or "").split())


def fill_form(driver, form, tmp: Path) -> None:
    """Fills what a person must fill before the form's button does anything: a choice of every radio
    group, a reason for a void, a file to import, the required dates and times."""
    today = datetime.date.today().isoformat()
    chosen = set()
    for field in form.find_elements(By.CSS_SELECTOR, "input, textarea, select"):
        kind = (field.get_attribute("type") or "").lower()
        name = field.get_attribute("name") or ""
        if kind == "checkbox" and field.get_attribute("required") and not field.is_selected():
            driver.execute_script("arguments[0].click()", field)   # "I want to delete this product"
        elif kind == "radio" and name not in chosen:
            driver.execute_script("arguments[0].click()", field)
            chosen.add(name)
        elif kind == "file":
            csv = tmp / "import.csv"
            if not csv.exists():
                csv.write_text("id,name_vi\n")
            field.send_keys(str(csv))
        elif field.tag_name == "textarea" and field.get_attribute("required") and not field.get_attribute("value"):
            field.send_keys("Đánh giá bị nhập nhầm khi kiểm tra máy, cần huỷ.")
        elif kind in ("date",) and field.get_attribute("required") and not field.get_attribute("value"):
            driver.execute_script("arguments[0].value = arguments[1]", field, today)
        elif kind in ("text", "") and field.tag_name == "input" and field.get_attribute("required") and not field.get_attribute("value"):
            field.send_keys("L-NUT-1" if name == "batch" else "thử")


# ----------------------------------------------------------------------------- the walk


class Walk:
    """Presses every control of every page a role reaches, and records what went wrong."""

    def __init__(self, driver, server, role: str, printer: ReceiptPrinter, tmp: Path, downloads: Path):
        self.driver, self.server, self.role, self.printer, self.tmp, self.downloads = driver, server, role, printer, tmp, downloads
        self.problems: list[str] = []
        self.pressed: list[str] = []
        self.prints: list[tuple[str, str]] = []   # (topic title, QR text) of every slip the printer received

    def url(self, path: str) -> str:
        return self.server.base_url + path

    def here(self) -> str:
        parts = urllib.parse.urlparse(self.driver.current_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def pages(self) -> list[str]:
        """Every staff page reachable by links from the landing page (by path; one visit each)."""
        found, queue = [], [LANDING[self.role]]
        while queue:
            path = queue.pop(0)
            key = urllib.parse.urlparse(path).path
            if key in [urllib.parse.urlparse(p).path for p in found]:
                continue
            self.driver.get(self.url(path))
            settled(self.driver)
            if not staff_page(self.driver):
                continue
            found.append(path)
            for link in self.driver.find_elements(By.CSS_SELECTOR, "a[href]"):
                href = link.get_attribute("href") or ""
                parts = urllib.parse.urlparse(href)
                if not href.startswith(self.server.base_url) or link.get_dom_attribute("download") is not None:
                    continue
                if link.get_attribute("target") == "_blank" or re.search(r"\.(pdf|png|csv|json)$|/report$", parts.path):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return found

    def press_all(self, page: str) -> None:
        self.driver.get(self.url(page))
        settled(self.driver)
        self.problems += seen_page_problems(self.driver, page)
        index = 0
        # Counted again before every press: a press may add controls (a new batch) or remove them (a help call taken).
        while index < 300:
            self.driver.get(self.url(page))
            settled(self.driver)
            found = controls(self.driver)
            if index >= len(found):
                break
            self.press(page, found[index])
            index += 1

    def press(self, page: str, element) -> None:
        driver = self.driver
        label = words(element)
        what = f"{self.role} {page} [{label}]"
        if label.startswith(SIGN_OUT):
            return   # pressed once at the end
        self.pressed.append(what)
        tag = element.tag_name
        href = element.get_attribute("href") or ""
        if tag == "a" and not href.startswith(self.server.base_url):
            return
        before_jobs = self.printer.job_count()
        before_files = set(self.downloads.iterdir())
        windows = driver.window_handles
        if tag == "a" and (element.get_dom_attribute("download") is not None or re.search(r"\.(pdf|csv|json)(\?|$)|/report\?", href)):
            driver.execute_script("arguments[0].click()", element)
            self.check_download(what, before_files)
            return
        form = None
        if tag != "a":
            form = driver.execute_script("return arguments[0].form", element)
            if form is not None:
                fill_form(driver, form, self.tmp)
        scripted = form is not None and form.get_dom_attribute("data-action") is not None
        asks = form is not None and form.get_dom_attribute("data-confirm") is not None
        topic = driver.execute_script("const a = arguments[0].closest('article[data-topic]'); return a ? a.querySelector('h3').innerText : null", element)
        summary = driver.execute_script(
            "const d = arguments[0].closest('details:not([open])'); return d ? d.querySelector('summary') : null", element)
        if summary is not None:
            summary.click()   # a person opens the folded part first
            label = words(element)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        # Lazy previews above may still be loading and move the control: wait for those on screen.
        wait(driver, lambda: driver.execute_script(
            "return [...document.images].every(i => i.complete || i.getBoundingClientRect().bottom < 0 "
            "|| i.getBoundingClientRect().top > innerHeight)"), f"{what}: the images did not load")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        try:
            element.click()
        except StaleElementReferenceException:
            return
        except ElementNotInteractableException:
            self.problems.append(f"{what}: a person cannot press it (covered or hidden)")
            return
        if asks:
            # The form asks first; the person says yes.
            WebDriverWait(driver, WAIT).until(alert_is_present(), f"{what}: no question before the press").accept()
        if len(driver.window_handles) > len(windows):
            self.check_new_window(what, windows)
            return
        if not scripted:
            # The press leads to another page or to a download (a script's form stays where it is).
            try:
                WebDriverWait(driver, WAIT, poll_frequency=0.1).until(
                    lambda d: gone(element) or set(self.downloads.iterdir()) - before_files)
            except TimeoutException:
                self.problems.append(f"{what}: pressing it did not lead anywhere")
            if set(self.downloads.iterdir()) - before_files:
                self.check_download(what, before_files)
                return
        settled(driver)
        if form is not None and driver.execute_script("return !!document.querySelector('#ocop-import-result')") and "Nhập tệp" in label:
            wait(driver, lambda: driver.find_element(By.ID, "ocop-import-result").text.strip(), f"{what}: the import said nothing")
        self.problems += seen_page_problems(driver, what)
        if not staff_page(driver):
            self.problems.append(f"{what}: led to a page without the staff layout: {self.here()}")
        if label.startswith("In: ") and topic is not None:
            self.check_slip_print(what, label, topic, before_jobs)

    def check_download(self, what: str, before: set) -> None:
        def arrived():
            files = [f for f in set(self.downloads.iterdir()) - before if not f.name.endswith(".crdownload")]
            return files and files[0].stat().st_size > 0 and files

        try:
            files = wait(self.driver, arrived, timeout=20)
        except Exception:
            self.problems.append(f"{what}: no download arrived")
            return
        data = files[0].read_bytes()
        name = files[0].name
        if name.endswith(".pdf") and not data.startswith(b"%PDF"):
            self.problems.append(f"{what}: {name} is not a PDF")
        if name.endswith(".json"):
            json.loads(data)
        files[0].unlink()

    def check_new_window(self, what: str, before: list) -> None:
        driver = self.driver
        new = [w for w in driver.window_handles if w not in before][0]
        driver.switch_to.window(new)
        settled(driver)
        kind = driver.execute_script("return document.contentType")
        text = driver.execute_script("return document.body.innerText").strip()
        if kind != "text/html" or text.startswith("{") or not text:
            self.problems.append(f"{what}: the new window shows {kind}: {text[:120]!r}")
        driver.close()
        driver.switch_to.window(before[0])

    def check_slip_print(self, what: str, label: str, topic: str, before_jobs: int) -> None:
        shown = self.driver.find_elements(By.CSS_SELECTOR, "main [role=status], main [role=alert]")
        message = " ".join(element.text for element in shown)
        if "Máy in nhiệt" in label:
            if not message.startswith("Đã gửi phiếu") or topic not in message:
                self.problems.append(f"{what}: the page says {message!r}, not that “{topic}” was sent")
            if self.printer.job_count() != before_jobs + 1:
                self.problems.append(f"{what}: the receipt printer received {self.printer.job_count() - before_jobs} jobs")
                return
            job = self.printer.job(before_jobs)
            qr = read_qr(raster_to_pbm(job), self.tmp, f"job-{before_jobs}.pbm")
            self.prints.append((topic, qr))
        else:
            if "không kết nối được máy in" not in message or "Máy in văn phòng" not in message:
                self.problems.append(f"{what}: the unreachable printer's message is {message!r}")

    def sign_out(self) -> None:
        self.driver.find_element(By.XPATH, f"//header//button[contains(., '{SIGN_OUT}')]").click()
        wait(self.driver, lambda: urllib.parse.urlparse(self.driver.current_url).path == "/login", "signing out did not lead to /login")


def topic_links(content: Path) -> dict[str, str | None]:
    """{title (vi): link} of every help topic."""
    out = {}
    for path in sorted((content / "help").glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        front = path.read_text().split("+++")[1]
        data = tomllib.loads(front)
        out[data["title"]["vi"]] = data.get("link")
    return out


EXPECTED_PAGES = {
    "staff": {"/staff/calls", "/staff/slips", "/staff/paper", "/staff/ocop"},
    "head": {"/dashboard", "/dashboard/void", "/staff/calls", "/staff/slips", "/staff/paper", "/staff/ocop"},
    "admin": {"/dashboard", "/admin/audit", "/staff/calls", "/staff/slips", "/staff/paper", "/staff/ocop"},
}


@pytest.mark.parametrize("role", ["staff", "head", "admin"])
def test_every_button_of_every_page(driver, shop, printer, role, tmp_path, kiosk_binary):
    seed(shop, kiosk_binary)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    sign_in(driver, shop, role)
    walk = Walk(driver, shop, role, printer, tmp_path, downloads)
    pages = walk.pages()
    paths = {urllib.parse.urlparse(p).path for p in pages}
    assert EXPECTED_PAGES[role] <= paths, f"{role} cannot reach {EXPECTED_PAGES[role] - paths} by links"
    assert all(not p.startswith("/dashboard") for p in paths) or role != "staff"
    for page in pages:
        walk.press_all(page)
    walk.sign_out()
    assert not walk.problems, "\n".join(walk.problems)
    assert len(walk.pressed) > 20, walk.pressed
    # Every topic's receipt came out, and its QR code opens the topic's link.
    links = topic_links(shop.content_path)
    assert {title for title, _ in walk.prints} == set(links), "not every topic's slip reached the printer"
    for title, qr in walk.prints:
        assert qr == (links[title] or ""), f"the printed slip of “{title}” reads {qr!r}, not {links[title]!r}"


def test_bad_period_and_report_speak_vietnamese(driver, shop):
    """A period typed wrong on the dashboard, and a report asked for it, answer with a Vietnamese sentence."""
    sign_in(driver, shop, "head")
    field = driver.find_element(By.XPATH, "//label[contains(., 'Kỳ')]/following-sibling::input[1]")
    field.clear()
    field.send_keys("quy-3")
    driver.find_element(By.XPATH, "//button[contains(., 'Xem')]").click()
    settled(driver)
    error = driver.find_element(By.CSS_SELECTOR, "#detail .error").text
    assert "không phải là một kỳ báo cáo" in error, error
    driver.get(shop.base_url + "/dashboard/report?period=quy-3&format=pdf")
    assert "không phải là một kỳ báo cáo" in driver.find_element(By.ID, "page-error").text
    assert staff_page(driver) and not seen_page_problems(driver, "report")
    # A script asking the same gets JSON, in English, as before.
    session = StaffSession(shop, *ROLES["head"])
    request = urllib.request.Request(shop.base_url + "/dashboard/report?period=quy-3&format=pdf", headers={"Accept": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        session.opener.open(request, timeout=10)
    assert refused.value.code == 400
    assert refused.value.headers["Content-Type"].startswith("application/json")
    assert "is not a period" in json.loads(refused.value.read())["error"]["message"]
