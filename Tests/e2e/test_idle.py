"""Idle reset: a visible countdown with "Tôi vẫn đang dùng", then back to a clean attract screen; never
while someone is typing; answers given so far are sent, never lost."""

import re
import time

from conftest import answers_of

IDLE = 6  # seconds (?idle=); the countdown shows in the last half of it (the last 20 s at 75 s)
WAIT_STORED = 10


def _new_rows(server, before):
    return [r for r in server.ratings() if r["id"] not in before]


def test_countdown_still_here_then_reset(page, server, locales):
    before = {r["id"] for r in server.ratings()}
    page.open(server, kiosk="kiosk-1", idle=IDLE)
    page.rate("dissatisfied", "followup")
    page.reason("attitude").click()
    assert not page.el("#idle-overlay").is_displayed()

    page.wait(lambda: page.el("#idle-overlay").is_displayed(), timeout=IDLE + 5, message="no countdown")
    template = re.escape(locales["vi"]["idle.countdown"]).replace(r"\{seconds\}", r"(\d+)")
    match = re.fullmatch(template, page.el("#idle-countdown").text)
    assert match and 1 <= int(match.group(1)) <= IDLE
    assert page.el("#idle-question").text == locales["vi"]["idle.question"]
    still_here = page.el("#still-here")
    assert still_here.text == locales["vi"]["idle.still_here"] == "Tôi vẫn đang dùng"
    assert page.driver.switch_to.active_element == still_here

    still_here.click()
    page.wait(lambda: not page.el("#idle-overlay").is_displayed(), timeout=2)
    assert page.visible_screens() == ["followup"]
    assert page.reason("attitude").get_attribute("aria-pressed") == "true"

    # Nobody touches anything: the countdown comes back, then the attract screen.
    page.wait(lambda: page.el("#idle-overlay").is_displayed(), timeout=IDLE + 5)
    page.wait_screen("home", timeout=IDLE + 5)
    assert not page.el("#idle-overlay").is_displayed()

    # The main answer the resident gave is kept; the reason they never confirmed is not.
    page.wait(lambda: len(_new_rows(server, before)) == 1, timeout=WAIT_STORED, message="main answer not kept")
    kept = _new_rows(server, before)[0]
    assert answers_of(kept) == {"overall": "dissatisfied"}
    assert kept["kiosk"] == "kiosk-1"

    # Nothing of the abandoned rating is left on screen.
    page.rate("dissatisfied", "followup")
    assert all(t.get_attribute("aria-pressed") == "false" for t in page.els("[data-reason]"))


def test_no_reset_while_typing_then_the_confirmed_answers_are_kept(page, server):
    before = {r["id"] for r in server.ratings()}
    page.open(server, kiosk="kiosk-2", idle=IDLE)
    page.rate("dissatisfied", "followup")
    page.reason("attitude").click()
    page.tap("#send")
    page.wait_screen("comment")

    # Someone types, on the screen and on a keyboard, for longer than the idle time.
    field = page.el("#comment")
    started = time.monotonic()
    keys = iter("Cans booj raats nhieetj tinhf")
    while time.monotonic() - started < IDLE * 1.3:
        ch = next(keys)
        if ch == " ":
            field.send_keys(" ")
        else:
            page.el(f'#comment-keyboard [data-key="{ch.lower()}"]').click()
        last_key = time.monotonic()
        assert not page.el("#idle-overlay").is_displayed(), "countdown while typing"
        time.sleep(IDLE / 5)   # a slow typist: one key every 1.2 s
    assert page.visible_screens() == ["comment"]
    assert page.driver.switch_to.active_element == field

    # They stop: the countdown comes only after a whole idle time, then the attract screen.
    page.wait(lambda: page.el("#idle-overlay").is_displayed(), timeout=IDLE * 3, message="no countdown after typing")
    assert time.monotonic() - last_key >= IDLE - 0.5
    page.wait_screen("home", timeout=IDLE * 2)

    # Main answer and confirmed reasons are kept; the comment that was never sent is not.
    page.wait(lambda: len(_new_rows(server, before)) == 1, timeout=WAIT_STORED, message="answers not kept")
    kept = _new_rows(server, before)[0]
    assert answers_of(kept) == {"overall": "dissatisfied", "reasons": ["attitude"]}
    assert kept["comment"] is None
    assert kept["counter"] == "Q03"


def test_hall_kiosk_reset_keeps_the_counter_and_restores_language_and_text_size(page, server):
    before = {r["id"] for r in server.ratings()}
    page.open(server, kiosk="kiosk-1", idle=IDLE)
    page.tap('#lang-switch [data-lang="en"]')
    page.tap("#text-size")
    page.wait(lambda: page.lang() == "en")
    page.rate("satisfied", "counter")
    page.tap('[data-counter="Q02"]')      # one officer, two fields: the field is asked
    page.wait_screen("field")

    page.wait_screen("home", timeout=IDLE + 6)
    assert page.lang() == "vi"
    assert page.el("#text-size").get_attribute("aria-pressed") == "false"
    page.wait(lambda: len(_new_rows(server, before)) == 1, timeout=WAIT_STORED)
    kept = _new_rows(server, before)[0]
    assert answers_of(kept) == {"overall": "satisfied"}
    assert (kept["counter"], kept["officer"], kept["field"]) == ("Q02", "cb-02", None)


def test_attract_screen_left_in_english_goes_back_to_vietnamese(page, server):
    page.open(server, kiosk="kiosk-2", idle=3)
    page.tap('#lang-switch [data-lang="en"]')
    page.wait(lambda: page.lang() == "en")
    page.wait(lambda: page.lang() == "vi", timeout=3 + 5, message="attract screen stayed in English")
    assert page.visible_screens() == ["home"]
