"""What an attacker on the LAN tries against `kiosk serve` itself, over raw sockets: a slow client that
sends its request head a byte a second (slowloris) or trickles its body is cut off after a bounded
time while other clients are served; oversized headers are refused; HTTPS from certificate files made
by openssl, with Strict-Transport-Security only there.

Each test starts its own server with short timeouts (--idle-timeout 2 --request-timeout 4), so that the
cut-offs are measured in seconds.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import _free_port

IDLE = 2.0
REQUEST = 4.0


class Serve:
    """`kiosk serve` with extra options on a free loopback port; stopped by stop()."""

    def __init__(self, binary: Path, content: Path, data: Path, *options: str, scheme: str = "http", cafile: Path | None = None):
        self.port = _free_port()
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"
        self.context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
        self.log_path = data.parent / f"{data.name}-serve.log"
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [str(binary), "serve", "--content", str(content), "--data", str(data), "--host", "127.0.0.1",
             "--port", str(self.port), *options],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, f"kiosk serve exited with {self.proc.returncode}: {self.log_path.read_text()}"
            try:
                if self.get("/health")[0] == 200:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, f"kiosk serve did not come up: {self.log_path.read_text()}"
            time.sleep(0.1)

    def get(self, path: str, timeout: float = 5) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=timeout, context=self.context) as res:
                res.read()
                return res.status, dict(res.headers)
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


@pytest.fixture
def short_timeouts(kiosk_binary, content_dir, tmp_path):
    srv = Serve(kiosk_binary, content_dir, tmp_path / "data", "--idle-timeout", str(IDLE), "--request-timeout", str(REQUEST))
    yield srv
    srv.stop()


def _closed_after(sock: socket.socket, dribble: bytes, limit: float) -> float | None:
    """Sends `dribble` a byte a second (reading whatever comes back); returns the seconds until the
    server closed the connection, or None if it was still open after `limit` seconds."""
    start = time.monotonic()
    sock.settimeout(1.0)
    index = 0
    while time.monotonic() - start < limit:
        try:
            if index < len(dribble):
                sock.send(dribble[index:index + 1])
                index += 1
            data = sock.recv(4096)
            if data == b"":
                return time.monotonic() - start
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
    return None


def test_a_slowloris_client_is_cut_off_while_others_are_served(short_timeouts):
    srv = short_timeouts
    head = (b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(b"X-Slow-%d: %s\r\n" % (i, b"a" * 20) for i in range(40)))
    results: list[float | None] = [None] * 20
    sockets = [socket.create_connection(("127.0.0.1", srv.port)) for _ in results]

    def slow(i: int) -> None:
        results[i] = _closed_after(sockets[i], head, limit=IDLE + 8)

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(len(sockets))]
    for t in threads:
        t.start()
    # Meanwhile other clients are answered at once.
    served = []
    while any(t.is_alive() for t in threads) and len(served) < 40:
        start = time.monotonic()
        status, _ = srv.get("/health", timeout=3)
        served.append((status, time.monotonic() - start))
        time.sleep(0.1)
    for t in threads:
        t.join()
    for s in sockets:
        s.close()
    assert all(status == 200 and took < 1.0 for status, took in served), served
    assert len(served) >= 10
    # Each slow client was still sending (a byte a second, its head far from complete) when it was cut off.
    assert all(r is not None and r <= IDLE + 3 for r in results), results
    assert srv.proc.poll() is None


def test_a_client_trickling_its_body_is_cut_off(short_timeouts):
    srv = short_timeouts
    sock = socket.create_connection(("127.0.0.1", srv.port))
    sock.sendall(b"POST /api/v1/ratings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 5000\r\n\r\n")
    closed = _closed_after(sock, b'{"id": "' + b"x" * 4000, limit=REQUEST + 10)
    sock.close()
    assert closed is not None and closed <= REQUEST + 3, closed
    assert srv.get("/health")[0] == 200


def test_an_idle_keep_alive_connection_is_closed(short_timeouts):
    srv = short_timeouts
    sock = socket.create_connection(("127.0.0.1", srv.port))
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    closed = _closed_after(sock, b"", limit=IDLE + 6)
    sock.close()
    assert closed is not None and closed <= IDLE + 2, closed


def _raw_exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def test_oversized_headers_are_refused_with_400_and_the_connection_closed(short_timeouts):
    srv = short_timeouts
    many = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(500)) + b"\r\n"
    assert _raw_exchange(srv.port, many).startswith(b"HTTP/1.1 400")
    huge = b"GET /health HTTP/1.1\r\nHost: x\r\nCookie: " + b"a" * (64 * 1024) + b"\r\n\r\n"
    assert _raw_exchange(srv.port, huge).startswith(b"HTTP/1.1 400")
    assert srv.get("/health")[0] == 200


# ----------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60)
    return cert, key


def test_https_from_certificate_files_with_strict_transport_security(kiosk_binary, content_dir, tmp_path, certificate):
    cert, key = certificate
    srv = Serve(kiosk_binary, content_dir, tmp_path / "data", "--tls-cert", str(cert), "--tls-key", str(key),
                scheme="https", cafile=cert)
    try:
        status, headers = srv.get("/health")
        assert status == 200
        assert headers.get("Strict-Transport-Security", "").startswith("max-age=")
        assert headers.get("X-Frame-Options") == "DENY"
        status, headers = srv.get("/login")
        assert status == 200 and "script-src 'self'" in headers.get("Content-Security-Policy", "")
        # Plain HTTP on the TLS port gets no page.
        with pytest.raises(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{srv.port}/health", timeout=5) as res:
                res.read()
        # A client that does not trust the certificate is refused by its own TLS check.
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(srv.base_url + "/health", timeout=5, context=ssl.create_default_context())
    finally:
        srv.stop()


def test_plain_http_has_no_strict_transport_security(short_timeouts):
    status, headers = short_timeouts.get("/health")
    assert status == 200 and "Strict-Transport-Security" not in headers


def test_bad_tls_options_are_refused_with_a_sentence(kiosk_binary, content_dir, tmp_path, certificate):
    cert, key = certificate
    data = str(tmp_path / "data")
    base = [str(kiosk_binary), "serve", "--content", str(content_dir), "--data", data, "--port", "0"]
    alone = subprocess.run(base + ["--tls-cert", str(cert)], capture_output=True, text=True, timeout=60)
    assert alone.returncode != 0 and "--tls-key" in alone.stderr
    missing = subprocess.run(base + ["--tls-cert", str(tmp_path / "none.pem"), "--tls-key", str(key)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "none.pem" in missing.stderr
    swapped = subprocess.run(base + ["--tls-cert", str(key), "--tls-key", str(cert)], capture_output=True, text=True, timeout=60)
    assert swapped.returncode == 1 and "key.pem" in swapped.stderr
