"""The Telex engine (Public/telex.js) as a pure module, run inside the browser with execute_script.

Every case of Tests/fixtures/telex-cases.json (the fixture KioskTerminal/Telex.swift runs too) is typed in
Chromium by the telex.js the kiosk server serves, one pytest case per class of the fixture: with Telex.type,
and key by key with Telex.apply as the comment keyboard calls it.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "telex-cases.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
BY_CLASS = defaultdict(list)
for _case in CASES:
    BY_CLASS[_case["class"]].append(_case)

TYPE_EVERY_CASE = r"""
const apply = (keys) => Array.from(keys).reduce((text, key) => Telex.apply(text, key), '');
const served = Array.from(document.scripts).some((s) => /\/telex\.js(\?|$)/.test(s.src));
return [served, arguments[0].map((keys) => [Telex.type('', keys), apply(keys)])];
"""


@pytest.fixture
def telex(page, server):
    page.open(server, kiosk="kiosk-2")
    return page


def test_the_fixture_is_the_whole_shared_set():
    assert len(CASES) > 900
    assert all(set(case) <= {"keys", "text", "class", "source"} and case["keys"] for case in CASES)
    assert len({(case["keys"], case["class"]) for case in CASES}) == len(CASES)


@pytest.mark.parametrize("name", sorted(BY_CLASS))
def test_every_case_of_the_class_types_its_text(telex, name):
    cases = BY_CLASS[name]
    served, got = telex.js(TYPE_EVERY_CASE, [case["keys"] for case in cases])
    assert served, "the page did not load the served telex.js"
    wrong = [(case["keys"], typed, applied, case["text"]) for case, (typed, applied) in zip(cases, got)
             if typed != case["text"] or applied != case["text"]]
    assert not wrong, f"{len(wrong)} of {len(cases)} cases of {name} fail:\n" + "\n".join(
        f"{keys!r} gave {typed!r} (key by key {applied!r}), not {want!r}" for keys, typed, applied, want in wrong)


def test_a_second_w_takes_back_the_lone_w_key_by_key(telex):
    """The comment keyboard calls apply key by key: ww gives w, while a ư typed as uw (or not typed here) keeps its u."""
    result = telex.js(
        """
        const lone = Telex.apply('Gọi nh', 'w');
        const takenBack = Telex.apply(lone, 'w');
        const uw = Telex.apply(Telex.apply('Gọi nh', 'u'), 'w');
        return [lone, takenBack, uw, Telex.apply(uw, 'w'), Telex.apply('Ý kiến: như', 'w')];
        """)
    assert result == ["Gọi như", "Gọi nhw", "Gọi như", "Gọi nhuw", "Ý kiến: nhuw"]


def test_apply_works_on_the_last_word_only_and_is_pure(telex):
    result = telex.js(
        """
        const before = 'Cán bộ';
        return [Telex.apply(before + ' tot', 's'), before, Telex.apply('', 'a'), Telex.apply('abc', ''),
                Telex.backspace('nhiệt'), Telex.backspace(''), Object.isFrozen(Telex),
                Telex.apply('x'.repeat(Telex.MAX_LENGTH), 'a').length];
        """)
    assert result == ["Cán bộ tót", "Cán bộ", "a", "abc", "nhiệ", "", True, 1000]


def test_output_is_nfc(telex):
    assert telex.js("const s = Telex.type('', 'Nguyeenx Thij Lan'); return s === s.normalize('NFC') && s.length") == 14


def test_fold_and_matches(telex):
    result = telex.js(
        """
        return [Telex.fold('Cài đặt VNeID'), Telex.fold('ĐĂNG KÝ'),
                Telex.matches('cai dat vneid', 'Cài đặt ứng dụng VNeID'),
                Telex.matches('CAI DAT', 'Cài đặt ứng dụng VNeID'),
                Telex.matches('dang ky muc 2', 'Đăng ký và kích hoạt tài khoản mức 2'),
                Telex.matches('đăng', 'Dang'),
                Telex.matches('cai dat zalo', 'Cài đặt ứng dụng VNeID'),
                Telex.matches('   ', 'anything')];
        """)
    assert result == ["cai dat vneid", "dang ky", True, True, True, True, False, False]


def test_english_mode_types_letters_as_they_are(telex):
    """With the accents key off the comment takes plain letters (an English comment stays English)."""
    telex.rate("dissatisfied", "followup")
    telex.tap("#skip")
    telex.wait_screen("comment")
    telex.tap('#comment-keyboard [data-key="telex"]')
    assert telex.el('#comment-keyboard [data-key="telex"]').get_attribute("aria-pressed") == "false"
    telex.type_on_screen("How was it")
    assert telex.el("#comment").get_attribute("value") == "How was it"
    telex.tap('#comment-keyboard [data-key="telex"]')
    telex.type_on_screen(" Toots")
    assert telex.el("#comment").get_attribute("value") == "How was it Tốt"


def test_physical_keyboard_types_telex_into_the_comment(telex):
    telex.rate("dissatisfied", "followup")
    telex.tap("#skip")
    telex.wait_screen("comment")
    field = telex.el("#comment")
    field.send_keys("Nhanh chongs")   # fast keys without Enter: typing, not a scan
    assert field.get_attribute("value") == "Nhanh chóng"
