"""Every scenario of Tests/fixtures/flow-scenarios.json, tapped in Chromium on the kiosk page of a real server
and read back from its store: kiosk.js (walking the flow GET /api/v1/kiosk/flow sends) must show the screens
and store the rating the fixture names, as SurveyFlow and the terminal do in the Swift tests
(Tests/KioskTerminalTests/FlowScenarioTests.swift).
"""

import json
import time
from pathlib import Path

import pytest

from conftest import answers_of

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "flow-scenarios.json"
SCENARIOS = json.loads(FIXTURE.read_text(encoding="utf-8"))["scenarios"]
IDLE = 6            # seconds (?idle=) for the scenarios that end with the resident walking away
NO_RATING_WAIT = 2  # seconds to be sure that nothing was sent
STORED_WAIT = 15

CHOICE_CSS = {
    "rate": '[data-screen="rate"] [data-choice="{id}"]',
    "followup": '[data-screen="followup"] [data-option="{id}"], [data-screen="followup"] [data-choice="{id}"]',
    "counter": '#counters [data-counter="{id}"]',
    "officer": '#officers [data-officer="{id}"]',
    "field": '#fields [data-field="{id}"]',
}
NEXT_CSS = {"followup": "#send", "comment": "#comment-send"}
SKIP_CSS = {"followup": "#skip", "comment": "#comment-skip", "counter": "#counter-skip", "officer": "#officer-skip",
            "field": "#field-skip"}
BACK_CSS = {"followup": "#followup-back", "comment": "#comment-back", "counter": "#counter-back",
            "officer": "#officer-back", "field": "#field-back"}


def stored_fields(row: dict) -> dict:
    """The fields the fixture names, from a row of table `rating` (absent ones left out)."""
    out = {"answers": answers_of(row)}
    for key, column in (("kiosk", "kiosk"), ("counter", "counter"), ("officer", "officer"), ("field", "field"),
                        ("comment", "comment"), ("dossierCode", "dossier_code")):
        if row[column] is not None:
            out[key] = row[column]
    return out


def play(page, scenario) -> list[str]:
    """Taps the scenario's taps; returns the screens seen, waiting for each one the fixture expects."""
    expected = scenario["screens"]
    taps = list(scenario["taps"])
    if "dossier" in taps[0]:
        page.scan(taps.pop(0)["dossier"])   # scanned on the attract screen: the rating starts with it
        page.wait_screen("rate")
    else:
        page.start_rating()
    seen = ["rate"]
    for tap in taps:
        screen = seen[-1]
        if "walkAway" in tap:
            page.wait_screen("home", timeout=IDLE * 4)
            break
        if "tick" in tap:
            for reason in tap["tick"]:
                page.tap(f'[data-screen="followup"] [data-reason="{reason}"]')
            continue
        if "type" in tap:
            page.type_on_screen(tap["type"])
            continue
        if "choose" in tap:
            page.tap(CHOICE_CSS[screen].format(id=tap["choose"]))
        elif "next" in tap:
            page.tap(NEXT_CSS[screen])
        elif "skip" in tap:
            page.tap(SKIP_CSS[screen])
        elif "back" in tap:
            page.tap(BACK_CSS[screen])
        # The screen this tap leads to: the fixture's next one, or the thanks after the last.
        following = expected[len(seen)] if len(seen) < len(expected) else "thanks"
        page.wait_screen(following)
        if following == "thanks":
            break
        seen.append(following)
    return seen


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_kiosk_js_stores_the_scenarios_rating(page, server, scenario):
    before = {r["id"] for r in server.ratings()}
    params = {"kiosk": scenario["kiosk"]["id"]}
    if scenario["taps"][-1].get("walkAway"):
        params["idle"] = IDLE
    page.open(server, **params)
    assert page.js("return document.querySelector('[data-screen=\"rate\"]') !== null")

    assert play(page, scenario) == scenario["screens"]

    def new_rows():
        return [r for r in server.ratings() if r["id"] not in before]

    if scenario["expect"] is None:
        time.sleep(NO_RATING_WAIT)
        assert new_rows() == [] and page.outbox() == []
        return
    page.wait(lambda: len(new_rows()) == 1, timeout=STORED_WAIT, message="the rating was not stored")
    row = new_rows()[0]
    assert stored_fields(row) == scenario["expect"]
    assert row["channel"] == "touch"


def test_the_flow_route_is_for_paired_kiosks_only(server):
    status, _, body = server.get_bytes("/api/v1/kiosk/flow")
    assert status == 401
    assert "not paired" in json.loads(body)["error"]["message"]
    token = server.kiosk_token("kiosk-2")
    status, kind, body = server.get_bytes("/api/v1/kiosk/flow", headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and kind.startswith("application/json")
    flow = json.loads(body)
    assert flow["kiosk"] == "kiosk-2" and flow["fixed"] == {"counter": "Q03", "officer": "cb-02", "field": "chung-thuc"}
    assert [s["kind"] for s in flow["steps"]] == ["scale", "multi", "comment"]
