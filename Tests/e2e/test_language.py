"""Vietnamese first, English on request; every word on screen comes from kiosk-content."""

import re


def _survey_labels(survey, lang):
    out = {survey["title"].get(lang, survey["title"]["vi"])}
    for q in survey["questions"]:
        out.add(q["prompt"].get(lang, q["prompt"]["vi"]))
        for c in q["choices"]:
            out.add(c["label"].get(lang, c["label"]["vi"]))
    return out


def test_switch_to_english_and_back(page, server, quick_survey, locales):
    page.open(server)
    assert page.lang() == "vi"
    vi_button = page.el('#lang-switch [data-lang="vi"]')
    en_button = page.el('#lang-switch [data-lang="en"]')
    assert vi_button.get_attribute("aria-pressed") == "true"
    assert en_button.text == locales["en"]["lang.name"]
    assert en_button.get_attribute("lang") == "en"

    en_button.click()
    page.wait(lambda: page.lang() == "en", message="html lang did not become en")
    assert en_button.get_attribute("aria-pressed") == "true"
    assert vi_button.get_attribute("aria-pressed") == "false"
    overall = next(q for q in quick_survey["questions"] if q["id"] == quick_survey["main"])
    assert page.choice("satisfied").text == "Satisfied"
    assert [page.choice(c["id"]).text for c in overall["choices"]] == [c["label"]["en"] for c in overall["choices"]]
    assert page.el("#start-prompt").text == overall["prompt"]["en"]
    assert page.el("#text-size").text == locales["en"]["a11y.larger_text"]

    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    assert page.el("#send").text == locales["en"]["rate.send"]
    assert page.el("#skip").text == locales["en"]["rate.skip"]
    assert page.reason("waited_too_long").text == "I waited too long"
    page.el("#skip").click()
    page.wait_thanks(saved=True)
    assert page.el("#thanks-title").text == locales["en"]["thanks.title"]
    assert page.lang() == "en"

    # The next resident starts in Vietnamese again.
    page.el("#thanks-back").click()
    page.wait_screen("start")
    assert page.lang() == "vi"
    assert page.choice("satisfied").text == "Hài lòng"


def test_lang_query_parameter_starts_in_english(page, server):
    page.open(server, lang="en")
    assert page.lang() == "en"
    assert page.choice("very_satisfied").text == "Very satisfied"


def test_every_visible_word_comes_from_content(page, server, quick_survey, locales):
    """No text is written into the page itself: each visible text is a locale string or a survey label."""
    config = server.get_json("/api/v1/kiosk")
    for lang in ("vi", "en"):
        allowed = set(locales[lang].values()) | _survey_labels(quick_survey, lang)
        allowed |= {locales[code]["lang.name"] for code in locales}
        name = config["centre"]["name"]
        allowed.add(name.get(lang, name["vi"]))
        patterns = [re.compile("^" + re.sub(r"\\\{\w+\\\}", r".+", re.escape(s)) + "$") for s in allowed if "{" in s]

        page.open(server, lang=lang)
        texts = []
        for screen in ("start", "followup", "thanks"):
            if screen == "followup":
                page.choice("dissatisfied").click()
                page.wait_screen("followup")
            if screen == "thanks":
                page.el("#send").click()
                page.wait_thanks(saved=True)
            texts += page.driver.execute_script(
                """
                const out = [];
                for (const el of document.querySelectorAll('body *')) {
                  if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
                  for (const n of el.childNodes) {
                    if (n.nodeType === 3 && n.textContent.trim()) out.push(n.textContent.trim());
                  }
                }
                return out;
                """
            )
        stray = [t for t in texts if t not in allowed and not any(p.match(t) for p in patterns)]
        assert stray == [], f"text not from kiosk-content ({lang}): {stray}"
