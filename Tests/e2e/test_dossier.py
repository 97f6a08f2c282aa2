"""The dossier code: scanned (a USB scanner types fast and ends with Enter) or typed on the keypad;
the rating carries it, and a second rating for the same code is refused kindly."""

import os
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys


def _code() -> str:
    return f"H12.34-{os.urandom(3).hex()}-0001"


def test_scanned_code_goes_with_the_rating_and_a_repeat_is_refused_kindly(page, server, locales):
    code = _code()
    page.open(server, kiosk="kiosk-2")
    page.scan(code)                       # on the attract screen: straight to the question
    page.wait_screen("rate")
    assert page.el("#dossier-value").text == code.upper()
    assert locales["vi"]["dossier.scanned"].replace("{code}", code.upper()) == page.el("#notice").text
    page.choice("satisfied").click()
    rating_id = page.wait_thanks(saved=True)
    assert server.rating(rating_id)["dossier_code"] == code.upper()

    # The same receipt again, from the thank-you screen.
    page.scan(code.lower())
    page.wait_screen("rate")
    page.choice("very_satisfied").click()
    page.wait_screen("already")
    vi = locales["vi"]
    assert page.el("#already-title").text == vi["already.title"]
    assert page.el("#already-body").text == vi["already.body"]
    assert page.outbox() == []            # refused for good: never sent again
    assert [r["id"] for r in server.ratings() if r["dossier_code"] == code.upper()] == [rating_id]
    page.tap("#already-back")
    page.wait_screen("home")


def test_code_typed_on_the_keypad(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    page.start_rating()
    assert page.el("#dossier-open").text == locales["vi"]["rate.dossier_enter"]
    page.tap("#dossier-open")
    page.wait_screen("dossier")
    assert page.driver.switch_to.active_element == page.el("#dossier-input")
    code = _code().upper()
    page.type_on_screen("XYZ", "#dossier-keyboard")
    page.tap('#dossier-keyboard [data-key="clear"]')
    page.type_on_screen(code + "9", "#dossier-keyboard")
    page.tap('#dossier-keyboard [data-key="backspace"]')
    assert page.el("#dossier-input").get_attribute("value") == code
    page.tap("#dossier-ok")
    page.wait_screen("rate")
    assert page.el("#dossier-value").text == code
    assert page.el("#dossier-open").text == locales["vi"]["rate.dossier_change"]
    page.choice("satisfied").click()
    row = server.rating(page.wait_thanks(saved=True))
    assert row["dossier_code"] == code


def test_scan_during_the_comment_keeps_the_comment(page, server):
    code = _code()
    page.open(server, kiosk="kiosk-2")
    page.rate("dissatisfied", "followup")
    page.tap("#skip")
    page.wait_screen("comment")
    page.type_on_screen("toos")
    assert page.el("#comment").get_attribute("value") == "tố"
    page.scan(code)                       # the focus is in the comment: the scanner types there
    page.wait(lambda: page.el("#notice").text != "")
    assert page.el("#comment").get_attribute("value") == "tố"
    assert page.visible_screens() == ["comment"]
    page.tap("#comment-send")
    row = server.rating(page.wait_thanks(saved=True))
    assert row["dossier_code"] == code.upper()
    assert row["comment"] == "tố"


def test_slow_typing_with_enter_is_not_a_scan(page, server):
    page.open(server, kiosk="kiosk-2")
    chain = ActionChains(page.driver)
    for ch in "ABCD":
        chain.send_keys(ch).pause(0.12)
    chain.send_keys(Keys.ENTER).perform()
    time.sleep(0.3)  # a scan would have changed the screen at once
    assert page.visible_screens() == ["home"]
    assert page.el("#notice").text == ""


def test_unreadable_scan_is_said_and_changes_nothing(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    page.scan("¿¿ not a code ??")
    page.wait(lambda: page.el("#notice").text == locales["vi"]["dossier.unreadable"])
    assert page.visible_screens() == ["home"]
