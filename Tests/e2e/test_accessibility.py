"""Large, clear and accessible on every screen: faces + colours + words, targets >= 64 px and >= 16 px
apart, text >= 24 px, nothing that moves, the call-staff button, axe-core without serious or critical
violations, and every screen fits 1080 x 1920 (portrait) and 1920 x 1080 (landscape), also with larger
text."""

import re

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

MIN_TARGET = 64     # CSS px, both ways
MIN_GAP = 16        # CSS px between two targets
MIN_BODY_TEXT = 24  # CSS px
MIN_CHOICE_TEXT = 32

VIEWPORTS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}

# Everything measured on the screen shown, in one round trip.
MEASURE = """
const W = innerWidth, H = innerHeight;
const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const screen = document.querySelector('[data-screen]:not([hidden])');
const overlay = document.getElementById('idle-overlay');
// Under the countdown only its own button can be reached.
const roots = overlay.hidden ? [document.querySelector('.topbar'), screen] : [overlay];
const targets = [];
for (const root of roots) for (const el of root.querySelectorAll('button, input, textarea, [tabindex="0"]')) {
  if (!shown(el)) continue;
  const r = el.getBoundingClientRect();
  // In a scrolling list a target is reached by scrolling: what counts is the part shown now.
  let box = null;
  for (let a = el.parentElement; a; a = a.parentElement) {
    const oy = getComputedStyle(a).overflowY;
    if ((oy === 'auto' || oy === 'scroll') && a.scrollHeight > a.clientHeight + 1) { box = a.getBoundingClientRect(); break; }
  }
  const v = box ? {left: Math.max(r.left, box.left), top: Math.max(r.top, box.top),
                   right: Math.min(r.right, box.right), bottom: Math.min(r.bottom, box.bottom)} : r;
  targets.push({name: (el.getAttribute('aria-label') || el.textContent || el.id || el.tagName).trim().slice(0, 40),
    tag: el.tagName, width: r.width, height: r.height, scrolled: !!box,
    visible: v.right > v.left && v.bottom > v.top,
    left: v.left, top: v.top, right: v.right, bottom: v.bottom,
    clipped: box && {left: box.left, top: box.top, right: box.right, bottom: box.bottom}});
}
let smallest = 1e9, smallestText = '';
for (const el of document.querySelectorAll('#app *')) {
  if (!shown(el)) continue;
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const size = parseFloat(getComputedStyle(el).fontSize);
  if (own && size < smallest) { smallest = size; smallestText = el.textContent.trim().slice(0, 40); }
}
const d = document.documentElement;
return {targets, smallest, smallestText, scroll: [d.scrollWidth, d.scrollHeight], W, H,
        animations: document.getAnimations().length, body: parseFloat(getComputedStyle(document.body).fontSize),
        callStaff: shown(document.getElementById('call-staff'))};
"""


def _problems(page, screen: str, check_fit: bool) -> list[str]:
    m = page.js(MEASURE)
    out = []
    if m["body"] < MIN_BODY_TEXT:
        out.append(f"body text {m['body']} px")
    if m["smallest"] < MIN_BODY_TEXT:
        out.append(f"text {m['smallestText']!r} is {m['smallest']} px")
    if not m["callStaff"]:
        out.append("no call-staff button")
    if m["animations"]:
        out.append(f"{m['animations']} animations running")
    targets = [t for t in m["targets"] if t["visible"]]
    for t in targets:
        if t["width"] < MIN_TARGET or t["height"] < MIN_TARGET:
            out.append(f"target {t['name']!r} is {t['width']:.0f}x{t['height']:.0f}")
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            dx = max(0, b["left"] - a["right"], a["left"] - b["right"])
            dy = max(0, b["top"] - a["bottom"], a["top"] - b["bottom"])
            if max(dx, dy) < MIN_GAP:
                out.append(f"targets {a['name']!r} and {b['name']!r} are {max(dx, dy):.0f} px apart")
    if check_fit:
        w, h = m["W"], m["H"]
        if m["scroll"][0] > w or m["scroll"][1] > h:
            out.append(f"the page scrolls: {m['scroll']} in {w}x{h}")
        for t in targets:
            r = t["clipped"] or t   # inside a scrolling list it is reached by scrolling the list
            if r["left"] < 0 or r["top"] < 0 or r["right"] > w + 0.5 or r["bottom"] > h + 0.5:
                out.append(f"{t['name']!r} at ({r['left']:.0f},{r['top']:.0f})-({r['right']:.0f},{r['bottom']:.0f}) is off the {w}x{h} screen")
    return [f"{screen}: {p}" for p in out]


def _axe(page, screen: str) -> list[str]:
    axe = Axe(page.driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    return [f"{screen}: axe {v['id']} ({v['impact']}): {v['help']} – " +
            "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:4])
            for v in serious]


# Visible text nodes, except the help topic's own text (content HTML from kiosk-content/help).
TEXTS = """
const out = [];
for (const el of document.querySelectorAll('body *')) {
  if (!el.getClientRects().length || el.closest('#topic-body')) continue;
  for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) out.push(n.textContent.trim());
}
return out;
"""


def _content_words(server, locales, lang):
    """Every text the kiosk may show in `lang`: locale strings and labels of the content."""
    def pick(obj):
        return obj.get(lang) or obj["vi"] if isinstance(obj, dict) else obj
    config = server.get_json("/api/v1/kiosk?kiosk=kiosk-1")
    words = set(locales[lang].values()) | {locales[code]["lang.name"] for code in locales}
    words.add(pick(config["centre"]["name"]))
    survey = config["survey"]
    words.add(pick(survey["title"]))
    for q in survey["questions"]:
        words.add(pick(q["prompt"]))
        words |= {pick(c["label"]) for c in q["choices"]}
    for c in config["counters"]:
        words.add(pick(c["name"]))
        words.add(", ".join(o["name"] for o in c["officers"]))
        for o in c["officers"]:
            words.add(o["name"])
            if o["title"]:
                words.add(pick(o["title"]))
    words |= {pick(f["name"]) for f in config["fields"]}
    for t in server.get_json("/api/v1/help")["topics"]:
        words.add(pick(t["title"]))
        if t.get("summary"):
            words.add(pick(t["summary"]))
        detail = server.get_json(f"/api/v1/help/{t['id']}")
        if detail.get("link"):
            words.add(detail["link"])
        if detail.get("source"):
            words.add(f"{locales[lang]['help.source']} {detail['source']['name']}")
    patterns = [re.compile("^" + re.sub(r"\\\{\w+\\\}", r".+", re.escape(w)) + "$") for w in words if "{" in w]
    return words, patterns


def _larger_text(page, screen):
    # The next resident starts with normal text (after thanks): switch it on again where needed.
    if page.el("#text-size").get_attribute("aria-pressed") != "true":
        page.el("#text-size").click()
    assert page.js("return getComputedStyle(document.body).fontSize") == "30px", screen


@pytest.mark.parametrize("orientation,lang,larger", [("landscape", "vi", False), ("portrait", "en", True)],
                         ids=["landscape-vi", "portrait-en-larger-text"])
def test_every_screen(page, server, locales, orientation, lang, larger):
    """On every screen: axe-core finds no serious or critical violation; targets, gaps, text sizes and
    the call-staff button as required; nothing moves; the screen fits; and every visible word comes
    from kiosk-content in the language shown (key caps, counter numbers and typed text aside)."""
    page.set_viewport(*VIEWPORTS[orientation])
    words, patterns = _content_words(server, locales, lang)
    typed = {"Cán bộ rất nhiệt tình", "Cans booj raats nhieetj tinhf", "H12.34-250101-", "vneid"}
    problems = []
    visited = []

    def visit(screen):
        visited.append(screen)
        if larger:
            _larger_text(page, screen)
        problems.extend(_problems(page, screen, check_fit=True))
        problems.extend(_axe(page, screen))
        assert page.lang() == lang, f"{screen} is not in {lang}"
        for text in page.js(TEXTS):
            if text in words or text in typed or any(p.match(text) for p in patterns):
                continue
            if len(text) == 1 or text.isdigit():   # key caps, counter numbers
                continue
            problems.append(f"{screen}: text not from kiosk-content ({lang}): {text!r}")

    page.walk(server, visit, lang=lang)
    assert visited == list(page.SCREENS)
    page.show_countdown(server)
    problems.extend(_problems(page, "idle-countdown", check_fit=True))
    problems.extend(_axe(page, "idle-countdown"))
    assert not problems, "\n".join(problems)


def test_every_screen_fits_landscape_with_larger_text(page, server):
    """The larger-text switch (30 px body text) on every screen of a landscape kiosk: still fits.
    (Portrait with larger text is walked by test_every_screen.)"""
    page.set_viewport(*VIEWPORTS["landscape"])
    problems = []

    def visit(screen):
        _larger_text(page, screen)
        problems.extend(_problems(page, screen, check_fit=True))

    page.walk(server, visit)
    assert not problems, "\n".join(problems)


def test_each_choice_is_a_face_a_colour_and_a_word(page, server, quick_survey):
    page.open(server, kiosk="kiosk-2")
    page.start_rating()
    overall = next(q for q in quick_survey["questions"] if q["id"] == quick_survey["main"])
    buttons = page.els('[data-screen="rate"] [data-choice]')
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
        assert float(word.value_of_css_property("font-size").removesuffix("px")) >= MIN_CHOICE_TEXT
        bg = button.value_of_css_property("background-color")
        fg = word.value_of_css_property("color")
        assert _contrast(bg, fg) >= 7, f"{choice['id']}: contrast {_contrast(bg, fg):.2f} ({fg} on {bg})"
        backgrounds.add(bg)
    assert len(backgrounds) == len(buttons), f"choices share a colour: {backgrounds}"


def test_coloured_buttons_keep_7_to_1(page, server):
    page.open(server, kiosk="kiosk-1")
    for css in ("#go-rate", "#go-help", "#call-staff", '#lang-switch [data-lang="vi"]'):
        el = page.el(css)
        bg, fg = el.value_of_css_property("background-color"), el.value_of_css_property("color")
        assert _contrast(bg, fg) >= 7, f"{css}: {_contrast(bg, fg):.2f} ({fg} on {bg})"


def test_larger_text_switch(page, server):
    page.open(server, kiosk="kiosk-2")
    switch = page.el("#text-size")
    assert switch.get_attribute("aria-pressed") == "false"
    before = float(page.js("return parseFloat(getComputedStyle(document.body).fontSize)"))
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    after = float(page.js("return parseFloat(getComputedStyle(document.body).fontSize)"))
    assert after >= before * 1.2
    page.start_rating()            # it stays on for the rest of the visit
    assert float(page.choice("satisfied").value_of_css_property("font-size").removesuffix("px")) >= 45
    switch.click()
    assert switch.get_attribute("aria-pressed") == "false"


def test_focus_is_visible_and_keyboard_works(page, server):
    page.open(server, kiosk="kiosk-2")
    page.js("document.body.focus()")
    seen = []
    for _ in range(8):
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
        active = page.driver.switch_to.active_element
        outline = page.js("const s = getComputedStyle(arguments[0]); return [s.outlineStyle, parseFloat(s.outlineWidth)];", active)
        assert active.tag_name == "button"
        assert outline[0] != "none" and outline[1] >= 3, f"{active.text!r} shows no focus outline"
        seen.append(active.get_attribute("id") or active.get_attribute("data-lang"))
        if active.get_attribute("id") == "go-rate":
            ActionChains(page.driver).send_keys(Keys.ENTER).perform()
            break
    assert "go-rate" in seen
    page.wait_screen("rate")


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
