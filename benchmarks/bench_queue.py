"""The job queue, measured: how many trainings a minute one worker sustains, and how fast the
web answers while trainings run.

    python benchmarks/bench_queue.py [--users 6] [--days 365] [--requests 120]
                                     [--redis redis://127.0.0.1:6379/8]

Builds a temporary SQLite database with --users demo accounts (seed-demo), then:
1. trainings/minute: one `flask --app habitory worker` on Redis (trainings in its own
   process), and the embedded consumer's way (each training in a child process);
2. GET / latency of one gunicorn worker (logged in, --requests sequential requests): idle,
   while the embedded consumer trains in child processes on the same host (the single-host
   default, as before this change), and while a separate `flask worker` (nice 10, as in
   deploy/habitory-worker@.service) trains on the same host. On several hosts the worker
   runs elsewhere and the web node sees the idle figures.
The Redis database given is flushed before and after.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import redis

BIN = Path(sys.executable).parent
PASSWORD = "benchmark password"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Setup:
    def __init__(self, folder: Path, redis_url: str):
        self.folder = folder
        self.redis_url = redis_url
        self.base_env = {**{k: v for k, v in os.environ.items() if not k.startswith("HABITORY")},
                         "SECRET_KEY": "bench-queue", "HABITORY_INSTANCE": str(folder),
                         "DATABASE_URL": f"sqlite:///{folder}/habitory.sqlite3",
                         "PYTHONUNBUFFERED": "1"}

    def env(self, queue: bool) -> dict:
        return {**self.base_env, **({"HABITORY_QUEUE_URL": self.redis_url} if queue else {})}

    def flask(self, *args: str, queue: bool = False) -> str:
        done = subprocess.run([str(BIN / "flask"), "--app", "habitory", *args],
                              env=self.env(queue), capture_output=True, text=True, check=True)
        return done.stdout

    def python(self, code: str, queue: bool) -> str:
        done = subprocess.run([sys.executable, "-c", code], env=self.env(queue),
                              capture_output=True, text=True, check=True)
        return done.stdout


ENQUEUE = """
import sys
from habitory import create_app
from habitory.domain import accounts
from habitory.jobs import queue
app = create_app({"EMBEDDED_WORKER": False, "RATELIMIT_ENABLED": False})
with app.app_context():
    ids = [u.id for u in accounts.everyone()]
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
        for uid in ids:
            queue.of(app).tasks["train"](uid)
    print(len(ids))
"""

DRAIN_IN_CHILDREN = """
import time
from habitory import create_app
from habitory.domain import accounts
from habitory.jobs import queue
app = create_app({"EMBEDDED_WORKER": False, "ML_TRAIN_PROCESS": True})
with app.app_context():
    for u in accounts.everyone():
        queue.of(app).tasks["train"](u.id)
    started = time.perf_counter()
    ran = queue.drain(app)
    print(ran, time.perf_counter() - started)
"""


def trainings_per_minute_worker(setup: Setup, users: int) -> float:
    """One `flask worker` on Redis: time from its first training's start to its last's end."""
    setup.python(ENQUEUE, queue=True)
    worker = subprocess.Popen([str(BIN / "flask"), "--app", "habitory", "worker"],
                              env=setup.env(True), stderr=subprocess.PIPE, text=True)
    starts, ends = [], []
    for line in worker.stderr:
        if "training user" in line and "started" in line:
            starts.append(time.perf_counter())
        elif "training user" in line and "done" in line:
            ends.append(time.perf_counter())
            if len(ends) == users:
                break
    worker.send_signal(signal.SIGINT)
    worker.wait(30)
    worker.stderr.close()
    return 60 * users / (ends[-1] - starts[0])


def _login(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": "u1@example.com", "password": PASSWORD,
                                   "csrf_token": token}).encode()
    opener.open(base + "/login", data=body).read()
    return opener


def _latencies(opener, base: str, count: int) -> list[float]:
    seconds = []
    for _ in range(count):
        started = time.perf_counter()
        with opener.open(base + "/") as response:
            response.read()
            assert response.status == 200
        seconds.append((time.perf_counter() - started) * 1000)
    return seconds


def _summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    return f"median {statistics.median(ms):6.1f} ms, p95 {p95:6.1f} ms, max {ms[-1]:6.1f} ms"


def _gunicorn(setup: Setup, queue: bool, embedded: bool) -> tuple[subprocess.Popen, str]:
    port = _port()
    env = {**setup.env(queue), "HABITORY_EMBEDDED_WORKER": "1" if embedded else "0"}
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "1", "--bind",
                                f"127.0.0.1:{port}", "habitory:create_app()"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def latency(setup: Setup, requests: int, rounds: int) -> dict[str, str]:
    results = {}
    web, base = _gunicorn(setup, queue=True, embedded=False)
    opener = _login(base)
    _latencies(opener, base, 10)  # warm up
    results["idle (no training running)"] = _summary(_latencies(opener, base, requests))
    subprocess.run([sys.executable, "-c", ENQUEUE, str(rounds)], env=setup.env(True),
                   check=True, capture_output=True)
    worker = subprocess.Popen([str(BIN / "flask"), "--app", "habitory", "worker"],
                              env=setup.env(True), stderr=subprocess.DEVNULL,
                              preexec_fn=lambda: os.nice(10))
    time.sleep(4)  # the worker imports scikit-learn and starts training
    results["flask worker (nice 10) training on the same host"] = _summary(
        _latencies(opener, base, requests))
    worker.send_signal(signal.SIGTERM)
    worker.wait(30)
    web.send_signal(signal.SIGTERM)
    web.wait(30)

    # The single-host default: the web process's own consumer thread, trainings in children.
    web, base = _gunicorn(setup, queue=False, embedded=True)
    opener = _login(base)
    _latencies(opener, base, 10)
    time.sleep(5)  # its start-up sweep finds nothing due
    results["embedded consumer idle"] = _summary(_latencies(opener, base, requests))
    subprocess.run([sys.executable, "-c", ENQUEUE, str(rounds)], env=setup.env(False),
                   check=True, capture_output=True)
    time.sleep(3)
    results["embedded consumer, trainings in child processes"] = _summary(
        _latencies(opener, base, requests))
    web.send_signal(signal.SIGTERM)
    web.wait(30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--requests", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=4,
                        help="trainings queued per user while latency is measured")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError:
        print(f"bench_queue: no Redis at {args.redis}; nothing measured")
        return
    with tempfile.TemporaryDirectory() as tmp:
        setup = Setup(Path(tmp), args.redis)
        setup.flask("db", "upgrade")
        for n in range(1, args.users + 1):
            setup.flask("seed-demo", "--email", f"u{n}@example.com", "--password", PASSWORD,
                        "--days", str(args.days))
        print(f"{args.users} users, {args.days} days of history each; {os.cpu_count()} CPUs, "
              f"load {os.getloadavg()[0]:.1f}")
        per_minute = trainings_per_minute_worker(setup, args.users)
        print(f"flask worker (1 thread, Redis): {per_minute:.0f} trainings/minute")
        ran, seconds = setup.python(DRAIN_IN_CHILDREN, queue=False).split()
        print(f"embedded consumer (a child process per training): "
              f"{60 * int(ran) / float(seconds):.0f} trainings/minute")
        client.flushdb()
        for label, figures in latency(setup, args.requests, args.rounds).items():
            print(f"GET / while {label}: {figures}")
    client.flushdb()
    client.close()


if __name__ == "__main__":
    main()
