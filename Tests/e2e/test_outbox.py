"""One tap, one rating: a failed post is kept on the kiosk and sent again with the same id, never twice."""

import json
import uuid
from datetime import datetime, timezone

RETRY_TIMEOUT = 20  # the page retries every 5 s


def test_reload_after_rating_keeps_exactly_one(page, fresh_server):
    page.open(fresh_server, kiosk="kiosk-2")
    page.rate("satisfied")
    rating_id = page.wait_thanks(saved=True)
    assert page.outbox() == []

    page.reload()
    assert page.outbox() == []
    page.rate("very_satisfied")
    second_id = page.wait_thanks(saved=True)
    page.reload()
    assert page.outbox() == []
    assert sorted(r["id"] for r in fresh_server.ratings()) == sorted([rating_id, second_id])


def test_failed_post_is_kept_then_sent_once(page, fresh_server, locales):
    page.open(fresh_server, kiosk="kiosk-2")
    page.block_ratings_post(True)
    page.rate("dissatisfied", "followup")
    page.reason("had_to_come_back").click()
    page.tap("#send")
    page.wait_screen("comment")
    page.type_on_screen("Chowf laua")
    page.tap("#comment-send")

    # The resident is still thanked, and told the rating will follow.
    rating_id = page.wait_thanks(saved=False)
    later = page.el("#thanks-later")
    assert later.is_displayed() and later.text == locales["vi"]["rate.saved_later"]
    box = page.outbox()
    assert [item["id"] for item in box] == [rating_id]
    body = json.loads(box[0]["body"])
    assert body["id"] == rating_id
    assert body["survey"] == "quick"
    assert body["channel"] == "touch"
    assert body["answers"] == {"overall": "dissatisfied", "reasons": ["had_to_come_back"]}
    assert (body["kiosk"], body["counter"], body["comment"]) == ("kiosk-2", "Q03", "Chờ lâu")
    created = datetime.fromisoformat(body["createdAt"])
    assert created.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - created).total_seconds()) < 120
    assert str(uuid.UUID(rating_id)) == rating_id and uuid.UUID(rating_id).version == 4
    assert fresh_server.ratings() == []

    page.tap("#thanks-back")
    page.wait_screen("home")
    status = page.el("#outbox-status")
    assert status.is_displayed() and "1" in status.text

    # The network comes back: the page sends it by itself, with the same id.
    page.block_ratings_post(False)
    page.wait(lambda: page.outbox() == [], timeout=RETRY_TIMEOUT, message="outbox was not emptied by the retry")
    rows = fresh_server.ratings()
    assert [r["id"] for r in rows] == [rating_id]
    assert json.loads(rows[0]["answers"]) == body["answers"]
    assert rows[0]["comment"] == "Chờ lâu"
    page.wait(lambda: not page.el("#outbox-status").is_displayed(), message="outbox status still shown")

    # A reload sends nothing more.
    page.reload()
    assert page.outbox() == []
    assert len(fresh_server.ratings()) == 1

    # The same id and body again is answered 200 and stores nothing new; a changed body is refused.
    again = page.post_json("/api/v1/ratings", box[0]["body"])
    assert again["status"] == 200, again
    changed = dict(body, answers={"overall": "satisfied"})
    conflict = page.post_json("/api/v1/ratings", json.dumps(changed))
    assert conflict["status"] == 409, conflict
    assert len(fresh_server.ratings()) == 1


def test_server_stopped_and_restarted_while_a_rating_waits(page, fresh_server):
    """The server goes away (same data folder and port when it comes back): the rating waits in the
    outbox without troubling the resident, and is stored exactly once when the server is back."""
    page.open(fresh_server, kiosk="kiosk-2")
    page.start_rating()
    fresh_server.stop()
    page.choice("very_satisfied").click()
    rating_id = page.wait_thanks(saved=False)
    assert [item["id"] for item in page.outbox()] == [rating_id]
    page.tap("#thanks-back")
    page.wait_screen("home")                       # the next resident gets a working kiosk
    page.rate("satisfied")
    second_id = page.wait_thanks(saved=False)
    assert [item["id"] for item in page.outbox()] == [rating_id, second_id]

    fresh_server.start()
    page.wait(lambda: page.outbox() == [], timeout=RETRY_TIMEOUT, message="the outbox was not sent after the restart")
    rows = fresh_server.ratings()
    assert sorted(r["id"] for r in rows) == sorted([rating_id, second_id])
    assert {r["id"]: r["main_choice"] for r in rows} == {rating_id: "very_satisfied", second_id: "satisfied"}
    page.reload()
    assert page.outbox() == []
    assert len(fresh_server.ratings()) == 2


def test_outbox_left_by_an_earlier_page_is_sent_on_load(page, fresh_server):
    page.open(fresh_server)
    rating_id = str(uuid.uuid4())
    created = datetime.now().astimezone().replace(microsecond=0).isoformat()
    body = json.dumps({"id": rating_id, "survey": "quick", "answers": {"overall": "very_satisfied"},
                       "channel": "touch", "createdAt": created})
    page.driver.execute_script(
        "localStorage.setItem('citizenkiosk.outbox.v1', JSON.stringify([{id: arguments[0], body: arguments[1]}]))",
        rating_id, body)

    page.reload()
    page.wait(lambda: page.outbox() == [], message="outbox was not sent on load")
    assert [r["id"] for r in fresh_server.ratings()] == [rating_id]

    # Sent twice (another reload with the same outbox): still one rating.
    page.driver.execute_script(
        "localStorage.setItem('citizenkiosk.outbox.v1', JSON.stringify([{id: arguments[0], body: arguments[1]}]))",
        rating_id, body)
    page.reload()
    page.wait(lambda: page.outbox() == [])
    assert [r["id"] for r in fresh_server.ratings()] == [rating_id]
    assert fresh_server.ratings()[0]["main_choice"] == "very_satisfied"


def test_rejected_rating_is_not_retried(page, fresh_server):
    """A rating the server refuses (4xx) leaves the outbox; the page does not send it forever."""
    page.open(fresh_server)
    bad_id = str(uuid.uuid4())
    body = json.dumps({"id": bad_id, "survey": "quick", "answers": {"overall": "no_such_choice"},
                       "channel": "touch", "createdAt": datetime.now().astimezone().replace(microsecond=0).isoformat()})
    page.driver.execute_script(
        "localStorage.setItem('citizenkiosk.outbox.v1', JSON.stringify([{id: arguments[0], body: arguments[1]}]))",
        bad_id, body)
    page.reload()
    page.wait(lambda: page.outbox() == [], message="a refused rating stayed in the outbox")
    assert fresh_server.ratings() == []
    # and the page still works
    page.open(fresh_server, kiosk="kiosk-2")
    page.rate("satisfied")
    page.wait_thanks(saved=True)
    assert len(fresh_server.ratings()) == 1


def test_rating_from_a_kiosk_clock_ahead_of_the_server_is_kept(page, fresh_server):
    """The server refuses a createdAt hours in the future; the page sends the rating again without it."""
    page.open(fresh_server)
    rating_id = str(uuid.uuid4())
    body = json.dumps({"id": rating_id, "survey": "quick", "answers": {"overall": "satisfied"},
                       "channel": "touch", "createdAt": "2099-01-01T08:00:00+07:00"})
    page.driver.execute_script(
        "localStorage.setItem('citizenkiosk.outbox.v1', JSON.stringify([{id: arguments[0], body: arguments[1]}]))",
        rating_id, body)
    page.reload()
    page.wait(lambda: fresh_server.rating(rating_id) is not None, timeout=RETRY_TIMEOUT + 5,
              message="the rating with a future time was not stored")
    stored = fresh_server.rating(rating_id)
    assert stored["main_choice"] == "satisfied"
    assert not stored["created_at"].startswith("2099")
    page.wait(lambda: page.outbox() == [])
