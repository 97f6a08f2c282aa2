"""Vietnamese first, English on request, back to Vietnamese for the next resident.
(That every visible word comes from kiosk-content, in both languages, is checked on every screen by
test_accessibility.py::test_every_screen.)"""


def test_switch_to_english_and_back(page, server, quick_survey, locales):
    en, vi = locales["en"], locales["vi"]
    page.open(server, kiosk="kiosk-2")
    assert page.lang() == "vi"
    vi_button = page.el('#lang-switch [data-lang="vi"]')
    en_button = page.el('#lang-switch [data-lang="en"]')
    assert vi_button.get_attribute("aria-pressed") == "true"
    assert vi_button.text == vi["lang.name"] == "Tiếng Việt"
    assert en_button.text == en["lang.name"] == "English"
    assert en_button.get_attribute("lang") == "en"

    en_button.click()
    page.wait(lambda: page.lang() == "en", message="html lang did not become en")
    assert en_button.get_attribute("aria-pressed") == "true"
    assert vi_button.get_attribute("aria-pressed") == "false"
    assert page.el("#home-title").text == en["home.welcome"]
    assert en["home.rate"] in page.el("#go-rate").text
    assert page.el("#call-staff").text == en["call.button"]
    assert page.el("#text-size").text == en["a11y.larger_text"]

    page.start_rating()
    overall = next(q for q in quick_survey["questions"] if q["id"] == quick_survey["main"])
    assert [page.choice(c["id"]).text for c in overall["choices"]] == [c["label"]["en"] for c in overall["choices"]]
    assert page.el("#start-prompt").text == overall["prompt"]["en"]
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    assert page.el("#send").text == en["rate.next"]
    assert page.reason("waited_too_long").text == "I waited too long"
    page.tap("#skip")
    page.wait_screen("comment")
    assert page.el("#comment-prompt").text == en["comment.prompt"]
    # An English comment is typed as it is: the accents key starts off in English.
    assert page.el('#comment-keyboard [data-key="telex"]').get_attribute("aria-pressed") == "false"
    page.type_on_screen("Too slow")
    assert page.el("#comment").get_attribute("value") == "Too slow"
    assert page.el("#comment-send").text == en["rate.send"]
    page.tap("#comment-send")
    rating_id = page.wait_thanks(saved=True)
    assert page.el("#thanks-title").text == en["thanks.title"]
    assert page.lang() == "en"
    assert server.rating(rating_id)["comment"] == "Too slow"

    # The next resident starts in Vietnamese again.
    page.tap("#thanks-back")
    page.wait_screen("home")
    assert page.lang() == "vi"
    assert page.el("#home-title").text == vi["home.welcome"]
    page.start_rating()
    assert page.choice("satisfied").text == "Hài lòng"


def test_lang_query_parameter_starts_in_english(page, server):
    page.open(server, kiosk="kiosk-2", lang="en")
    assert page.lang() == "en"
    page.start_rating()
    assert page.choice("very_satisfied").text == "Very satisfied"


def test_help_topics_in_english(page, server):
    topic = server.get_json("/api/v1/help/vneid-cai-dat")
    page.open(server, kiosk="kiosk-2", lang="en")
    page.tap("#go-help")
    page.wait_screen("help")
    page.wait(lambda: len(page.els("#help-list [data-topic]")) > 0)
    page.tap("#help-search")
    page.type_on_screen("install", "#help-keyboard")
    page.wait(lambda: len(page.els('#help-list [data-topic="vneid-cai-dat"]')) == 1)
    page.tap('#help-list [data-topic="vneid-cai-dat"]')
    page.wait_screen("help-topic")
    page.wait(lambda: page.el("#topic-title").text == topic["title"]["en"])
    page.wait(lambda: "App Store" in page.el("#topic-body").text)
    assert "Open the App Store" in page.el("#topic-body").text
