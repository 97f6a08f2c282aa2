"""Idle reset: a visible countdown, an "I'm still here" button, then back to a clean start."""

import json
import re

WAIT_STORED = 10

IDLE = 6  # seconds (?idle=); the countdown shows in the last half of it (the last 20 s at 60 s)


def test_countdown_still_here_then_reset(page, server, locales):
    before = {r["id"] for r in server.ratings()}
    page.open(server, idle=IDLE)
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    page.reason("attitude").click()
    assert not page.el("#idle-overlay").is_displayed()

    page.wait(lambda: page.el("#idle-overlay").is_displayed(), timeout=IDLE + 5, message="no countdown")
    template = re.escape(locales["vi"]["idle.countdown"]).replace(r"\{seconds\}", r"(\d+)")
    match = re.fullmatch(template, page.el("#idle-countdown").text)
    assert match and 1 <= int(match.group(1)) <= IDLE
    still_here = page.el("#still-here")
    assert still_here.text == locales["vi"]["idle.still_here"]
    assert page.driver.switch_to.active_element == still_here

    still_here.click()
    page.wait(lambda: not page.el("#idle-overlay").is_displayed(), timeout=2)
    assert page.visible_screens() == ["followup"]
    assert page.reason("attitude").get_attribute("aria-pressed") == "true"

    # Nobody touches anything: the countdown comes back, then the start screen.
    page.wait(lambda: page.el("#idle-overlay").is_displayed(), timeout=IDLE + 5)
    page.wait_screen("start", timeout=IDLE + 5)
    assert not page.el("#idle-overlay").is_displayed()

    # The main answer the resident gave is kept; the reason they never confirmed is not.
    page.wait(lambda: len(server.ratings()) == len(before) + 1, timeout=WAIT_STORED, message="main answer not kept")
    kept = [r for r in server.ratings() if r["id"] not in before]
    assert json.loads(kept[0]["answers"]) == {"overall": "dissatisfied"}

    # Nothing of the abandoned rating is left on screen.
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    assert all(t.get_attribute("aria-pressed") == "false" for t in page.els("[data-reason]"))


def test_english_start_screen_goes_back_to_vietnamese_when_left(page, server):
    page.open(server, idle=IDLE)
    page.el('#lang-switch [data-lang="en"]').click()
    page.el("#text-size").click()
    page.wait(lambda: page.lang() == "en")
    page.wait(lambda: page.lang() == "vi", timeout=IDLE + 5, message="start screen stayed in English")
    assert page.el("#text-size").get_attribute("aria-pressed") == "false"
