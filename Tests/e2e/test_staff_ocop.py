"""The OCOP registry's staff pages (/staff/ocop) in a real Chromium: a staff member signs in, adds a
product through the form (a wrong GTIN first, shown beside its field), adds a batch, sees it listed with
its label preview, downloads the label PNG and PDF, uploads the product image and imports the registry
CSV back, errors named file:line.

With E2E_SCREENS set to a folder (e.g. docs/screens), the registry and the product page are saved there
as staff-ocop.png and staff-ocop-product.png, the way Scripts/staff-screens.py saves the other staff pages:

    E2E_SCREENS=docs/screens KIOSK_BIN=$PWD/.build/debug/kiosk .venv/bin/pytest Tests/e2e/test_staff_ocop.py -q
"""

from __future__ import annotations

import base64
import datetime
import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import STAFF_NAME, STAFF_PASSWORD, WAIT, set_viewport

BASE = "https://truyxuat.hongbang.example.vn"     # [traceability] base_url of kiosk-content/centre.toml


def gtin13(body: str) -> str:
    """A GTIN-13 with its check digit (weights 3, 1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def wait(driver, condition, message: str = "", timeout: float = WAIT):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(), message)


def sign_in(driver, server, path: str) -> None:
    driver.get(f"{server.base_url}/login?next={path}")
    driver.find_element(By.ID, "name").send_keys(STAFF_NAME)
    driver.find_element(By.ID, "password").send_keys(STAFF_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # Not merely endswith(path): the sign-in page's own address (/login?next=PATH) ends with it too.
    wait(driver, lambda: urllib.parse.urlparse(driver.current_url).path == path, f"sign-in did not lead to {path}: {driver.current_url}")


def fill(driver, values: dict[str, str]) -> None:
    """Types into the fields by element id; dates and selects are set the way a person's choice sets them."""
    for element_id, value in values.items():
        element = driver.find_element(By.ID, element_id)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "date":
            driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def fetch(driver, path: str) -> dict:
    """GETs from inside the page (with the session cookie): status, type, disposition and the bytes."""
    result = driver.execute_async_script(
        """
        const [path, done] = arguments;
        fetch(path).then(async r => {
          const bytes = new Uint8Array(await r.arrayBuffer());
          let binary = '';
          for (let i = 0; i < bytes.length; i += 8192) binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
          done({status: r.status, type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition'), body: btoa(binary)});
        }).catch(e => done({status: 0, body: '', error: String(e)}));
        """,
        path,
    )
    result["bytes"] = base64.b64decode(result["body"])
    return result


def decode_qr(png: bytes, folder: Path) -> str:
    path = folder / "label.png"
    path.write_bytes(png)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable", str(path)],
                         capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def screenshot(driver, name: str) -> None:
    """Saves the whole page as E2E_SCREENS/<name>.png at 1280 px wide, when E2E_SCREENS is set."""
    folder = os.environ.get("E2E_SCREENS")
    if not folder:
        return
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    set_viewport(driver, 1280, min(max(900, height + 40), 6000))
    time.sleep(0.5)
    driver.save_screenshot(str(out / f"{name}.png"))
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--output", str(out / f"{name}.png"), "64",
                        str(out / f"{name}.png")], capture_output=True)
    set_viewport(driver, 1920, 1080)


def test_add_a_product_and_a_batch_and_make_its_label(driver, server, tmp_path):
    suffix = os.urandom(3).hex()
    product_id = f"nuoc-mam-{suffix}"
    gtin = gtin13("8936" + str(int(suffix, 16) % 10**8).zfill(8))
    set_viewport(driver, 1920, 1080)
    sign_in(driver, server, "/staff/ocop")
    driver.find_element(By.ID, "ocop-add").click()
    wait(driver, lambda: driver.current_url.endswith("/staff/ocop/new"))

    form = {
        "f-name_vi": f"Nước mắm Cát Hải {suffix}", "f-name_en": "Cat Hai fish sauce", "f-id": product_id, "f-group": "food",
        "f-gtin": gtin[:-1] + str((int(gtin[-1]) + 1) % 10), "f-brand": "Cát Hải", "f-stars": "4", "f-score": "78",
        "f-certificate": "1234/QĐ-UBND", "f-certificate_date": "2025-03-10", "f-authority": "UBND thành phố Hải Phòng",
        "f-producer": "HTX Chế biến hải sản Cát Hải", "f-producer_address": "Thị trấn Cát Hải, Hải Phòng",
        "f-producer_phone": "0225 3886 123", "f-description_vi": "Nước mắm cốt ủ chượp 12 tháng.",
    }
    fill(driver, form)
    driver.find_element(By.ID, "ocop-save").click()
    # A wrong check digit: the form comes back with the message beside the GTIN and everything typed kept.
    wait(driver, lambda: driver.find_elements(By.ID, "ocop-problems"), "no problems shown for a wrong GTIN")
    error = driver.find_element(By.CSS_SELECTOR, '[data-error-for="gtin"]')
    assert "Số kiểm tra của mã GTIN" in error.text
    assert driver.find_element(By.ID, "f-gtin").get_attribute("aria-invalid") == "true"
    assert driver.find_element(By.ID, "f-name_vi").get_attribute("value") == form["f-name_vi"]
    assert Select(driver.find_element(By.ID, "f-stars")).first_selected_option.get_attribute("value") == "4"

    fill(driver, {"f-gtin": gtin})
    driver.find_element(By.ID, "ocop-save").click()
    wait(driver, lambda: f"/staff/ocop/{product_id}" in driver.current_url, "the product page did not open")
    assert driver.find_element(By.ID, "ocop-message").text.startswith("Đã lưu")
    assert driver.find_element(By.ID, "ocop-link").text == f"{BASE}/01/0{gtin}"
    assert "Còn hiệu lực" in driver.find_element(By.ID, "ocop-flag").text

    fill(driver, {"new-batch": "L2026-11", "new-produced": "2026-11-20", "new-expires": "2028-11-19", "new-quantity": "500"})
    driver.find_element(By.ID, "ocop-batch-save").click()
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, 'tbody[data-batch="L2026-11"]'), "the batch is not listed")
    row = driver.find_element(By.CSS_SELECTOR, 'tbody[data-batch="L2026-11"]')
    assert "20/11/2026" in row.text and "500" in row.text
    uri = f"{BASE}/01/0{gtin}/10/L2026-11?17=281119&11=261120"
    assert uri in row.text
    preview = row.find_element(By.CSS_SELECTOR, "img[data-label-preview]")
    driver.execute_script("arguments[0].scrollIntoView()", preview)
    wait(driver, lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", preview),
         "the label preview did not load")

    png = fetch(driver, preview.get_attribute("src"))
    assert png["status"] == 200 and png["type"] == "image/png"
    assert decode_qr(png["bytes"], tmp_path) == uri

    public = row.find_element(By.PARTIAL_LINK_TEXT, "Trang công khai của lô").get_attribute("href")
    assert public == f"{server.base_url}/01/0{gtin}/10/L2026-11?17=281119&11=261120"
    assert fetch(driver, public)["status"] == 200

    pdf_form = row.find_element(By.CSS_SELECTOR, 'form[action$="/label.pdf"]')
    assert Select(pdf_form.find_element(By.NAME, "layout")).first_selected_option.get_attribute("value") == "a4-3x8"
    pdf = fetch(driver, f"/staff/ocop/{product_id}/batches/L2026-11/label.pdf?layout=a4-2x5&count=10")
    assert pdf["status"] == 200 and pdf["bytes"].startswith(b"%PDF")
    assert f"tem-{product_id}-L2026-11-a4-2x5.pdf" in pdf["disposition"]

    # The label picture serves as the product's image too.
    image = tmp_path / "anh.png"
    image.write_bytes(png["bytes"])
    driver.find_element(By.ID, "ocop-image-file").send_keys(str(image))
    driver.find_element(By.CSS_SELECTOR, "#ocop-image-form button").click()
    wait(driver, lambda: "image=saved" in driver.current_url, "the image was not saved")
    shown = driver.find_element(By.ID, "ocop-image")
    wait(driver, lambda: driver.execute_script("return arguments[0].naturalWidth > 0", shown), "the image does not show")
    screenshot(driver, "staff-ocop-product")

    driver.find_element(By.LINK_TEXT, "← Danh mục sản phẩm OCOP / OCOP products").click()
    wait(driver, lambda: driver.current_url.endswith("/staff/ocop"))
    listed = driver.find_element(By.CSS_SELECTOR, f'tr[data-product="{product_id}"]')
    assert form["f-name_vi"] in listed.text and "★★★★" in listed.text
    assert listed.find_elements(By.CSS_SELECTOR, "td.num")[0].text == "1"


def test_import_the_registry_csv_and_see_errors_by_line(driver, server, tmp_path):
    suffix = os.urandom(3).hex()
    set_viewport(driver, 1920, 1080)
    sign_in(driver, server, "/staff/ocop")
    header = ("product_id,gtin,name_vi,group,producer_name,producer_address,ocop_stars,certificate_number,certificate_date,"
              "certificate_authority,certificate_expires,batch,production_date,expiry_date")
    # The centre counts days in its own zone (UTC+7), which is a day ahead of UTC in the evening.
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()
    ending = today + datetime.timedelta(days=40)
    rows = [
        (f"gom-{suffix}", "8937", f"Gốm men lam {suffix}", "handicrafts", (today - datetime.timedelta(days=100)).isoformat(), ""),
        (f"che-{suffix}", "8938", f"Chè búp {suffix}", "drinks", (ending - datetime.timedelta(days=700)).isoformat(), ending.isoformat()),
        (f"ruou-{suffix}", "8939", f"Rượu nếp {suffix}", "drinks", (today - datetime.timedelta(days=3 * 366 + 10)).isoformat(), ""),
    ]
    good = tmp_path / f"dang-ky-{suffix}.csv"
    lines = [header]
    for product_id, prefix, name, group, issued, expires in rows:
        gtin = gtin13(prefix + str(int(suffix, 16) % 10**8).zfill(8))
        lines.append(f"{product_id},{gtin},{name},{group},HTX {name},\"Hồng Bàng, Hải Phòng\",3,77/QĐ-UBND,{issued},UBND quận Hồng Bàng,"
                     f"{expires},G1,{today.isoformat()},")
    good.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    driver.find_element(By.ID, "ocop-import-file").send_keys(str(good))
    driver.find_element(By.CSS_SELECTOR, "#ocop-import button").click()
    wait(driver, lambda: "imported=" in driver.current_url, "the import did not finish")
    assert "3 sản phẩm mới" in driver.find_element(By.ID, "ocop-message").text
    status = {row[0]: driver.find_element(By.CSS_SELECTOR, f'tr[data-product="{row[0]}"] .cert').text for row in rows}
    assert "Còn hiệu lực" in status[f"gom-{suffix}"]
    assert "Sắp hết hạn (còn 40 ngày)" in status[f"che-{suffix}"]
    assert "Đã hết hạn" in status[f"ruou-{suffix}"]
    driver.find_element(By.CSS_SELECTOR, 'input[name="flagged"]').click()
    driver.find_element(By.CSS_SELECTOR, "form.filter button").click()
    wait(driver, lambda: "flagged=1" in driver.current_url)
    shown = {e.get_attribute("data-product") for e in driver.find_elements(By.CSS_SELECTOR, "tr[data-product]")}
    assert {f"che-{suffix}", f"ruou-{suffix}"} <= shown and f"gom-{suffix}" not in shown
    driver.find_element(By.LINK_TEXT, "Xem tất cả / Show all").click()
    wait(driver, lambda: driver.current_url.endswith("/staff/ocop"))

    bad = tmp_path / "sai.csv"
    bad.write_text(header + "\r\n"
                   f"bad-{suffix},8930000000001,Sai,food,HTX,Hồng Bàng,6,1/QĐ,2024-01-10,UBND,,,,\r\n", encoding="utf-8")
    driver.find_element(By.ID, "ocop-import-file").send_keys(str(bad))
    driver.find_element(By.CSS_SELECTOR, "#ocop-import button").click()
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#ocop-import-result .import-errors li"), "no errors shown")
    lines = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#ocop-import-result .import-errors li")]
    assert lines and all(line.startswith("sai.csv:2:") for line in lines), lines
    assert any("check digit" in line for line in lines) and any("not 6" in line for line in lines), lines
    assert not driver.find_elements(By.CSS_SELECTOR, f'tr[data-product="bad-{suffix}"]')
    screenshot(driver, "staff-ocop")


def test_the_registry_needs_a_signed_in_staff_member(server):
    with urllib.request.urlopen(server.base_url + "/staff/ocop", timeout=10) as res:
        assert "/login" in res.geturl()
