"""The Telex engine (Public/telex.js) as a pure module, run inside the browser with execute_script."""

import pytest

# keys typed → text shown
TYPING = [
    # the sentence (note: "bộ" is b-o-o-j; "boj" gives "bọ")
    ("Cans booj raats nhieetj tinhf", "Cán bộ rất nhiệt tình"),
    ("boj", "bọ"),
    # hats, breve, horn, đ
    ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"), ("uw", "ư"), ("dd", "đ"),
    ("DDaf Nawngx", "Đà Nẵng"), ("Ddoongf", "Đồng"), ("nhw", "như"), ("truwowngf", "trường"),
    ("dduwowcj", "được"), ("tuoiw", "tươi"), ("muaw", "mưa"), ("hoawcj", "hoặc"),
    # tones on the right vowel
    ("as", "á"), ("af", "à"), ("ar", "ả"), ("ax", "ã"), ("aj", "ạ"),
    ("hoaf", "hòa"), ("hoafn", "hoàn"), ("toans", "toán"), ("hoaif", "hoài"), ("thuyr", "thủy"),
    ("khoer", "khỏe"), ("muaf", "mùa"), ("quas", "quá"), ("giuwax", "giữa"), ("gif", "gì"),
    ("giusp", "giúp"), ("nguyeenx", "nguyễn"), ("quyeets", "quyết"), ("muoons", "muốn"),
    ("cuwus", "cứu"), ("Vieetj Nam", "Việt Nam"), ("thanhf phoos Hair Phongf", "thành phố Hải Phòng"),
    ("xin chaof", "xin chào"), ("tieengs Vieetj", "tiếng Việt"),
    # z takes the tone away; a key typed twice takes its mark back
    ("tinhfz", "tinh"), ("ass", "as"), ("aaa", "aa"), ("ddd", "dd"), ("uww", "uw"),
    ("tinhsf", "tình"),  # another tone replaces the first
    # no vowel, no tone; digits and punctuation pass through
    ("s", "s"), ("VNeID", "VNeID"), ("abc1 2, 3.", "abc1 2, 3."), ("0225 3821 456", "0225 3821 456"),
]


@pytest.fixture
def telex(page, server):
    page.open(server, kiosk="kiosk-2")
    return page


def test_typing(telex):
    got = telex.js("return arguments[0].map(keys => Telex.type('', keys))", [k for k, _ in TYPING])
    wrong = [(keys, out, want) for (keys, want), out in zip(TYPING, got) if out != want]
    assert not wrong, "\n".join(f"{k!r} gave {o!r}, not {w!r}" for k, o, w in wrong)


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
