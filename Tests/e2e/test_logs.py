"""What the server writes to its log: no secret at any level, nothing an outsider sends can forge a log
line, and SIGTERM ends it with exit 0 and a sentence."""
from __future__ import annotations

import http.cookiejar
import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from conftest import STAFF_PASSWORD, KioskServer, StaffSession


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: bytes, headers: dict, opener=None) -> int:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=15) as res:
            return res.status
    except urllib.error.HTTPError as e:
        return e.code


def _rating() -> bytes:
    return json.dumps({"id": str(uuid.uuid4()), "survey": "quick", "answers": {"overall": "satisfied"}}).encode()


def test_a_trace_log_of_a_full_run_holds_no_secret_and_no_forged_line(kiosk_binary, content_dir, tmp_path):
    hub_token = "hubtoken" + uuid.uuid4().hex
    token_file = tmp_path / "hub.token"
    token_file.write_text(hub_token + "\n")
    wrong_password = "sai-" + uuid.uuid4().hex
    server = KioskServer(kiosk_binary, content_dir, tmp_path / "data", staff=True,
                         extra_args=("--log-level", "trace", "--hub-url", f"http://127.0.0.1:{_closed_port()}",
                                     "--hub-token-file", str(token_file)))
    secrets: dict[str, str] = {"hub push token": hub_token, "staff password": STAFF_PASSWORD, "wrong password": wrong_password}
    try:
        link, bearer = server.add_kiosk("kiosk-1")
        secrets["kiosk bearer token"] = bearer
        secrets["pairing code"] = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["code"][0]
        # A browser pairs through the link and rates with its device cookie; the terminal rates with its token.
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with browser.open(link, timeout=15) as res:
            assert res.status == 200
        for cookie in jar:
            secrets[f"device cookie {cookie.name}"] = cookie.value
        json_headers = {"Content-Type": "application/json"}
        assert _post(server.base_url + "/api/v1/ratings", _rating(), json_headers, browser) == 201
        assert _post(server.base_url + "/api/v1/ratings", _rating(), {**json_headers, "Authorization": f"Bearer {bearer}"}) == 201
        assert _post(server.base_url + "/api/v1/calls", json.dumps({"id": str(uuid.uuid4())}).encode(),
                     {**json_headers, "Authorization": f"Bearer {bearer}"}) in (200, 201)
        # Staff sign in (session cookie, CSRF token), look at pages and sign out.
        staff = StaffSession(server)
        for cookie in staff.jar:
            secrets[f"session cookie {cookie.name}"] = cookie.value
        secrets["csrf token"] = staff.csrf
        assert staff.request("/staff/calls")[0] == 200
        # Failed sign-ins, one with a name that tries to start a log line of its own.
        form = urllib.parse.urlencode({"name": "canbo\nINFO kiosk : forged line\x1b[2J", "password": wrong_password}).encode()
        assert _post(server.base_url + "/login", form, {"Content-Type": "application/x-www-form-urlencoded"}) in (401, 403, 429)
        form = urllib.parse.urlencode({"name": "canbo", "password": wrong_password}).encode()
        assert _post(server.base_url + "/login", form, {"Content-Type": "application/x-www-form-urlencoded"}) in (401, 403, 429)
        assert staff.request("/logout", {})[0] in (200, 303)
        time.sleep(1.5)   # the hub pusher tries (and fails) to push at least once
    finally:
        server.stop()
    assert server.proc.returncode == 0, server.log_tail()
    log = server.log_path.read_text(errors="replace")
    assert "debug" in log or "trace" in log, "the run did not log at debug level"
    for what, value in secrets.items():
        assert value and value not in log, f"the {what} is in the log"
    lines = log.splitlines()
    assert not any(line.startswith("INFO kiosk : forged") for line in lines), "a login name forged a log line"
    assert "\x1b" not in log, "a terminal escape reached the log"
    assert "CancellationError" not in log
    assert lines[-1] == "CitizenKiosk has stopped; every rating it answered for is stored.", lines[-3:]
    # What the failed sign-in stored prints on a terminal with its escapes shown, not acted on.
    audit = subprocess.run([str(kiosk_binary), "audit", "--data", str(server.data), "--content", str(content_dir)],
                           capture_output=True, text=True, timeout=60)
    assert audit.returncode == 0, audit.stderr
    assert "login.failed" in audit.stdout
    assert "\x1b" not in audit.stdout and "\\u{1B}[2J" in audit.stdout, audit.stdout
