"""The first start of a new centre, in a real browser on the box: the console and the start page give a
one-time setup link; it makes the head's account and pairs this browser as a kiosk; then it is dead."""

import re
import time
import urllib.error
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import _ORIGINS, KioskPage


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def _console_link(server) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:\d+/setup\?code=[A-Za-z0-9_-]+", server.log_path.read_text(errors="replace"))
        if found:
            return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no setup link on the console:\n{server.log_tail()}")


def _wait_text(driver, text: str) -> None:
    # The page may be replaced while it is read (the form posts and a new page loads).
    WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: text in _body(d), f"the page never said: {text}")


def _status(url: str, headers: dict | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as res:
            return res.status, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_the_setup_link_makes_the_head_and_pairs_this_browser_once(driver, fresh_server, locales):
    _ORIGINS.add(fresh_server.base_url)
    link = _console_link(fresh_server)
    # Relayed by a proxy, the link is refused: it is for the box's own console.
    status, text = _status(link, {"X-Forwarded-For": "203.0.113.9"})
    assert status == 403 and "chính máy chủ của trung tâm" in text

    # The start page on the box offers the setup, in the words of the content.
    driver.get(fresh_server.base_url + "/")
    offer = driver.find_element(By.LINK_TEXT, locales["vi"]["pairing.setup"])
    offer.click()
    _wait_text(driver, "Thiết lập lần đầu")

    # Too short a password is said on the page and makes nothing.
    driver.find_element(By.ID, "password").send_keys("ngan")
    driver.find_element(By.ID, "repeated").send_keys("ngan")
    driver.execute_script("document.querySelectorAll('input[minlength]').forEach(e => e.removeAttribute('minlength'))")
    driver.find_element(By.XPATH, "//button[contains(., 'Tạo tài khoản')]").click()
    _wait_text(driver, "Mật khẩu cần ít nhất 10 ký tự")

    driver.find_element(By.ID, "password").send_keys("mat-khau-truong-1")
    driver.find_element(By.ID, "repeated").send_keys("mat-khau-truong-1")
    Select(driver.find_element(By.ID, "kiosk")).select_by_value("kiosk-2")
    driver.find_element(By.XPATH, "//button[contains(., 'Tạo tài khoản')]").click()
    _wait_text(driver, "Đã tạo tài khoản truong")

    dashboard = driver.find_element(By.PARTIAL_LINK_TEXT, "Mở bảng theo dõi").get_attribute("href")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Mở trang đánh giá trên máy này").click()
    page = KioskPage(driver)
    page.server = fresh_server
    page.wait_screen("home")
    page.rate("satisfied")
    row = fresh_server.rating(page.wait_thanks(saved=True))
    assert (row["kiosk"], row["counter"]) == ("kiosk-2", "Q03")
    # The head is signed in: the dashboard shows the rating just made.
    driver.get(dashboard)
    WebDriverWait(driver, 10).until(lambda d: "/dashboard" in d.current_url)
    assert "Đăng nhập" not in driver.title
    # Today's one rating, satisfied: the head's first figure is 100 %.
    today = driver.find_elements(By.CSS_SELECTOR, "[data-rate]")[0].text
    assert re.fullmatch(r"100(,0)? %", today), today

    # The link is dead now, and the start page no longer offers it.
    status, text = _status(link)
    assert status == 410 and "Trung tâm đã có tài khoản" in text
    driver.delete_all_cookies()
    driver.get(fresh_server.base_url + "/")
    assert locales["vi"]["pairing.setup"] not in _body(driver)
    assert locales["vi"]["pairing.title"] in _body(driver)


def test_a_guessed_code_is_refused_and_makes_nothing(fresh_server):
    status, text = _status(fresh_server.base_url + "/setup?code=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert status == 410 and "không đúng hoặc đã hết hạn" in text
    request = urllib.request.Request(fresh_server.base_url + "/setup", method="POST",
                                     data=b"code=x&name=truong&password=mat-khau-dai-1&repeated=mat-khau-dai-1",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a wrong code was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 410
    import subprocess
    listed = subprocess.run([str(fresh_server.binary), "user", "list", "--data", str(fresh_server.data)],
                            capture_output=True, text=True, timeout=60)
    assert "truong" not in listed.stdout
