"""A resident rates from the attract screen: the main question, the follow-up when it applies, the
comment, the counter and officer on a hall kiosk, then thanks; each rating is stored exactly once."""

from selenium.webdriver.common.action_chains import ActionChains

from conftest import answers_of

THANKS_RETURN_TIMEOUT = 15  # the page goes back to the attract screen about 6 s after the thank-you screen


def _question(survey, qid):
    return next(q for q in survey["questions"] if q["id"] == qid)


def test_attract_screen_offers_rating_and_help(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    vi = locales["vi"]
    assert page.el("#home-title").text == vi["home.welcome"]
    assert vi["home.rate"] in page.el("#go-rate").text
    assert vi["home.help"] in page.el("#go-help").text
    assert page.el("#call-staff").is_displayed()
    assert page.el('#lang-switch [data-lang="vi"]').text == "Tiếng Việt"
    assert page.el('#lang-switch [data-lang="en"]').text == "English"
    assert page.el("#text-size").is_displayed()
    # Back from the main question to the attract screen.
    page.start_rating()
    page.tap("#rate-back")
    page.wait_screen("home")


def test_fixed_kiosk_one_tap_stores_its_counter_and_returns_to_start(page, fresh_server, locales):
    page.open(fresh_server, kiosk="kiosk-2")
    page.rate("satisfied")

    rating_id = page.wait_thanks(saved=True)
    assert locales["vi"]["thanks.title"] in page.screen("thanks").text
    assert page.outbox() == []

    rows = fresh_server.ratings()
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == rating_id
    assert row["survey"] == "quick"
    assert row["main_choice"] == "satisfied"
    assert row["channel"] == "touch"
    assert row["satisfied"] == 1
    assert row["kiosk"] == "kiosk-2"
    assert row["counter"] == "Q03"          # the kiosk's counter, asked of nobody
    assert (row["officer"], row["field"]) == ("cb-02", "chung-thuc")   # what that counter tells
    assert answers_of(row) == {"overall": "satisfied"}

    stats = fresh_server.stats()
    assert stats["total"] == 1
    assert stats["satisfied"] == 1

    page.wait_screen("home", timeout=THANKS_RETURN_TIMEOUT)


def test_dissatisfied_with_reasons_and_a_telex_comment(page, server, quick_survey, locales):
    page.open(server, kiosk="kiosk-1")
    page.rate("dissatisfied", "followup")

    reasons_q = _question(quick_survey, "reasons")
    assert page.el("#followup-prompt").text == reasons_q["prompt"]["vi"]
    toggles = page.els('[data-screen="followup"] [data-reason]')
    assert [t.get_attribute("data-reason") for t in toggles] == [c["id"] for c in reasons_q["choices"]]
    assert all(t.get_attribute("aria-pressed") == "false" for t in toggles)
    page.reason("waited_too_long").click()
    page.reason("unclear_guidance").click()
    page.reason("attitude").click()
    page.reason("attitude").click()  # a second touch takes it back
    assert page.reason("attitude").get_attribute("aria-pressed") == "false"
    assert page.el("#send").text == locales["vi"]["rate.next"]
    page.tap("#send")

    # The comment, typed in Telex on the on-screen keyboard.
    page.wait_screen("comment")
    assert page.el("#comment-prompt").text == locales["vi"]["comment.prompt"]
    assert page.driver.switch_to.active_element == page.el("#comment")
    assert page.el('#comment-keyboard [data-key="telex"]').get_attribute("aria-pressed") == "true"
    page.type_on_screen("Cans booj raats nhieetj tinhs")
    page.tap('#comment-keyboard [data-key="backspace"]')       # "tính" loses its last letter: "tín" …
    page.type_on_screen("hf")                                     # … then "tính", and f makes "tình"
    assert page.el("#comment").get_attribute("value") == "Cán bộ rất nhiệt tình"
    assert page.driver.switch_to.active_element == page.el("#comment"), "a key took the focus"
    page.tap("#comment-send")

    # A hall kiosk: which counter; "Không nhớ" ends the questions.
    page.wait_screen("counter")
    page.tap("#counter-skip")

    rating_id = page.wait_thanks(saved=True)
    row = server.rating(rating_id)
    assert row is not None
    assert row["main_choice"] == "dissatisfied" and row["satisfied"] == 0
    answers = answers_of(row)
    assert answers["overall"] == "dissatisfied"
    assert sorted(answers["reasons"]) == ["unclear_guidance", "waited_too_long"]
    assert row["comment"] == "Cán bộ rất nhiệt tình"
    assert row["counter"] is None and row["officer"] is None and row["field"] is None
    assert row["kiosk"] == "kiosk-1"


def test_hall_kiosk_asks_counter_and_officer(page, server, locales):
    config = server.get_json("/api/v1/kiosk?kiosk=kiosk-1")
    page.open(server, kiosk="kiosk-1")
    page.rate("very_satisfied", "counter")
    assert page.el("#counter-prompt").text == locales["vi"]["counter.prompt"]
    shown = [b.get_attribute("data-counter") for b in page.els("#counters [data-counter]")]
    assert shown == [c["id"] for c in config["counters"]]
    q02 = page.el('[data-counter="Q02"]')
    assert "Quầy số 2" in q02.text and "Trần Văn Minh" in q02.text
    # An officer the centre does not show never appears.
    assert "Đỗ Văn Thắng" not in page.el("#counters").text
    page.el('[data-counter="Q10"]').click()

    # Quầy số 10 has two officers: asked; Q02's one officer would not be.
    page.wait_screen("officer")
    officers = page.els("#officers [data-officer]")
    assert [o.get_attribute("data-officer") for o in officers] == ["cb-01", "cb-05"]
    assert "Hoàng Thị Mai" in officers[1].text
    assert officers[1].find_elements("css selector", ".officer-photo")  # a photo, or a drawn portrait
    officers[1].click()

    # Only the fields of counter Q10 are offered.
    page.wait_screen("field")
    assert [f.get_attribute("data-field") for f in page.els("#fields [data-field]")] == ["ho-tich", "chung-thuc", "bao-tro-xa-hoi"]
    page.tap('[data-field="chung-thuc"]')

    row = server.rating(page.wait_thanks(saved=True))
    assert (row["counter"], row["officer"], row["field"]) == ("Q10", "cb-05", "chung-thuc")
    assert row["comment"] is None


def test_back_changes_the_counter_and_a_one_field_counter_is_not_asked(page, server):
    page.open(server, kiosk="kiosk-1")
    page.rate("satisfied", "counter")
    page.tap('[data-counter="Q10"]')
    page.wait_screen("officer")
    page.tap("#officer-back")
    page.wait_screen("counter")
    assert page.el('[data-counter="Q10"]').get_attribute("aria-pressed") == "true"
    page.tap('[data-counter="Q01"]')   # Q01 has one officer and serves only civil status: nothing more to ask
    row = server.rating(page.wait_thanks(saved=True))
    assert (row["counter"], row["officer"], row["field"]) == ("Q01", "cb-01", "ho-tich")


def test_kiosk_not_in_centre_toml_asks_the_counter_only(page, server):
    page.open(server)                      # paired as kiosk-9, which has no [[kiosks]] table
    page.rate("satisfied", "counter")
    page.tap('[data-counter="Q07"]')       # no officer shown at Q07; its one field is known without asking
    row = server.rating(page.wait_thanks(saved=True))
    assert (row["counter"], row["officer"], row["field"], row["kiosk"]) == ("Q07", None, "cu-tru", "kiosk-9")


def test_skip_sends_without_reasons_or_comment(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    page.rate("dissatisfied", "followup")
    assert page.el("#skip").text == locales["vi"]["rate.skip"]
    page.tap("#skip")
    page.wait_screen("comment")
    page.type_on_screen("abc")
    page.tap("#comment-skip")   # typed, then skipped: nothing of it is kept
    row = server.rating(page.wait_thanks(saved=True))
    assert answers_of(row) == {"overall": "dissatisfied"}
    assert row["comment"] is None
    assert row["counter"] == "Q03"


def test_back_button_on_thanks_returns_at_once_with_a_clean_start(page, server):
    page.open(server, kiosk="kiosk-2")
    page.rate("dissatisfied", "followup")
    page.reason("attitude").click()
    page.tap("#send")
    page.wait_screen("comment")
    page.type_on_screen("xin chaof")
    page.tap("#comment-send")
    page.wait_thanks(saved=True)
    page.tap("#thanks-back")
    page.wait_screen("home", timeout=3)

    # The next resident starts from nothing: no reason selected, no comment.
    page.rate("dissatisfied", "followup")
    assert [t for t in page.els("[data-reason]") if t.get_attribute("aria-pressed") == "true"] == []
    page.tap("#send")
    page.wait_screen("comment")
    assert page.el("#comment").get_attribute("value") == ""


def test_a_double_tap_makes_one_rating(page, fresh_server):
    # Fixed kiosk: the second tap of a double tap (and a tap elsewhere) while the first is handled.
    page.open(fresh_server, kiosk="kiosk-2")
    page.start_rating()
    page.js("const b = document.querySelector('[data-choice=\"satisfied\"]'); b.click(); b.click();"
            "document.querySelector('[data-choice=\"very_satisfied\"]').click();")
    page.wait_thanks(saved=True)
    assert [r["main_choice"] for r in fresh_server.ratings()] == ["satisfied"]

    # Hall kiosk: a real double tap on a face must not also choose the counter drawn under the finger.
    page.tap("#thanks-back")
    page.wait_screen("home")
    page.open(fresh_server, kiosk="kiosk-1")
    page.start_rating()
    ActionChains(page.driver).double_click(page.choice("very_satisfied")).perform()
    page.wait_screen("counter")
    assert all(b.get_attribute("aria-pressed") == "false" for b in page.els("#counters [data-counter]"))
    page.tap("#counter-skip")
    page.wait_thanks(saved=True)
    rows = fresh_server.ratings()
    assert sorted(r["main_choice"] for r in rows) == ["satisfied", "very_satisfied"]
    assert [r["counter"] for r in rows if r["main_choice"] == "very_satisfied"] == [None]


def test_tap_during_slow_post_is_ignored_and_saving_is_shown(page, fresh_server, locales):
    page.open(fresh_server, kiosk="kiosk-2")
    page.start_rating()
    page.driver.execute_cdp_cmd("Network.enable", {})
    page.driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                                {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1})
    page.choice("very_satisfied").click()
    page.wait(lambda: page.el("#saving").text == locales["vi"]["rate.saving"], message="no saving notice")
    page.choice("dissatisfied").click()  # while the first post is in flight
    assert page.visible_screens() == ["rate"]
    page.wait_thanks(saved=True)
    assert page.el("#saving").text == ""
    assert [r["main_choice"] for r in fresh_server.ratings()] == ["very_satisfied"]
