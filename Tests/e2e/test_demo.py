"""`Scripts/serve --demo` as a newcomer runs it: it prints three links, and opening them in a browser, typing
nothing the output did not print, the kiosk rates and the dashboard shows figures."""

import os
import re
import signal
import subprocess
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import _ORIGINS, REPO, KioskPage, _free_port, _kiosk_binary


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def _serve_demo(data, port):
    env = dict(os.environ, KIOSK_BIN=str(_kiosk_binary()), KIOSK_PORT=str(port), KIOSK_DEMO_DATA=str(data))
    env.pop("KIOSK_DATA", None)
    return subprocess.Popen([str(REPO / "Scripts/serve"), "--demo"], cwd="/", env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _read_links(proc) -> dict:
    said, links = [], {}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(links) < 3:
        line = proc.stdout.readline()
        if not line:
            break
        said.append(line)
        for number in ("1", "2", "3"):
            if line.strip().startswith(number + "."):
                links[number] = line
    assert len(links) == 3, "".join(said)
    return links


def test_the_demo_prints_links_that_rate_and_show_figures(driver, tmp_path):
    data = tmp_path / "data-demo"
    port = _free_port()
    proc = _serve_demo(data, port)
    try:
        links = _read_links(proc)
        kiosk = re.search(r"(http://\S+/pair\?code=\S+)", links["1"]).group(1)
        dashboard = re.search(r"(http://\S+/login\?next=/dashboard)\s+name: (\S+)\s+password: (\S+)", links["2"])
        staff = re.search(r"(http://\S+/staff/slips)", links["3"]).group(1)
        base = f"http://127.0.0.1:{port}"
        _ORIGINS.add(base)

        driver.get(kiosk)
        page = KioskPage(driver)
        page.wait_screen("home")
        page.rate("very_satisfied")
        page.wait_thanks(saved=True)

        driver.get(dashboard.group(1))
        driver.find_element(By.ID, "name").send_keys(dashboard.group(2))
        driver.find_element(By.ID, "password").send_keys(dashboard.group(3))
        driver.find_element(By.XPATH, "//button[contains(., 'Đăng nhập')]").click()
        WebDriverWait(driver, 10).until(lambda d: "/dashboard" in d.current_url)
        WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: re.search(r"\d+,\d %", _body(d)), "the dashboard shows no rate")
        driver.get(staff)
        WebDriverWait(driver, 10).until(lambda d: "/staff/slips" in d.current_url and "Đăng nhập" not in d.title)
        assert (data / "DEMO-DATA").exists() and (data / "kiosk.sqlite").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def test_the_demo_refuses_a_folder_with_a_centres_store(tmp_path):
    data = tmp_path / "centre"
    made = subprocess.run([str(_kiosk_binary()), "user", "add", "truong", "--role", "head", "--data", str(data)],
                          input="mat-khau-truong-1\n", capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    before = sorted(p.name for p in data.iterdir())
    proc = _serve_demo(data, _free_port())
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "--demo refuses" in out and "not a demo one" in out
    assert sorted(p.name for p in data.iterdir()) == before
