#!/usr/bin/env python3
"""Screenshots of the staff pages (dashboard, slips, calls, paper forms) and the first page of a PDF
report, from demo data, into docs/screens/. Run after a build:  .venv/bin/python Scripts/staff-screens.py
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

REPO = Path(__file__).resolve().parents[1]
KIOSK = os.environ.get("KIOSK_BIN", str(REPO / ".build/debug/kiosk"))
OUT = REPO / "docs/screens"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    data = Path(tempfile.mkdtemp(prefix="kiosk-screens-"))
    subprocess.run([KIOSK, "demo-data", "--data", str(data), "--ratings", "40000", "--seed", "3", "--end", "2026-11-24",
                    "--content", str(REPO / "kiosk-content")], check=True, stdout=subprocess.DEVNULL)
    for month, count in [("2026-07", 4100), ("2026-08", 3900), ("2026-09", 4200)]:
        subprocess.run([KIOSK, "dossiers", "set", month, str(count), "--data", str(data)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([KIOSK, "user", "add", "truong", "--role", "head", "--data", str(data)], input=b"mat-khau-rat-dai\n", check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([KIOSK, "report", "--data", str(data), "--content", str(REPO / "kiosk-content"), "--period", "2026-Q3",
                    "--out", str(data / "report.pdf")], check=True)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(data / "report.pdf"), str(OUT / "report-2026-Q3")],
                   check=True)
    port = free_port()
    server = subprocess.Popen([KIOSK, "serve", "--content", str(REPO / "kiosk-content"), "--data", str(data), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--hide-scrollbars"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            base = f"http://127.0.0.1:{port}"
            driver.get(base + "/login")
            driver.find_element(By.ID, "name").send_keys("truong")
            driver.find_element(By.ID, "password").send_keys("mat-khau-rat-dai")
            driver.find_element(By.CSS_SELECTOR, "form button").click()
            for name, path in [("dashboard", "/dashboard?period=2026-Q3"), ("staff-slips", "/staff/slips"),
                               ("staff-calls", "/staff/calls"), ("staff-paper", "/staff/paper")]:
                driver.get(base + path)
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(1280, min(max(900, height + 120), 6000))
                time.sleep(0.5)
                driver.save_screenshot(str(OUT / f"{name}.png"))
                driver.set_window_size(1280, 900)
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("written:", ", ".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    sys.exit(main())
