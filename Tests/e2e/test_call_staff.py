"""Call staff: the kiosk creates a help call that appears at once on /staff/calls; a staff member takes
it and the kiosk says someone is coming."""

import re
import urllib.request

CALL_POLL = 3  # the kiosk asks for the call's status every 3 s


def _call_id(page) -> str:
    page.wait(lambda: page.screen("call").get_attribute("data-status") == "waiting", message="the call was not made")
    return page.screen("call").get_attribute("data-call-id")


def test_call_appears_for_staff_and_the_kiosk_shows_someone_is_coming(page, server, staff, locales):
    vi = locales["vi"]
    page.open(server, kiosk="kiosk-1")
    page.tap("#go-help")
    page.wait_screen("help")
    page.wait(lambda: len(page.els('#help-list [data-topic="vneid"]')) == 1)
    page.tap('#help-list [data-topic="vneid"]')
    page.wait_screen("help-topic")

    assert page.el("#call-staff").text == vi["call.button"]
    page.tap("#call-staff")
    page.wait_screen("call")
    call_id = _call_id(page)
    assert page.el("#call-title").text == vi["call.title"]
    assert page.el("#call-text").text == vi["call.waiting"]
    assert page.el("#call-staff").text == vi["call.active"]

    call = server.get_json(f"/api/v1/calls/{call_id}")
    assert (call["status"], call["kiosk"], call["topic"]) == ("waiting", "kiosk-1", "vneid")

    # The staff page lists it, with the kiosk's name and the topic, and a button to take it.
    status, url, html = staff.request("/staff/calls")
    assert status == 200 and url.endswith("/staff/calls"), url
    row = re.search(rf'<tr data-call="{call_id}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, "the call is not on /staff/calls"
    assert "Máy đánh giá sảnh chờ" in row.group(1)
    assert "Tài khoản định danh điện tử VNeID" in row.group(1)
    assert f'action="/staff/calls/{call_id}/take"' in row.group(1)

    status, _, html = staff.request(f"/staff/calls/{call_id}/take", {})
    assert status == 200
    assert server.get_json(f"/api/v1/calls/{call_id}")["status"] == "taken"

    page.wait(lambda: page.el("#call-title").text == vi["call.coming"], timeout=CALL_POLL * 3,
              message="the kiosk did not show that someone is coming")
    assert page.screen("call").get_attribute("data-status") == "taken"
    assert page.el("#call-text").text == vi["call.coming_body"]
    assert not page.el("#call-cancel").is_displayed()

    # Back to where the resident was.
    page.tap("#call-back")
    page.wait_screen("help-topic")


def test_the_calls_page_needs_a_signed_in_staff_member(server):
    with urllib.request.urlopen(server.base_url + "/staff/calls", timeout=10) as res:
        assert "/login" in res.geturl()


def test_cancel_a_call(page, server, locales):
    page.open(server, kiosk="kiosk-2")
    page.start_rating()
    page.tap("#call-staff")
    page.wait_screen("call")
    call_id = _call_id(page)
    page.tap("#call-cancel")
    page.wait_screen("rate")                      # back to the question, nothing lost
    assert page.el("#notice").text == locales["vi"]["call.cancelled"]
    assert page.el("#call-staff").text == locales["vi"]["call.button"]
    page.wait(lambda: server.get_json(f"/api/v1/calls/{call_id}")["status"] == "cancelled")
