"""A resident rates in one tap (or two, with reasons); the rating is in the store exactly once."""

import json
import tomllib

import pytest

THANKS_RETURN_TIMEOUT = 15  # the page goes back to the start about 6 s after the thank-you screen


def _question(survey, qid):
    return next(q for q in survey["questions"] if q["id"] == qid)


def test_satisfied_is_stored_counted_and_page_returns_to_start(page, fresh_server, locales):
    page.open(fresh_server)
    page.choice("satisfied").click()

    rating_id = page.wait_thanks(saved=True)
    thanks = page.screen("thanks")
    assert locales["vi"]["thanks.title"] in thanks.text
    assert page.outbox() == []

    rows = fresh_server.ratings()
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == rating_id
    assert row["survey"] == "quick"
    assert row["main_choice"] == "satisfied"
    assert row["channel"] == "touch"
    assert row["satisfied"] == 1
    assert json.loads(row["answers"]) == {"overall": "satisfied"}

    stats = fresh_server.stats()
    assert stats["total"] == 1
    assert stats["satisfied"] == 1

    page.wait_screen("start", timeout=THANKS_RETURN_TIMEOUT)
    assert page.visible_screens() == ["start"]


def test_dissatisfied_with_two_reasons(page, server, quick_survey, locales):
    page.open(server)
    page.choice("dissatisfied").click()
    page.wait_screen("followup")

    reasons_q = _question(quick_survey, "reasons")
    assert page.el("#followup-prompt").text == reasons_q["prompt"]["vi"]
    toggles = page.els('[data-screen="followup"] [data-reason]')
    assert [t.get_attribute("data-reason") for t in toggles] == [c["id"] for c in reasons_q["choices"]]
    assert all(t.get_attribute("aria-pressed") == "false" for t in toggles)

    page.reason("waited_too_long").click()
    page.reason("unclear_guidance").click()
    page.reason("attitude").click()
    page.reason("attitude").click()  # a second touch takes it back
    assert page.reason("waited_too_long").get_attribute("aria-pressed") == "true"
    assert page.reason("unclear_guidance").get_attribute("aria-pressed") == "true"
    assert page.reason("attitude").get_attribute("aria-pressed") == "false"
    assert page.el("#send").text == locales["vi"]["rate.send"]
    page.el("#send").click()

    rating_id = page.wait_thanks(saved=True)
    row = server.rating(rating_id)
    assert row is not None
    assert row["main_choice"] == "dissatisfied"
    assert row["satisfied"] == 0
    answers = json.loads(row["answers"])
    assert answers["overall"] == "dissatisfied"
    assert sorted(answers["reasons"]) == ["unclear_guidance", "waited_too_long"]


def test_skip_sends_without_reasons(page, server, locales):
    page.open(server)
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    skip = page.el("#skip")
    assert skip.text == locales["vi"]["rate.skip"]
    skip.click()

    rating_id = page.wait_thanks(saved=True)
    row = server.rating(rating_id)
    assert row is not None
    assert json.loads(row["answers"]) == {"overall": "dissatisfied"}


def test_back_button_on_thanks_returns_at_once_with_a_clean_start(page, server):
    page.open(server)
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    page.reason("attitude").click()
    page.el("#send").click()
    page.wait_thanks(saved=True)
    page.el("#thanks-back").click()
    page.wait_screen("start", timeout=3)

    # The next resident starts from nothing: no reason is still selected.
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    pressed = [t for t in page.els("[data-reason]") if t.get_attribute("aria-pressed") == "true"]
    assert pressed == []


def test_kiosk_id_from_the_address_goes_with_the_rating(page, server, content_dir):
    with open(content_dir / "centre.toml", "rb") as f:
        kiosks = [k["id"] for k in tomllib.load(f).get("kiosks", [])]
    if not kiosks:
        pytest.skip("the content defines no kiosk")
    page.open(server, kiosk=kiosks[-1])
    page.choice("very_satisfied").click()
    rating_id = page.wait_thanks(saved=True)
    row = server.rating(rating_id)
    assert row is not None and row["kiosk"] == kiosks[-1]


def test_choices_after_the_first_tap_are_ignored(page, fresh_server):
    page.open(fresh_server)
    page.driver.execute_script(
        "const b = document.querySelector('[data-choice=\"satisfied\"]'); b.click(); b.click();"
        "document.querySelector('[data-choice=\"very_satisfied\"]').click();"
    )
    page.wait_thanks(saved=True)
    rows = fresh_server.ratings()
    assert [r["main_choice"] for r in rows] == ["satisfied"]


def test_tap_during_slow_post_is_ignored_and_saving_is_shown(page, fresh_server, locales):
    page.open(fresh_server)
    page.driver.execute_cdp_cmd("Network.enable", {})
    page.driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                                {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1})
    page.choice("very_satisfied").click()
    page.wait(lambda: page.el("#saving").text == locales["vi"]["rate.saving"], message="no saving notice")
    page.choice("dissatisfied").click()  # while the first post is in flight
    assert page.visible_screens() == ["start"]
    page.wait_thanks(saved=True)
    assert page.el("#saving").text == ""
    rows = fresh_server.ratings()
    assert [r["main_choice"] for r in rows] == ["very_satisfied"]
