"""Crash-safety load: many clients post ratings while `kiosk serve` is killed with SIGKILL at random moments.

Each client behaves as a kiosk's outbox does: it sends a rating, and sends the same rating again (same id,
same body) until the server answers 201 or 200; only then does it forget it. A separate thread kills the
server with SIGKILL at random moments and starts it again on the same port and data folder. At the end
every rating that was ever answered 201 or 200 must be in the store exactly once, nothing else may be
there, `PRAGMA integrity_check` must say ok, the main rollups must equal a count of the raw ratings, and
`kiosk verify` (the chain, every rollup recounted) must pass.

Used by `test_durability.py` (a short run in Scripts/test) and by Scripts/bench (the full run):

    python3 Tests/e2e/crashload.py --binary .build/release/kiosk --ratings 20000 --clients 64 --kills 30

prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHOICES = ["very_satisfied", "satisfied", "satisfied", "very_satisfied", "dissatisfied"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kiosk serve` on a fixed port and data folder, started again after each kill."""

    def __init__(self, binary: Path, content: Path, data: Path, log: Path, extra: list[str] | None = None,
                 env: dict[str, str] | None = None):
        self.binary, self.content, self.data, self.log_path = binary, content, data, log
        self.port = free_port()
        self.extra = extra or []
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.binary), *args], input=stdin, capture_output=True, text=True, timeout=600,
                              env=self.env)

    def rss_kib(self, field: str = "VmRSS") -> int:
        """The server's resident set (VmRSS) or its peak (VmHWM), in KiB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise RuntimeError(f"no {field} for pid {self.proc.pid}")

    def kiosk_token(self, kiosk: str) -> str:
        res = self.cli("kiosks", "add", kiosk, "--data", str(self.data), "--content", str(self.content),
                       "--base", f"http://127.0.0.1:{self.port}")
        if res.returncode != 0:
            raise RuntimeError(f"kiosk kiosks add exited {res.returncode}: {res.stderr}")
        return next(line.split(": ", 1)[1] for line in res.stdout.splitlines() if line.startswith("token: "))

    def start(self, timeout: float = 60.0) -> float:
        """Starts the server and waits for GET /health 200; returns the seconds it took."""
        started = time.monotonic()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [str(self.binary), "serve", "--content", str(self.content), "--data", str(self.data),
                 "--host", "127.0.0.1", "--port", str(self.port), *self.extra],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env)
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kiosk serve exited {self.proc.returncode}; log: {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as res:
                    if res.status == 200:
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"kiosk serve did not answer /health within {timeout:.0f} s; log: {self.log_path}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Figures:
    ratings_sent: int = 0          # distinct ratings made by the clients
    requests: int = 0              # every POST, re-sends included
    acknowledged: int = 0          # distinct ratings answered 201 or 200
    answered_200: int = 0          # re-sends answered "already stored"
    failed_requests: int = 0       # no answer, connection reset, 5xx: sent again
    unexpected: list[str] = field(default_factory=list)  # any other answer: a defect
    kills: int = 0
    restart_seconds: list[float] = field(default_factory=list)
    stored: int = 0
    lost: int = 0                  # acknowledged but not in the store
    doubled: int = 0               # in the store more than once
    unacknowledged_stored: int = 0 # in the store but never acknowledged
    integrity: str = ""
    rollups_match: bool = False
    verify_exit: int = -1
    verify_output: str = ""
    seconds: float = 0.0

    def as_json(self) -> dict:
        out = dict(self.__dict__)
        out["unexpected"] = self.unexpected[:10]
        out["restart_seconds_median"] = sorted(self.restart_seconds)[len(self.restart_seconds) // 2] if self.restart_seconds else 0
        del out["restart_seconds"]
        return out


def run(binary: Path, *, ratings: int, clients: int, kills: int, workdir: Path, seed: int = 1,
        content: Path | None = None, kill_gap: tuple[float, float] = (0.3, 1.2)) -> Figures:
    """Runs the load until at least `ratings` ratings are acknowledged and `kills` kills are done."""
    content = content or REPO / "kiosk-content"
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    server = Server(binary, content, data, workdir / "serve.log")
    token = server.kiosk_token("kiosk-1")
    rng = random.Random(seed)
    kill_rng = random.Random(seed + 1)
    figures = Figures()
    lock = threading.Lock()
    acknowledged: set[str] = set()
    made = [0]
    kills_done = threading.Event()
    started = time.monotonic()
    server.start()

    def next_body() -> tuple[str, bytes] | None:
        with lock:
            if made[0] >= ratings and kills_done.is_set():
                return None
            made[0] += 1
            choice = rng.choice(CHOICES)
        rating_id = str(uuid.uuid4())
        body = {"id": rating_id, "survey": "quick", "answers": {"overall": choice}}
        return rating_id, json.dumps(body).encode()

    def client() -> None:
        conn: http.client.HTTPConnection | None = None
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        while (item := next_body()) is not None:
            rating_id, body = item
            while True:  # the outbox: the same rating until it is answered 201 or 200
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                    conn.request("POST", "/api/v1/ratings", body=body, headers=headers)
                    res = conn.getresponse()
                    res.read()
                    status = res.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    if conn is not None:
                        conn.close()
                    conn = None
                with lock:
                    figures.requests += 1
                    if status in (200, 201):
                        acknowledged.add(rating_id)
                        figures.answered_200 += status == 200
                    elif status == 0 or status >= 500:
                        figures.failed_requests += 1
                    else:
                        figures.unexpected.append(f"{rating_id}: HTTP {status}")
                if status in (200, 201) or 0 < status < 500:
                    break
                time.sleep(0.02)
        if conn is not None:
            conn.close()

    def killer() -> None:
        try:
            for _ in range(kills):
                time.sleep(kill_rng.uniform(*kill_gap))
                server.kill()
                figures.kills += 1
                figures.restart_seconds.append(server.start())
        finally:
            kills_done.set()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    kill_thread = threading.Thread(target=killer, daemon=True)
    for thread in threads:
        thread.start()
    kill_thread.start()
    kill_thread.join()
    for thread in threads:
        thread.join()
    server.stop()
    figures.seconds = time.monotonic() - started
    figures.ratings_sent = made[0]
    figures.acknowledged = len(acknowledged)

    db = sqlite3.connect(data / "kiosk.sqlite")
    try:
        stored_ids: dict[str, int] = dict(db.execute("SELECT id, count(*) FROM rating GROUP BY id").fetchall())
        figures.stored = sum(stored_ids.values())
        figures.lost = sum(1 for rating_id in acknowledged if rating_id not in stored_ids)
        figures.doubled = sum(1 for count in stored_ids.values() if count > 1)
        figures.unacknowledged_stored = sum(1 for rating_id in stored_ids if rating_id not in acknowledged)
        figures.integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        raw = dict(((day, choice, excluded), count) for day, choice, excluded, count in db.execute(
            "SELECT local_day, main_choice, coalesce(excluded, ''), count(*) FROM rating GROUP BY 1, 2, 3"))
        rolled = dict(((day, choice, excluded), count) for day, choice, excluded, count in db.execute(
            "SELECT day, choice, excluded, sum(count) FROM rollup_day WHERE dimension = 'all' AND is_main = 1 GROUP BY 1, 2, 3"))
        figures.rollups_match = bool(raw) and raw == rolled
    finally:
        db.close()
    verify = server.cli("verify", "--data", str(data), "--content", str(content))
    figures.verify_exit = verify.returncode
    figures.verify_output = (verify.stdout + verify.stderr).strip()[-2000:]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", type=Path, default=REPO / ".build/release/kiosk")
    parser.add_argument("--ratings", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-crash-") as folder:
        figures = run(args.binary.resolve(), ratings=args.ratings, clients=args.clients, kills=args.kills,
                      workdir=Path(folder), seed=args.seed)
    print(json.dumps(figures.as_json(), sort_keys=True))


if __name__ == "__main__":
    main()
