"""The product page a shopper's phone opens on scanning a label's QR code (GS1 Digital Link, /01/…):
on a 360 x 740 phone it fits without sideways scrolling, its text is at least 18 px, axe-core finds
no serious or critical violation, it loads nothing from other hosts, and the English switch keeps the
scanned address. An expired certificate shows its warning; an unknown batch opens the product's page, saying so.

The registry is seeded by writing to the server's SQLite file (tables ocop_product, ocop_batch and
ocop_image of migration v7) after the server has created them.

With SCREENS_DIR set (e.g. SCREENS_DIR=docs/screens), the page is also saved as
ocop-product-phone.png and ocop-product-phone-en.png there.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import sqlite3
import struct
import urllib.parse
import zlib
from pathlib import Path

import pytest
from axe_selenium_python import Axe

from conftest import KioskServer, WAIT
from screens import shrink
from selenium.webdriver.support.ui import WebDriverWait

PHONE = {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True}
MIN_TEXT = 18  # CSS px

TODAY = dt.date.today()


def _check_digit(digits: str) -> str:
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)


def _gtin(body: str) -> str:
    return "0" + body + _check_digit("0" + body)


def _plus_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def _yymmdd(day: dt.date) -> str:
    return day.strftime("%y%m%d")


def _dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


FISH_SAUCE = {
    "id": "nuoc-mam-cat-hai", "gtin": _gtin("893612345678"), "name_vi": "Nước mắm Cát Hải", "name_en": "Cat Hai fish sauce",
    "ocop_group": "food", "stars": 4, "score": 82, "cert_number": "1234/QĐ-UBND",
    "cert_issued": TODAY - dt.timedelta(days=300), "cert_authority": "UBND thành phố Hải Phòng",
    "producer_name": "Hợp tác xã Dịch vụ Nghề cá Cát Hải",
    "producer_address": "Số 18 đường Hùng Vương, thị trấn Cát Hải, thành phố Hải Phòng", "producer_phone": "0225 3886 123",
    "brand": "Cát Hải",
    "description_vi": "Nước mắm cốt truyền thống, cá cơm ủ chượp trong thùng gỗ 12 tháng. Độ đạm 35°N.",
    "description_en": "Traditional first-press fish sauce: anchovies fermented in wooden vats for 12 months. 35°N protein.",
    "ingredients_vi": "Cá cơm, muối biển.", "ingredients_en": "Anchovies, sea salt.",
    "storage_vi": "Để nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp. Đậy kín nắp sau khi dùng.",
    "storage_en": "Keep in a cool, dry place away from direct sunlight. Close the cap after use.",
}
BATCH = {"product_id": "nuoc-mam-cat-hai", "batch": "L2611/01", "produced": TODAY - dt.timedelta(days=23),
         "expires": _plus_months(TODAY - dt.timedelta(days=23), 24), "quantity": 1200}
HONEY = {
    "id": "mat-ong-bach-long-vi", "gtin": _gtin("893612345679"), "name_vi": "Mật ong Bạch Long Vĩ", "name_en": None,
    "ocop_group": "food", "stars": 3, "score": None, "cert_number": "77/QĐ-UBND",
    "cert_issued": _plus_months(TODAY, -40), "cert_authority": "UBND huyện Bạch Long Vĩ",
    "producer_name": "Tổ hợp tác Mật ong Bạch Long Vĩ", "producer_address": "Đảo Bạch Long Vĩ, thành phố Hải Phòng",
    "producer_phone": None, "brand": None,
}


def _cert_expires(issued: dt.date) -> dt.date:
    return _plus_months(issued, 36) - dt.timedelta(days=1)


def _label_link(product: dict, batch: dict) -> str:
    return (f"/01/{product['gtin']}/10/{urllib.parse.quote(batch['batch'], safe='')}"
            f"?17={_yymmdd(batch['expires'])}&11={_yymmdd(batch['produced'])}")


def _png(width: int, height: int) -> bytes:
    """A drawn bottle of fish sauce on a warm background, as a PNG (no imaging library needed)."""
    def pixel(x: int, y: int) -> tuple[int, int, int]:
        cx = width // 2
        dx = abs(x - cx)
        if 46 <= y <= 70 and dx <= 28:                                  # cap
            return (168, 32, 32)
        if 70 < y <= 110 and dx <= 20:                                  # neck
            return (120, 62, 14)
        if 110 < y <= 150 and dx <= 20 + (y - 110) * 40 // 40:          # shoulder
            return (135, 72, 16)
        if 150 < y <= 360 and dx <= 60:                                 # body, with a label
            if 200 <= y <= 310 and dx <= 52:
                if 214 <= y <= 232:
                    return (168, 32, 32)
                if 286 <= y <= 296:
                    return (11, 79, 44)
                return (246, 236, 210)
            shade = 150 - dx
            return (shade, 80 + shade // 6, 18)
        if 360 < y <= 372 and ((x - cx) / 90) ** 2 + ((y - 366) / 6) ** 2 <= 1:   # shadow
            return (200, 186, 160)
        t = y / height
        return (int(250 - 18 * t), int(244 - 24 * t), int(230 - 34 * t))

    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _seed(db: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    con = sqlite3.connect(db, timeout=10)
    try:
        with con:
            for product in (FISH_SAUCE, HONEY):
                row = dict(product)
                row["cert_expires"] = _cert_expires(row["cert_issued"]).isoformat()
                row["cert_issued"] = row["cert_issued"].isoformat()
                row.update(created_at=now, updated_at=now, updated_by="canbo")
                con.execute(f"INSERT INTO ocop_product ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
            row = dict(BATCH, produced=BATCH["produced"].isoformat(), expires=BATCH["expires"].isoformat(), updated_at=now)
            con.execute(f"INSERT INTO ocop_batch ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
            con.execute("INSERT INTO ocop_image (product_id, content_type, bytes, updated_at) VALUES (?, 'image/png', ?, ?)",
                        (FISH_SAUCE["id"], _png(600, 400), now))
    finally:
        con.close()


@pytest.fixture(scope="module")
def registry(kiosk_binary, content_dir, tmp_path_factory):
    """A server of its own whose registry holds the fish sauce (one batch, an image) and the honey
    (certificate expired)."""
    srv = KioskServer(kiosk_binary, content_dir, tmp_path_factory.mktemp("ocop-data"))
    _seed(srv.db_path)
    yield srv
    died = srv.died()
    srv.stop()
    assert died is None, died


@pytest.fixture
def phone(driver):
    """The browser as a 360 x 740 phone (mobile viewport rules, 2 device pixels per CSS pixel)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    yield driver
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _wait(driver, condition, message=""):
    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: condition(), message)


def _open(driver, server: KioskServer, path: str) -> None:
    driver.get(server.base_url + path)
    _wait(driver, lambda: driver.execute_script(
        "return document.readyState === 'complete' && [...document.images].every(i => i.complete)"), "the page did not load")


# Every problem a phone would show: sideways scrolling, small text, other hosts.
MEASURE = """
const problems = [];
const W = innerWidth;
if (W !== 360) problems.push(`innerWidth is ${W}, not 360 (is <meta name=viewport> there?)`);
if (document.scrollingElement.scrollWidth > W) problems.push(`scrolls sideways: scrollWidth ${document.scrollingElement.scrollWidth} > ${W}`);
for (const el of document.querySelectorAll('body *')) {
  if (!el.getClientRects().length) continue;
  const r = el.getBoundingClientRect();
  if (r.right > W + 0.5) problems.push(`${el.tagName}#${el.id} reaches ${Math.round(r.right)} px`);
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const size = parseFloat(getComputedStyle(el).fontSize);
  if (own && size < arguments[0]) problems.push(`text of ${el.tagName} '${el.textContent.trim().slice(0, 30)}' is ${size} px`);
}
for (const e of performance.getEntriesByType('resource'))
  if (new URL(e.name).origin !== location.origin) problems.push(`loads ${e.name}`);
if (!document.querySelector('meta[name=viewport]')) problems.push('no meta viewport');
return problems;
"""


def _problems(driver) -> list[str]:
    problems = driver.execute_script(MEASURE, MIN_TEXT)
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    problems += [f"axe {v['id']} ({v['impact']}): {v['help']}" for v in results["violations"]
                 if v.get("impact") in ("serious", "critical")]
    return problems


def _screenshot(driver, name: str) -> None:
    """The whole page at the phone's width, when SCREENS_DIR is set (shrunk as screens.py does)."""
    folder = os.environ.get("SCREENS_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.scrollingElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": PHONE["width"], "height": height, "scale": 1}})
    path = Path(folder) / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    shrink(path)


def test_the_label_link_opens_a_page_that_fits_a_phone(phone, registry, locales):
    driver = phone
    _open(driver, registry, _label_link(FISH_SAUCE, BATCH))
    assert driver.execute_script("return document.documentElement.lang") == "vi"
    assert driver.find_element("css selector", "h1").text == FISH_SAUCE["name_vi"]
    text = driver.find_element("css selector", "body").text
    for shown in ("OCOP 4 sao", "1234/QĐ-UBND", FISH_SAUCE["producer_address"], BATCH["batch"],
                  _dmy(BATCH["produced"]), _dmy(BATCH["expires"]), locales["vi"]["product.certificate_valid"],
                  "Trung tâm Phục vụ hành chính công phường Hồng Bàng"):
        assert shown in text, f"{shown!r} is not on the page"
    assert "★★★★" in driver.find_element("css selector", "#stars").text
    assert driver.execute_script("return document.querySelector('img.photo').naturalWidth") == 600
    assert driver.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)") >= MIN_TEXT
    phone_link = driver.find_element("css selector", "#producer a[href^='tel:']")
    assert phone_link.get_attribute("href") == "tel:02253886123"
    switch = driver.find_element("css selector", "#switch-language")
    assert switch.size["height"] >= 48
    assert _problems(driver) == []
    _screenshot(driver, "ocop-product-phone")


def test_the_english_switch_keeps_the_scanned_link(phone, registry):
    driver = phone
    path = _label_link(FISH_SAUCE, BATCH)
    _open(driver, registry, path)
    driver.find_element("css selector", "#switch-language").click()
    _wait(driver, lambda: driver.execute_script("return document.documentElement.lang") == "en", "the page stayed Vietnamese")
    url = urllib.parse.urlsplit(driver.current_url)
    assert url.path == path.split("?")[0]
    assert urllib.parse.parse_qs(url.query) == {"17": [_yymmdd(BATCH["expires"])], "11": [_yymmdd(BATCH["produced"])], "lang": ["en"]}
    assert driver.find_element("css selector", "h1").text == FISH_SAUCE["name_en"]
    text = driver.find_element("css selector", "body").text
    assert "OCOP 4 stars" in text and "Expiry date" in text and "Anchovies, sea salt." in text
    assert _problems(driver) == []
    _screenshot(driver, "ocop-product-phone-en")
    driver.find_element("css selector", "#switch-language").click()
    _wait(driver, lambda: driver.execute_script("return document.documentElement.lang") == "vi", "no way back to Vietnamese")
    assert driver.find_element("css selector", "h1").text == FISH_SAUCE["name_vi"]


def test_an_expired_certificate_is_a_clear_warning(phone, registry):
    driver = phone
    _open(driver, registry, f"/01/{HONEY['gtin']}")
    banner = driver.find_element("css selector", "[role=alert]")
    expired = _cert_expires(HONEY["cert_issued"])
    assert banner.text.startswith(f"Giấy chứng nhận OCOP đã hết hạn ngày {_dmy(expired)}.")
    assert banner.is_displayed() and banner.location["y"] < PHONE["height"], "the warning is not on the first screen"
    assert _problems(driver) == []


def test_an_unknown_batch_walks_up_to_the_product(phone, registry):
    driver = phone
    _open(driver, registry, f"/01/{FISH_SAUCE['gtin']}/10/KHONG-CO")
    assert driver.find_element("css selector", "h1").text == FISH_SAUCE["name_vi"]
    note = driver.find_element("css selector", "[role=note]")
    assert note.text.startswith("Lô KHONG-CO không có trong sổ đăng ký.")
    assert note.is_displayed() and note.location["y"] < PHONE["height"], "the note is not on the first screen"
    assert _problems(driver) == []
    driver.find_element("css selector", "#batches a").click()
    _wait(driver, lambda: BATCH["batch"] in driver.find_element("css selector", "#batch").text, "no way to the batch")
