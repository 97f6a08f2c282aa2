"""Spoken prompts: off by default; on when the kiosk's settings say so (or ?speech=1); each screen's
question and choices are read from GET /api/v1/speech; a speaker button reads them again."""

import re
import shutil
import urllib.parse

import pytest

from conftest import KioskServer


def _spoken(page) -> str:
    return page.el("#speak").get_attribute("data-text") or ""


def _audio_requests(page) -> list[str]:
    return page.js("return performance.getEntriesByType('resource').map(e => e.name)"
                   ".filter(n => n.includes('/api/v1/speech'))")


@pytest.fixture(scope="module")
def speaking_server(kiosk_binary, content_dir, tmp_path_factory):
    """A server whose kiosk-2 has `speech = true` in centre.toml."""
    content = tmp_path_factory.mktemp("speech-content") / "kiosk-content"
    shutil.copytree(content_dir, content)
    centre = content / "centre.toml"
    text = centre.read_text(encoding="utf-8")
    text, n = re.subn(r'(id = "kiosk-2"\n(?:.*\n)*?counter = "Q03"\n)', r'\1speech = true\n', text)
    assert n == 1, "kiosk-2 not found in centre.toml"
    centre.write_text(text, encoding="utf-8")
    srv = KioskServer(kiosk_binary, content, tmp_path_factory.mktemp("speech-data"))
    yield srv
    srv.stop()


def test_off_by_default(page, server):
    assert server.get_json("/api/v1/kiosk?kiosk=kiosk-2")["kiosk"]["speech"] is False
    page.open(server, kiosk="kiosk-2")
    page.start_rating()
    assert not page.el("#speak").is_displayed()
    assert _spoken(page) == ""
    assert _audio_requests(page) == []


def test_on_when_the_kiosk_settings_say_so(page, speaking_server, quick_survey, locales):
    assert speaking_server.get_json("/api/v1/kiosk?kiosk=kiosk-2")["kiosk"]["speech"] is True
    page.open(speaking_server, kiosk="kiosk-2")
    speak = page.el("#speak")
    assert speak.is_displayed() and speak.text == locales["vi"]["speech.replay"]
    page.start_rating()

    # The question, then each choice, in Vietnamese.
    overall = next(q for q in quick_survey["questions"] if q["id"] == quick_survey["main"])
    text = _spoken(page)
    assert text.startswith(overall["prompt"]["vi"].rstrip("?"))
    for c in overall["choices"]:
        assert c["label"]["vi"] in text
    assert len(text) <= 500
    page.wait(lambda: any("lang=vi" in u for u in _audio_requests(page)), message="no audio was asked for")

    # The server reads it (espeak-ng); where it cannot, the page simply stays silent.
    status, ctype, body = speaking_server.get_bytes(
        "/api/v1/speech?lang=vi&text=" + urllib.parse.quote(text),
        headers={"Authorization": f"Bearer {speaking_server.kiosk_token('kiosk-2')}"})
    assert status in (200, 503), status
    if status == 200:
        assert ctype.startswith("audio/wav") and body[:4] == b"RIFF"

    # The speaker button reads the screen again.
    before = len(_audio_requests(page))
    page.tap("#speak")
    page.wait(lambda: len(_audio_requests(page)) > before or _spoken(page) == text)
    assert _spoken(page) == text

    # Follow-up screen: its question and reasons.
    page.choice("dissatisfied").click()
    page.wait_screen("followup")
    reasons = next(q for q in quick_survey["questions"] if q["id"] == "reasons")
    assert _spoken(page).startswith(reasons["prompt"]["vi"].split("?")[0])
    assert reasons["choices"][0]["label"]["vi"] in _spoken(page)


def test_query_parameter_turns_it_on_and_off(page, server, speaking_server):
    page.open(server, kiosk="kiosk-2", speech=1)
    assert page.el("#speak").is_displayed()
    page.open(speaking_server, kiosk="kiosk-2", speech=0)
    assert not page.el("#speak").is_displayed()
