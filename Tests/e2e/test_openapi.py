"""docs/openapi.yaml against a live `kiosk serve`: Schemathesis (from PyPI) generates requests for every
operation, valid and invalid (after refusing a description that is not valid OpenAPI), and checks that no answer is a server error and that every answer's
status, content type and body are those the description gives.

The server gets a read-only token (`kiosk token create`) for /api/v1/stats and a paired kiosk's bearer
token for the kiosk routes: from `kiosk kiosks add ID` when the binary has that command, else from the
environment variable KIOSK_API_TOKEN (a token valid for the server's data folder is then needed, so it
is only of use against a seeded folder), else none, and the kiosk routes are checked in their refusals.

The run is bounded (SCHEMATHESIS_EXAMPLES examples per operation, 25 by default, a fixed seed) so that it
stays well under two minutes; for a longer random run:

    SCHEMATHESIS_EXAMPLES=500 SCHEMATHESIS_SEED=random KIOSK_BIN=$PWD/.build/debug/kiosk .venv/bin/pytest Tests/e2e/test_openapi.py -q
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, KioskServer

SPEC = REPO / "docs" / "openapi.yaml"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def _schemathesis() -> Path:
    path = Path(sys.executable).parent / "schemathesis"
    if not path.exists():
        pytest.fail("schemathesis is not installed: .venv/bin/pip install -r Tests/e2e/requirements.txt", pytrace=False)
    return path


def _token_line(output: str) -> str | None:
    """The token a `kiosk` command printed: the last word that looks like one."""
    words = re.findall(r"[A-Za-z0-9_\-]{24,}", output)
    return words[-1] if words else None


def _reader_token(server: KioskServer) -> str:
    res = subprocess.run([str(server.binary), "token", "create", "schemathesis", "--data", str(server.data)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    token = _token_line(res.stdout)
    assert token, f"kiosk token create printed no token: {res.stdout!r}"
    return token


def _kiosk_token(server: KioskServer) -> str | None:
    has_command = subprocess.run([str(server.binary), "kiosks", "add", "--help"], capture_output=True, text=True, timeout=60)
    if has_command.returncode == 0 and "kiosk kiosks add" in has_command.stdout:
        res = subprocess.run([str(server.binary), "kiosks", "add", "kiosk-schemathesis", "--data", str(server.data),
                              "--content", str(server.content), "--base", server.base_url],
                             capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, res.stderr
        lines = [line for line in res.stdout.splitlines() if line.startswith("token: ")]
        token = lines[-1].removeprefix("token: ").strip() if lines else _token_line(res.stdout)
        assert token, f"kiosk kiosks add printed no token: {res.stdout!r}"
        return token
    return os.environ.get("KIOSK_API_TOKEN") or None


def _seed_product(server: KioskServer) -> None:
    """The product and batch of the description's examples, so that the resolver answers 200 as well."""
    base = [str(server.binary), "ocop"]
    where = ["--data", str(server.data), "--content", str(server.content)]
    for command in (
        ["add", *where, "--name", "Nước mắm Cát Hải", "--name-en", "Cat Hai fish sauce", "--group", "food",
         "--gtin", "08936123456788", "--producer", "Hợp tác xã Thủy sản Cát Hải", "--producer-address", "Cát Hải, Hải Phòng"],
        ["batch", "add", *where, "08936123456788", "--batch", "L2611-01", "--produced", "2026-11-01", "--expires", "2028-11-01"],
    ):
        res = subprocess.run(base + command, capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, f"kiosk ocop {command[0]}: {res.stderr}"


def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_description(fresh_server, tmp_path):
    server = fresh_server
    reader = _reader_token(server)
    kiosk = _kiosk_token(server)
    _seed_product(server)
    config = tmp_path / "schemathesis.toml"
    lines = ["[auth.openapi.readerToken]", f'bearer = "{reader}"']
    if kiosk:
        lines += ["[auth.openapi.kioskToken]", f'bearer = "{kiosk}"']
    config.write_text("\n".join(lines) + "\n")
    examples = os.environ.get("SCHEMATHESIS_EXAMPLES", "25")
    seed = os.environ.get("SCHEMATHESIS_SEED", "20261124")
    command = [str(_schemathesis()), "--no-color", "--config-file", str(config), "run", str(SPEC),
               "--url", server.base_url, "--checks", CHECKS, "--max-examples", examples,
               "--phases", "examples,coverage,fuzzing", "--request-timeout", "20", "--workers", "2",
               "--suppress-health-check", "all"]
    if seed != "random":
        command += ["--seed", seed]
    start = time.monotonic()
    # Run in the test's folder, where Schemathesis and Hypothesis leave their caches.
    res = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path,
                         env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"})
    took = time.monotonic() - start
    print(f"\nschemathesis ran {took:.0f} s ({examples} examples per operation, kiosk token: {'yes' if kiosk else 'no'})")
    (tmp_path / "schemathesis.out").write_text(res.stdout + res.stderr)
    summary = "\n".join(res.stdout.splitlines()[-200:])
    assert res.returncode == 0, f"schemathesis exited {res.returncode} after {took:.0f} s:\n{summary}\n{res.stderr[-2000:]}"
    assert re.search(r"\b\d+ generated\b|\btest cases\b|\bpassed\b", res.stdout, re.IGNORECASE), summary
    assert server.died() is None
