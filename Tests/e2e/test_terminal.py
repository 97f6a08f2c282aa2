"""`kiosk terminal`, the real binary in a real terminal (tmux): ratings of every kind stored once, help
topics with a QR code that decodes from the screen, resizing, the idle reset, the terminal given back on
Ctrl-C, SIGTERM and a crash, a plain ASCII terminal, and a rating made while the server is stopped that
arrives exactly once after it starts again."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tmux import SETTLE, Tmux, qr_modules, write_pbm, zbar

COLOUR = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
PLAIN = {"TERM": "vt100", "LANG": "C", "LC_ALL": "C"}
CENTRE = "Trung tâm Phục vụ hành chính công phường Hồng Bàng"
OUTBOX_WAIT = 30    # the outbox retries after 1, 2, 4, 8, 15 s


@pytest.fixture
def term(tmp_path):
    t = Tmux(tmp_path / "tmux.sock")
    yield t
    t.kill()


def run_kiosk(term: Tmux, binary: Path, content: Path, *args: str, env: dict | None = None) -> str:
    term.start([str(binary), "terminal", "--content", str(content), *args], env=env or COLOUR)
    return term.wait_for(CENTRE if (env or COLOUR) is COLOUR else "Trung tam")


def ratings(db: Path) -> list[dict]:
    if not db.exists():
        return []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM rating ORDER BY received_at")]
    finally:
        con.close()


def wait_until(condition, timeout: float, message: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(message)


# ----------------------------------------------------------------------------- ratings, local store


@pytest.mark.parametrize("key,choice", [("1", "very_satisfied"), ("2", "satisfied")])
def test_one_key_rates_on_a_counter_kiosk(term, kiosk_binary, content_dir, tmp_path, key, choice):
    data = tmp_path / "data"
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(data), "--kiosk", "kiosk-2")
    term.press("1", "Ông/Bà có hài lòng với việc giải quyết thủ tục hành chính hôm nay không?")
    term.send(key, key)     # a double press: the second lands on the thanks, and does nothing
    term.wait_for("Cảm ơn Ông/Bà đã đánh giá!")
    time.sleep(SETTLE)
    term.send("Enter", "Enter")
    term.wait_for("Xin chào! Ông/Bà cần gì?")
    time.sleep(SETTLE)
    assert "Xin chào! Ông/Bà cần gì?" in term.capture()
    rows = ratings(data / "kiosk.sqlite")
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["main_choice"], row["satisfied"], row["channel"], row["kiosk"], row["counter"]) == \
        (choice, 1, "terminal", "kiosk-2", "Q03")
    assert json.loads(row["answers"]) == {"overall": choice}


def test_dissatisfied_with_reasons_telex_comment_counter_officer_field(term, kiosk_binary, content_dir, tmp_path):
    data = tmp_path / "data"
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(data), "--kiosk", "kiosk-1")
    term.press("1", "Rất hài lòng")
    screen = term.press("3", "Điều gì khiến Ông/Bà chưa hài lòng?")
    assert "7  Tiếp tục" in screen and "8  Bỏ qua" in screen
    term.send("1")
    term.send("4")
    term.wait_for("[✓] Phải chờ quá lâu", "[✓] Thái độ của cán bộ chưa tốt")
    term.press("Enter", "Ông/Bà có muốn góp ý thêm không?")
    term.type("Cans booj raats nhieetj tinhf")
    term.wait_for("Cán bộ rất nhiệt tình")
    term.press("Enter", "Ông/Bà được phục vụ tại quầy nào?")
    term.send("1")
    term.wait_for("Bấm thêm một số, hoặc bấm Enter để chọn số 1.")
    term.press("0", "Cán bộ nào đã phục vụ Ông/Bà?", "Hoàng Thị Mai")
    term.press("2", "Thủ tục của Ông/Bà thuộc lĩnh vực nào?")
    term.press("3", "Cảm ơn Ông/Bà đã đánh giá!")
    rows = ratings(data / "kiosk.sqlite")
    assert len(rows) == 1
    row = rows[0]
    assert json.loads(row["answers"]) == {"overall": "dissatisfied", "reasons": ["waited_too_long", "attitude"]}
    assert (row["satisfied"], row["comment"], row["counter"], row["officer"], row["field"]) == \
        (0, "Cán bộ rất nhiệt tình", "Q10", "cb-05", "bao-tro-xa-hoi")
    # The figures count it like any other rating.
    stats = subprocess.run([str(kiosk_binary), "stats", "--data", str(data), "--content", str(content_dir),
                            "--format", "json"], capture_output=True, text=True, timeout=60)
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    assert (figures["total"], figures["valid"], figures["satisfied"]) == (1, 1, 0), figures


def test_english_then_back_to_vietnamese_for_the_next_resident(term, kiosk_binary, content_dir, tmp_path):
    data = tmp_path / "data"
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(data), "--kiosk", "kiosk-2")
    term.press("3", "Welcome! What would you like to do?", "3  Tiếng Việt")
    term.press("1", "Are you satisfied with how your administrative procedure was handled today?", "Very satisfied")
    term.press("1", "Thank you for your rating!")
    term.press("Enter", "Xin chào! Ông/Bà cần gì?", "3  English")
    assert [r["main_choice"] for r in ratings(data / "kiosk.sqlite")] == ["very_satisfied"]


# ----------------------------------------------------------------------------- help and its QR codes


def topic_link(content: Path, topic: str) -> str:
    text = (content / "help" / f"{topic}.md").read_text(encoding="utf-8")
    front = text.split("+++")[1]
    return tomllib.loads(front)["link"]


def test_help_topics_and_their_qr_code(term, kiosk_binary, content_dir, tmp_path):
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(tmp_path / "data"), "--kiosk", "kiosk-1")
    screen = term.press("2", "Hướng dẫn", "Tài khoản định danh điện tử VNeID", "Cổng Dịch vụ công quốc gia")
    screen = term.press("1", "Xem thêm", "Quét mã bằng điện thoại để mở")
    assert "1. Cài ứng dụng VNeID từ App Store hoặc" in screen
    pbm = tmp_path / "vneid.pbm"
    write_pbm(qr_modules(screen), pbm)
    assert zbar(pbm) == topic_link(content_dir, "vneid") == "https://vneid.gov.vn"

    # Down scrolls the text, then reaches the sub-topics.
    screen = term.press("Down", "Hai mức tài khoản")
    assert "1. Cài ứng dụng VNeID" not in screen
    term.press("2", "Đăng ký và kích hoạt tài khoản mức 2")
    term.press("BSpace", "Tài khoản định danh điện tử VNeID", "Xem thêm")
    term.press("BSpace", "Bấm số để xem hướng dẫn.")
    screen = term.press("2", "Cổng Dịch vụ công quốc gia", "Xem thêm")
    write_pbm(qr_modules(screen), pbm)
    assert zbar(pbm) == topic_link(content_dir, "dich-vu-cong")
    term.press("BSpace", "Bấm số để xem hướng dẫn.")
    term.press("BSpace", "Xin chào! Ông/Bà cần gì?")


# ----------------------------------------------------------------------------- the screen


def test_resize_redraws_for_the_new_size(term, kiosk_binary, content_dir, tmp_path):
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(tmp_path / "data"), "--kiosk", "kiosk-1")
    term.press("1", "Rất hài lòng")
    term.resize(120, 40)
    wait_until(lambda: term.lines()[0].rstrip().endswith("Tiếng Việt") and len(term.lines()[0].rstrip()) == 119,
               5, "the header was not drawn across 120 columns")
    lines = term.lines()
    assert "Gọi cán bộ hỗ trợ" in lines[39] and "Rất hài lòng" in "\n".join(lines)
    term.resize(60, 20)
    term.wait_for("Cửa sổ quá nhỏ. Cần ít nhất 80 cột và 24 dòng.")
    term.resize(80, 24)
    term.wait_for("Rất hài lòng", "Không hài lòng")
    lines = term.lines()
    assert len(lines[0].rstrip()) == 79 and "Gọi cán bộ hỗ trợ" in lines[23]
    # The rating goes on where it was.
    term.press("2", "Ông/Bà được phục vụ tại quầy nào?")


def test_idle_countdown_then_reset_keeps_the_main_answer(term, kiosk_binary, content_dir, tmp_path):
    data = tmp_path / "data"
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(data), "--kiosk", "kiosk-1", "--idle", "6")
    term.press("1", "Rất hài lòng")
    term.press("3", "Điều gì khiến Ông/Bà chưa hài lòng?")
    term.wait_for("Ông/Bà còn đang sử dụng máy không?", "Màn hình sẽ trở về trang đầu sau", timeout=8)
    term.send("5")    # any key: "still here", and nothing else
    screen = term.wait_for("Ông/Bà còn đang sử dụng máy không?", gone=True)
    assert "[ ] Bị yêu cầu thêm giấy tờ ngoài quy định" in screen
    term.wait_for("Ông/Bà còn đang sử dụng máy không?", timeout=8)
    term.wait_for("Xin chào! Ông/Bà cần gì?", timeout=8)
    rows = wait_until(lambda: ratings(data / "kiosk.sqlite"), 5, "the walked-away rating was not kept")
    assert [json.loads(r["answers"]) for r in rows] == [{"overall": "dissatisfied"}]


# ----------------------------------------------------------------------------- giving the terminal back


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "crash"])
def test_the_terminal_is_given_back(term, kiosk_binary, content_dir, tmp_path, how):
    # As on a kiosk box (docs/terminal.md): a crash prints its backtrace and ends, it does not wait for a key.
    term.start(["bash", "--norc", "--noprofile"], env={**COLOUR, "PS1": "shell$ ", "SWIFT_BACKTRACE": "interactive=no"})
    term.wait_for("shell$")
    term.type(f"{kiosk_binary} terminal --content {content_dir} --data {tmp_path / 'data'}; echo EXIT=$?")
    term.send("Enter")
    term.wait_for(CENTRE)
    assert term.display("#{alternate_on} #{cursor_flag}") == "1 0"
    if how == "ctrl-c":
        term.send("C-c")
    else:
        shell = term.pane_pid()
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert len(children) == 1, children
        os.kill(int(children[0]), signal.SIGTERM if how == "sigterm" else signal.SIGSEGV)
    code = term.wait_match(r"EXIT=(\d+)", timeout=15).group(1)
    assert code == ("139" if how == "crash" else "0")
    assert CENTRE not in term.capture()
    assert term.display("#{alternate_on} #{cursor_flag}") == "0 1"
    term.wait_for("shell$")
    term.type("echo STTY:$(stty -a | tr ';' ' ' | tr -s ' ' '\\n' | grep -x -e -icanon -e icanon -e -echo -e echo | sort | tr '\\n' ,)")
    term.send("Enter")
    assert term.wait_match(r"STTY:([-a-z,]+)").group(1) == "echo,icanon,"


# ----------------------------------------------------------------------------- a plain terminal


def test_plain_terminal_gets_ascii_and_no_colour(term, kiosk_binary, content_dir, tmp_path):
    data = tmp_path / "data"
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(data), "--kiosk", "kiosk-2", env=PLAIN)
    term.wait_for("Xin chao! Ong/Ba can gi?", "[1] Danh gia muc do hai long", "[0] Goi can bo ho tro")
    screens = [term.capture(escapes=True)]
    term.press("1", "Ong/Ba co hai long voi viec giai quyet thu tuc hanh chinh hom nay khong?")
    screen = term.capture()
    assert "| ^ ^ |   Rat hai long" in screen and "| \\_/ |" in screen and "| /-\\ |" in screen
    screens.append(term.capture(escapes=True))
    term.press("3", "Dieu gi khien Ong/Ba chua hai long?")
    term.press("Enter", "Ong/Ba co muon gop y them khong?")
    term.type("Chowf laau")
    term.wait_for("| Cho lau_")
    screens.append(term.capture(escapes=True))
    term.press("Enter", "Cam on Ong/Ba da danh gia!")
    term.press("Enter", "Xin chao!")
    term.press("2", "Huong dan")
    term.press("1", "Mo tren dien thoai: https://vneid.gov.vn")
    screens.append(term.capture(escapes=True))
    for screen in screens:
        assert screen.isascii(), [c for c in screen if not c.isascii()][:10]
        assert not re.search(r"\x1b\[[0-9;]*m", screen.replace("\x1b[0m", "")), repr(screen[:300])
        assert "█" not in screen
    # What the resident typed is stored as Vietnamese, whatever the terminal could show.
    assert [r["comment"] for r in ratings(data / "kiosk.sqlite")] == ["Chờ lâu"]


def test_colour_terminal_uses_256_colours(term, kiosk_binary, content_dir, tmp_path):
    run_kiosk(term, kiosk_binary, content_dir, "--data", str(tmp_path / "data"), "--kiosk", "kiosk-2")
    term.press("1", "Rất hài lòng")
    screen = term.capture(escapes=True)
    assert re.search(r"\x1b\[[0-9;]*48;5;231", screen), "the page is white"
    assert re.search(r"\x1b\[[0-9;]*48;5;77", screen), "the very-satisfied face is green"


# ----------------------------------------------------------------------------- a server, its outbox, its calls


def test_rating_made_while_the_server_is_stopped_arrives_exactly_once(term, kiosk_binary, content_dir, fresh_server,
                                                                     tmp_path, locales):
    outbox = tmp_path / "outbox.sqlite"
    run_kiosk(term, kiosk_binary, content_dir, "--server", fresh_server.base_url, "--token", fresh_server.kiosk_token("kiosk-2"),
              "--outbox", str(outbox), "--kiosk", "kiosk-2")
    term.press("1", "Rất hài lòng")
    term.press("2", "Cảm ơn Ông/Bà đã đánh giá!")
    first = wait_until(lambda: fresh_server.ratings(), 10, "the first rating did not reach the server")
    assert [r["main_choice"] for r in first] == ["satisfied"]
    term.press("Enter", "Xin chào!")

    fresh_server.stop()
    term.press("1", "Rất hài lòng")
    term.press("3", "Điều gì khiến Ông/Bà chưa hài lòng?")
    term.send("2")
    term.press("Enter", "Ông/Bà có muốn góp ý thêm không?")
    term.type("Phair ddi laij nhieeuf laanf")
    term.press("Enter", "Cảm ơn Ông/Bà đã đánh giá!")
    term.wait_for(locales["vi"]["rate.saved_later"], "Số đánh giá đang chờ gửi: 1.", timeout=15)
    con = sqlite3.connect(str(outbox))
    waiting = [row[0] for row in con.execute("SELECT id FROM outbox ORDER BY sequence")]
    con.close()
    assert len(waiting) == 1

    fresh_server.start()
    started = time.monotonic()
    wait_until(lambda: len(fresh_server.ratings()) == 2, OUTBOX_WAIT, "the kept rating did not arrive after the server came back")
    print(f"the kept rating arrived {time.monotonic() - started:.1f} s after the server started again")
    kept = fresh_server.rating(waiting[0])
    assert kept is not None
    assert json.loads(kept["answers"]) == {"overall": "dissatisfied", "reasons": ["had_to_come_back"]}
    assert (kept["comment"], kept["channel"], kept["kiosk"]) == ("Phải đi lại nhiều lần", "terminal", "kiosk-2")
    term.wait_for("Số đánh giá đang chờ gửi", gone=True)
    time.sleep(3)   # nothing more comes: the outbox is empty and stays so
    assert len(fresh_server.ratings()) == 2
    con = sqlite3.connect(str(outbox))
    assert con.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    con.close()


def test_call_staff_reaches_the_staff_page_and_comes_back(term, kiosk_binary, content_dir, server, staff, tmp_path):
    run_kiosk(term, kiosk_binary, content_dir, "--server", server.base_url, "--outbox", str(tmp_path / "outbox.sqlite"),
              "--kiosk", "kiosk-1", "--token", server.kiosk_token("kiosk-1"))
    term.press("2", "Bấm số để xem hướng dẫn.")
    term.press("3", "Cảnh giác lừa đảo")
    term.press("0", "Đã gọi cán bộ hỗ trợ", "Huỷ yêu cầu")
    def waiting_calls():
        status, _, body = staff.request("/staff/calls/calls.json")
        assert status == 200, body[:300]
        return [c for c in json.loads(body)["calls"]
                if c["kiosk"] == "kiosk-1" and c["status"] == "waiting" and c["topic"] == "canh-bao-lua-dao"]

    waiting = wait_until(waiting_calls, 10, "the call did not reach /staff/calls")
    assert len(waiting) == 1, waiting
    status, _, _ = staff.request(f"/staff/calls/{waiting[0]['id']}/take", {})
    assert status in (200, 303)
    term.wait_for("Cán bộ đang đến hỗ trợ Ông/Bà", timeout=10)
    term.press("Enter", "Cảnh giác lừa đảo")
