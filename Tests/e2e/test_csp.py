"""Every kind of page under the service's Content-Security-Policy, in a real Chromium: the kiosk page,
the sign-in page, the dashboard, the staff pages, a slip's print view and the public product page load
with no CSP violation in the browser's console and still work (their scripts run, their stylesheets,
including the product page's own inline one, apply). A control shows that an inline script is refused
and reported, so that a quiet console means something.
"""

from __future__ import annotations

import subprocess
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import STAFF_NAME, STAFF_PASSWORD, WAIT


def _gtin13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


PRODUCT_GTIN = _gtin13("893699900001")


def _wait(driver, condition, message: str = ""):
    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: condition(), message)


def _problems(driver) -> list[str]:
    """CSP violations and script errors the console reported since the last call."""
    out = []
    for entry in driver.get_log("browser"):
        message = entry.get("message", "")
        if "favicon.ico" in message:
            continue
        if message.startswith(driver.current_url + " - Failed to load resource"):
            continue  # the page's own status (a product not in the registry is a 404 page)
        if "Content Security Policy" in message or "Refused to" in message or entry.get("level") == "SEVERE":
            out.append(message)
    return out


def _style(driver, css: str, prop: str) -> str:
    return driver.execute_script("return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]]", css, prop)


HEAD_NAME, HEAD_PASSWORD = "truong-csp", "mat-khau-truong-csp"


@pytest.fixture(scope="module")
def head(server) -> tuple[str, str]:
    """The centre head, who may open the dashboard, on the shared server."""
    server.add_user(HEAD_NAME, HEAD_PASSWORD, "head")
    return HEAD_NAME, HEAD_PASSWORD


def _sign_in(driver, server, name: str, password: str, next_path: str) -> None:
    driver.get(f"{server.base_url}/login?next={next_path}")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(driver, lambda: urllib.parse.urlparse(driver.current_url).path == next_path, f"not signed in: {driver.current_url}")


@pytest.fixture(scope="module")
def registered_product(server, kiosk_binary, content_dir) -> str:
    """A product in the shared server's registry, added with the command line."""
    res = subprocess.run(
        [str(kiosk_binary), "ocop", "add", "--data", str(server.data), "--content", str(content_dir),
         "--name", "Chè Shan tuyết thử CSP", "--group", "drinks", "--gtin", PRODUCT_GTIN,
         "--producer", "Hợp tác xã Chè", "--producer-address", "Số 1, phường Hồng Bàng"],
        capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return PRODUCT_GTIN


def test_an_inline_script_is_refused_and_reported(driver, server):
    """The control: what the other tests look for does show up when a page breaks the policy."""
    driver.get(server.base_url + "/login")
    _problems(driver)
    ran = driver.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.inlineRan = true';"
        "document.body.appendChild(s); return window.inlineRan === true")
    assert ran is False
    _wait(driver, lambda: any("Content Security Policy" in p for p in _problems(driver)), "the refusal was not reported")


def test_the_kiosk_page_works_under_the_policy(page, server):
    page.open(server, kiosk="kiosk-1")
    page.start_rating()
    assert len(page.els('[data-screen="rate"] [data-choice]')) >= 3
    assert _problems(page.driver) == []


def test_the_sign_in_page_and_the_dashboard_work_under_the_policy(driver, server, head):
    driver.get(server.base_url + "/login")
    assert driver.find_element(By.ID, "password").is_displayed()
    assert _problems(driver) == []

    _sign_in(driver, server, *head, "/dashboard")
    _wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, ".card")) >= 4, "no dashboard cards")
    assert _style(driver, ".card", "display") != "inline", "staff.css did not apply"
    # The rate bars are SVG (a style attribute would be refused): the bar is drawn at its full width.
    assert driver.execute_script("return document.querySelector('svg.bar') === null || "
                                 "document.querySelector('svg.bar').getBoundingClientRect().width > 50")
    assert _problems(driver) == []


def test_the_staff_pages_work_under_the_policy(driver, server):
    _sign_in(driver, server, STAFF_NAME, STAFF_PASSWORD, "/staff/slips")
    for path, ready in [
        ("/staff/slips", "form, a"),
        ("/staff/slips/vneid/print-view?paper=80mm&lang=vi", "ol li"),
        ("/staff/calls", "main, body"),
        ("/staff/paper", "form"),
        ("/staff/ocop", "table, main"),
        ("/staff/ocop/new", "form"),
    ]:
        driver.get(server.base_url + path)
        _wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, ready)) > 0, f"{path} did not load")
        problems = _problems(driver)
        assert problems == [], f"{path}: {problems}"

    # The slip's own stylesheet applied: the 80 mm roll's body is 72 mm wide at most.
    driver.get(server.base_url + "/staff/slips/vneid/print-view?paper=80mm&lang=vi")
    assert _style(driver, "body", "maxWidth") not in ("none", "")
    assert _problems(driver) == []


def test_the_calls_page_script_runs(driver, server):
    _sign_in(driver, server, STAFF_NAME, STAFF_PASSWORD, "/staff/calls")
    # staff-calls.js refreshes the list from calls.json: its request shows the script ran.
    _wait(driver, lambda: driver.execute_script(
        "return performance.getEntriesByType('resource').some(e => e.name.includes('/static/staff-calls.js'))"))
    assert _problems(driver) == []


def test_the_product_page_keeps_its_own_stylesheet(driver, server, registered_product):
    driver.get(f"{server.base_url}/01/{registered_product}")
    _wait(driver, lambda: "Chè Shan tuyết thử CSP" in driver.page_source, "the product page did not load")
    # The page's inline stylesheet sets 20 px text; blocked, the browser's default 16 px would show.
    assert _style(driver, "body", "fontSize") == "20px"
    assert _problems(driver) == []

    driver.get(f"{server.base_url}/01/{_gtin13('893699900002')}")
    _wait(driver, lambda: "<h1" in driver.page_source)
    assert _style(driver, "body", "fontSize") == "20px"
    assert _problems(driver) == []
