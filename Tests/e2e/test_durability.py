"""Durability: SIGKILL under concurrent load loses nothing; a full disk answers 503 and corrupts nothing.

The crash test here is the short run of `crashload.py`; Scripts/bench runs the full one.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

import crashload
from conftest import _content_dir, _kiosk_binary


def test_sigkill_under_concurrent_load_loses_nothing(tmp_path: Path) -> None:
    figures = crashload.run(_kiosk_binary(), ratings=3000, clients=16, kills=6, workdir=tmp_path,
                            content=_content_dir(), seed=7, kill_gap=(0.2, 0.8))
    summary = json.dumps(figures.as_json(), indent=1, sort_keys=True)
    assert figures.kills == 6, summary
    assert figures.acknowledged >= 3000, summary
    # Kills really landed in the middle of the load: some requests got no answer and were sent again.
    assert figures.failed_requests > 0, summary
    assert figures.unexpected == [], summary
    assert (figures.lost, figures.doubled, figures.unacknowledged_stored) == (0, 0, 0), summary
    assert figures.stored == figures.acknowledged, summary
    assert figures.integrity == "ok", summary
    assert figures.rollups_match, summary
    assert figures.verify_exit == 0 and figures.verify_output.startswith("OK: "), summary


def _post(port: int, token: str, rating_id: str) -> tuple[int, dict, dict[str, str]]:
    body = json.dumps({"id": rating_id, "survey": "quick", "answers": {"overall": "satisfied"}})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/api/v1/ratings", body=body,
                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        res = conn.getresponse()
        raw = res.read()
        return res.status, json.loads(raw) if raw else {}, {k.lower(): v for k, v in res.getheaders()}
    finally:
        conn.close()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 6 MiB tmpfs of its own, so that the data folder's disk can really fill up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(path: Path) -> int:
    """Writes zeros to `path` until not one more byte fits; returns the bytes written."""
    written, size = 0, 1 << 20
    with open(path, "wb", buffering=0) as filler:
        while size >= 1:
            try:
                written += filler.write(b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC, error
                size //= 2
    return written


def test_full_disk_answers_503_with_a_sentence_and_corrupts_nothing(tmp_path: Path, small_disk: Path) -> None:
    binary, content = _kiosk_binary(), _content_dir()
    server = crashload.Server(binary, content, small_disk / "data", tmp_path / "serve.log")
    token = server.kiosk_token("kiosk-1")
    server.start()
    stored: list[str] = []
    try:
        for _ in range(20):
            rating_id = str(uuid.uuid4())
            assert _post(server.port, token, rating_id)[0] == 201
            stored.append(rating_id)

        assert _fill(small_disk / "filler") > 0
        refused: list[tuple[str, dict, dict[str, str]]] = []
        for _ in range(3000):
            rating_id = str(uuid.uuid4())
            status, body, headers = _post(server.port, token, rating_id)
            assert status in (201, 503), (status, body)
            if status == 201:
                stored.append(rating_id)
            else:
                refused.append((rating_id, body, headers))
                if len(refused) >= 5:
                    break
        assert refused, "the disk never filled up"
        _, body, headers = refused[0]
        assert "disk is full" in body["error"]["message"], body
        assert headers.get("retry-after") == "30"
        assert headers.get("x-content-type-options") == "nosniff"
        assert server.proc.poll() is None, "the server died when the disk filled up"
        # Reading still works while the disk is full.
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/health")
        assert conn.getresponse().status == 200
        conn.close()
        # Monitoring sees it.
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/metrics")
        metrics = conn.getresponse().read().decode()
        conn.close()
        assert f'kiosk_store_write_failures_total{{code="full"}} {len(refused)}' in metrics, metrics

        # Space comes back: the kiosk's outbox sends the refused ratings again, and they are stored.
        (small_disk / "filler").unlink()
        for rating_id, _, _ in refused:
            assert _post(server.port, token, rating_id)[0] == 201
            stored.append(rating_id)
    finally:
        server.stop()

    db = sqlite3.connect(small_disk / "data" / "kiosk.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [row[0] for row in db.execute("SELECT id FROM rating ORDER BY seq")]
    finally:
        db.close()
    assert sorted(ids) == sorted(stored)
    verify = server.cli("verify", "--data", str(small_disk / "data"), "--content", str(content))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.startswith(f"OK: {len(stored)} ratings")


def test_a_read_only_data_folder_is_named_with_what_to_do(tmp_path: Path, small_disk: Path) -> None:
    """A data folder the service cannot write (a read-only disk, a folder of another user) stops `kiosk serve`
    and `kiosk stats` with a sentence naming the file, not SQLite's bare "error 14"."""
    binary, content = _kiosk_binary(), _content_dir()
    data = small_disk / "data"
    made = subprocess.run([str(binary), "stats", "--data", str(data), "--content", str(content)], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    for leftover in ("kiosk.sqlite-wal", "kiosk.sqlite-shm"):
        (data / leftover).unlink(missing_ok=True)
    res = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    for command in (["stats"], ["serve", "--port", "0"]):
        run = subprocess.run([str(binary), *command, "--data", str(data), "--content", str(content)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode != 0
        said = run.stderr + run.stdout
        assert str(data / "kiosk.sqlite") in said and "writable" in said, said
        assert "SQLite error 14" not in said, said
