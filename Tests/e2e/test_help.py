"""Help: the topic tree of kiosk-content/help, one topic per screen, search without diacritics, the
topic's QR code (decoded with zbarimg) and printing on the kiosk's printer."""

import shutil
import subprocess

import pytest


def _topics(server):
    return server.get_json("/api/v1/help")["topics"]


def _open_help(page):
    page.tap("#go-help")
    page.wait_screen("help")
    page.wait(lambda: len(page.els("#help-list [data-topic]")) > 0, message="no topics listed")


def _shown(page):
    return [b.get_attribute("data-topic") for b in page.els("#help-list [data-topic]")]


def test_navigate_the_topic_tree(page, server, locales):
    topics = _topics(server)
    by_id = {t["id"]: t for t in topics}
    top = sorted((t for t in topics if not t.get("parent")), key=lambda t: t["order"])
    page.open(server, kiosk="kiosk-2")
    _open_help(page)
    assert page.el("#help-title").text == locales["vi"]["help.title"]
    assert _shown(page) == [t["id"] for t in top]
    first = page.el('#help-list [data-topic="vneid"]')
    assert by_id["vneid"]["title"]["vi"] in first.text
    assert by_id["vneid"]["summary"]["vi"] in first.text
    first.click()

    page.wait_screen("help-topic")
    detail = server.get_json("/api/v1/help/vneid")
    page.wait(lambda: len(page.els("#topic-children [data-topic]")) == len(detail["children"]))
    assert page.el("#topic-title").text == detail["title"]["vi"]
    assert "VNeID" in page.el("#topic-body").text
    assert page.els("#topic-body a") == []       # links in the text cannot take the kiosk away
    children = [b.get_attribute("data-topic") for b in page.els("#topic-children [data-topic]")]
    assert sorted(children) == sorted(detail["children"])
    # A text longer than its box has buttons to read on (for those who do not swipe).
    body = page.el("#topic-body")
    assert page.js("return arguments[0].scrollHeight > arguments[0].clientHeight", body)
    assert page.el("#topic-down").is_displayed() and page.el("#topic-down").text == locales["vi"]["help.scroll_down"]
    assert not page.el("#topic-up").is_enabled()
    page.tap("#topic-down")
    assert page.js("return arguments[0].scrollTop", body) > 0
    assert page.el("#topic-up").is_enabled()
    page.tap("#topic-up")
    assert page.js("return arguments[0].scrollTop", body) == 0
    page.tap('#topic-children [data-topic="vneid-cai-dat"]')
    page.wait(lambda: page.el("#topic-title").text == by_id["vneid-cai-dat"]["title"]["vi"])
    assert page.el("#topic-children-box").is_displayed() is False   # a leaf topic

    page.tap("#topic-back")                        # to its parent …
    page.wait(lambda: page.el("#topic-title").text == detail["title"]["vi"])
    page.tap("#topic-back")                        # … to the list …
    page.wait_screen("help")
    page.tap("#help-back")                         # … to the start
    page.wait_screen("home")


def test_search_ignores_diacritics_and_case(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    _open_help(page)
    page.tap("#help-search")
    page.wait(lambda: page.el("#help-keyboard").is_displayed(), message="no search keyboard")
    page.type_on_screen("cai dat vneid", "#help-keyboard")
    assert page.el("#help-search").get_attribute("value") == "cai dat vneid"
    page.wait(lambda: _shown(page)[:1] == ["vneid-cai-dat"], message=f"found {_shown(page)}")
    assert "Cài đặt ứng dụng VNeID" in page.el('#help-list [data-topic="vneid-cai-dat"]').text
    assert page.el("#help-status").text == locales["vi"]["help.results"].replace("{count}", str(len(_shown(page))))

    # đ matches d, upper case matches lower case (typed on a physical keyboard this time).
    page.tap('#help-keyboard [data-key="clear"]')
    page.el("#help-search").send_keys("DANG KY MUC 2")
    page.wait(lambda: _shown(page) == ["vneid-kich-hoat-muc-2"], message=f"found {_shown(page)}")

    page.tap('#help-keyboard [data-key="clear"]')
    page.type_on_screen("zzzz", "#help-keyboard")
    page.wait(lambda: page.el("#help-status").text == locales["vi"]["help.no_results"])
    assert _shown(page) == []

    page.tap('#help-keyboard [data-key="hide"]')
    page.wait(lambda: not page.el("#help-keyboard").is_displayed())


def test_qr_code_of_a_topic_decodes_to_its_link(page, server, tmp_path):
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg is not installed (apt: zbar-tools)")
    link = server.get_json("/api/v1/help/vneid-cai-dat")["link"]
    page.open(server, kiosk="kiosk-2")
    _open_help(page)
    page.tap('#help-list [data-topic="vneid"]')
    page.wait_screen("help-topic")
    page.wait(lambda: len(page.els('#topic-children [data-topic="vneid-cai-dat"]')) == 1)
    page.tap('#topic-children [data-topic="vneid-cai-dat"]')
    img = page.el("#topic-qr")
    page.wait(lambda: "vneid" in (img.get_attribute("src") or "") and page.js("return arguments[0].complete && arguments[0].naturalWidth", img))
    assert img.get_attribute("alt") == link
    assert page.el("#topic-link").text == link
    png = tmp_path / "qr.png"
    png.write_bytes(page.el("#topic-qr-box").screenshot_as_png)
    res = subprocess.run(["zbarimg", "--raw", "--nodbus", "-q", str(png)], capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, f"zbarimg found no code: {res.stderr}"
    assert res.stdout.strip() == link


def test_print_on_a_kiosk_with_a_printer_says_so_when_it_fails(page, server, locales):
    # kiosk-1's printer is a USB device that this machine does not have: the server answers 503.
    page.open(server, kiosk="kiosk-1")
    _open_help(page)
    page.tap('#help-list [data-topic="trung-tam"]')
    page.wait_screen("help-topic")
    page.wait(lambda: page.el("#topic-print").is_displayed(), message="no print button on a kiosk with a printer")
    assert page.el("#topic-print").text == locales["vi"]["help.print"]
    page.tap("#topic-print")
    page.wait(lambda: page.el("#topic-print-status").text == locales["vi"]["help.print_failed"], timeout=20)


def test_no_print_button_without_a_printer(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    _open_help(page)
    page.tap('#help-list [data-topic="trung-tam"]')
    page.wait_screen("help-topic")
    page.wait(lambda: page.el("#topic-body").text not in ("", locales["vi"]["help.loading"]))
    assert not page.el("#topic-print").is_displayed()
