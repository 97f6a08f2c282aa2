"""Large, clear and accessible: faces + colours + words, big targets, big text, no scrolling, axe-core."""

import re

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

MIN_TARGET = 64     # CSS px, both ways
MIN_GAP = 16        # CSS px between two targets
MIN_BODY_TEXT = 24  # CSS px
MIN_CHOICE_TEXT = 32


def _rgb(css: str) -> tuple[float, float, float]:
    nums = [float(x) for x in re.findall(r"[\d.]+", css)[:3]]
    return nums[0], nums[1], nums[2]


def _contrast(a: str, b: str) -> float:
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b_ = (ch(x) for x in _rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _px(value: str) -> float:
    return float(value.removesuffix("px"))


def _visible_buttons(page, screen: str):
    buttons = page.els(f'[data-screen="{screen}"] button') + page.els(".topbar button")
    return [b for b in buttons if b.is_displayed()]


def _rects(page, elements):
    return page.driver.execute_script(
        "return arguments[0].map(e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; });",
        elements,
    )


def test_each_choice_is_a_face_a_colour_and_a_word(page, server, quick_survey):
    page.open(server)
    overall = next(q for q in quick_survey["questions"] if q["id"] == quick_survey["main"])
    buttons = page.els('[data-screen="start"] [data-choice]')
    assert [b.get_attribute("data-choice") for b in buttons] == [c["id"] for c in overall["choices"]]

    backgrounds = set()
    for button, choice in zip(buttons, overall["choices"]):
        assert button.tag_name == "button"
        face = button.find_element("css selector", "svg")
        assert face.is_displayed()
        assert face.get_attribute("aria-hidden") == "true"
        assert len(face.find_elements("css selector", "circle, path")) >= 3  # head, eyes, mouth
        word = button.find_element("css selector", ".choice-label")
        assert word.is_displayed()
        assert word.text == choice["label"]["vi"]
        assert button.accessible_name == choice["label"]["vi"]
        assert _px(word.value_of_css_property("font-size")) >= MIN_CHOICE_TEXT
        bg = button.value_of_css_property("background-color")
        fg = word.value_of_css_property("color")
        assert _contrast(bg, fg) >= 7, f"{choice['id']}: contrast {_contrast(bg, fg):.2f} ({fg} on {bg})"
        backgrounds.add(bg)
    assert len(backgrounds) == len(buttons), f"choices share a colour: {backgrounds}"


def test_targets_are_large_and_apart_and_text_is_large(page, server):
    page.open(server)
    body_size = _px(page.driver.execute_script("return getComputedStyle(document.body).fontSize"))
    assert body_size >= MIN_BODY_TEXT

    buttons = _visible_buttons(page, "start")
    assert len(buttons) >= 5  # choices, languages, text size
    rects = _rects(page, buttons)
    for b, r in zip(buttons, rects):
        assert r["width"] >= MIN_TARGET and r["height"] >= MIN_TARGET, f"{b.text!r} is {r['width']}x{r['height']}"
        assert b.accessible_name.strip(), "a button without a name"
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            dx = max(0, b["left"] - a["right"], a["left"] - b["right"])
            dy = max(0, b["top"] - a["bottom"], a["top"] - b["bottom"])
            assert max(dx, dy) >= MIN_GAP, f"targets {a} and {b} are {max(dx, dy)} px apart"

    # Every piece of text on the screen is at least body size.
    smallest = page.driver.execute_script(
        """
        let min = 1e9;
        for (const el of document.querySelectorAll('#app *')) {
          if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
          const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
          if (own) min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
        }
        return min;
        """
    )
    assert smallest >= MIN_BODY_TEXT


def test_larger_text_switch(page, server):
    page.open(server)
    switch = page.el("#text-size")
    assert switch.get_attribute("aria-pressed") == "false"
    before = _px(page.driver.execute_script("return getComputedStyle(document.body).fontSize"))
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    after = _px(page.driver.execute_script("return getComputedStyle(document.body).fontSize"))
    assert after >= before * 1.2
    switch.click()
    assert switch.get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize("width,height", [(1280, 800), (800, 1280), (1920, 1080)])
@pytest.mark.parametrize("larger_text", [False, True], ids=["normal-text", "larger-text"])
def test_screens_fit_without_scrolling(page, server, width, height, larger_text):
    page.set_viewport(width, height)
    page.open(server)
    if larger_text:
        page.el("#text-size").click()

    def assert_inside(elements, what):
        for el, r in zip(elements, _rects(page, elements)):
            assert r["top"] >= 0 and r["left"] >= 0 and r["right"] <= width and r["bottom"] <= height, \
                f"{what} {el.text!r} at {r} is outside the {width}x{height} screen"

    start = page.els("#start-prompt") + _visible_buttons(page, "start")
    assert_inside(start, "start screen:")
    sizes = page.driver.execute_script(
        "const d = document.documentElement; return [d.scrollWidth, d.scrollHeight];")
    assert sizes[0] <= width and sizes[1] <= height

    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    assert_inside(page.els("#followup-prompt") + _visible_buttons(page, "followup"), "follow-up screen:")
    for b, r in zip(_visible_buttons(page, "followup"), _rects(page, _visible_buttons(page, "followup"))):
        assert r["height"] >= MIN_TARGET, f"{b.text!r} is {r['height']} px high"


def _serious_violations(page):
    axe = Axe(page.driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    return axe, serious


def _to_start(page):
    """The start screen as it opens."""


def _to_start_en(page):
    page.el('#lang-switch [data-lang="en"]').click()
    page.wait(lambda: page.lang() == "en")


def _to_followup(page):
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    page.reason("waited_too_long").click()


def _to_thanks(page):
    page.choice("satisfied").click()
    page.wait_thanks(saved=True)


def _to_countdown(page):
    _to_followup(page)
    page.wait(lambda: page.el("#idle-overlay").is_displayed(), timeout=15)


@pytest.mark.parametrize("screen,setup,params", [
    ("start", _to_start, {}),
    ("start-en", _to_start_en, {}),
    ("followup", _to_followup, {}),
    ("thanks", _to_thanks, {}),
    ("idle-countdown", _to_countdown, {"idle": 6}),
], ids=["start", "start-en", "followup", "thanks", "idle-countdown"])
def test_axe_finds_no_serious_violation(page, server, screen, setup, params):
    page.open(server, **params)
    setup(page)
    axe, serious = _serious_violations(page)
    assert not serious, f"on the {screen} screen:\n" + axe.report(serious)


def test_focus_is_visible_and_keyboard_works(page, server):
    page.open(server)
    page.driver.execute_script("document.body.focus()")
    seen = []
    for _ in range(8):
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
        active = page.driver.switch_to.active_element
        outline = page.driver.execute_script(
            "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, parseFloat(s.outlineWidth)];", active)
        assert active.tag_name == "button"
        assert outline[0] != "none" and outline[1] >= 3, f"{active.text!r} shows no focus outline"
        seen.append(active.get_attribute("data-choice") or active.get_attribute("id") or active.get_attribute("data-lang"))
        if active.get_attribute("data-choice") == "satisfied":
            ActionChains(page.driver).send_keys(Keys.ENTER).perform()
            break
    assert "satisfied" in seen
    page.wait_thanks(saved=True)
