"""Client-observed latency against `gunicorn 'habitory:create_app()'` with 2 workers.

Loopback only (127.0.0.1), a bounded number of requests, and gunicorn is always stopped at the
end. CSRF and rate limits stay on, as in production: the client logs in through the form.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import dataset

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
TIMEOUT = 10.0  # seconds per request
DEADLINE = 300.0  # seconds for the whole HTTP run; it stops early past this


def free_port() -> int:
    """A port nobody listens on at the moment, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(base: str, proc: subprocess.Popen, log_path: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            with open(log_path) as fh:
                raise SystemExit(f"gunicorn exited with {proc.returncode}:\n{fh.read()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


class Client:
    """A cookie-keeping HTTP client for one base URL."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    server_ms: float | None = None  # the last response's Server-Timing app;dur

    def open(self, method: str, path: str, form: dict | None = None,
             headers: dict | None = None) -> tuple[int, str]:
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({**(form or {}), "csrf_token": self.token}).encode()
        request = urllib.request.Request(self.base + path, data=body, method=method,
                                         headers=headers or {})
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                body = response.read().decode()
                timing = SERVER_TIMING.search(response.headers.get("Server-Timing", ""))
                self.server_ms = float(timing.group(1)) if timing else None
                return response.status, body
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self) -> None:
        status, page = self.open("GET", "/login")
        match = TOKEN.search(page)
        if status != 200 or not match:
            raise SystemExit(f"no login form over HTTP (status {status})")
        self.token = match.group(1)
        form = {"email": dataset.EMAIL, "password": dataset.PASSWORD, "next": ""}
        status, page = self.open("POST", "/login", form)  # 303, followed to the dashboard
        if status != 200 or 'id="habit-list"' not in page:
            raise SystemExit(f"login over HTTP failed (status {status})")
        self.token = TOKEN.search(page).group(1)  # the token of the logged-in session


def over_http(data, requests: int, warmup: int, request_for, keys: list[str],
              gc_freeze: bool = False) -> dict:
    """Median and p95 of client-observed latency per route, against 2 gunicorn workers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, HABITORY_INSTANCE=data.instance, DATABASE_URL=data.url,
               SECRET_KEY=dataset.SECRET_KEY, PYTHONPATH=ROOT,  # this tree's habitory
               HABITORY_SERVER_TIMING="1")  # each response says how long the app took
    log_path = os.path.join(data.folder, "gunicorn.log")
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
               f"127.0.0.1:{port}", "--graceful-timeout", "5", "--log-level", "warning",
               "habitory:create_app()"]
    if gc_freeze:
        command[3:3] = ["--config", os.path.join(HERE, "gunicorn_gc_freeze.py")]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    results: dict = {"port": port, "gc_freeze": gc_freeze}
    try:
        _wait_ready(base, proc, log_path)
        client = Client(base)
        client.login()
        stop_at = time.monotonic() + DEADLINE
        for key in keys:
            for i in range(warmup):
                client.open(*request_for(key, data, i))
            times, server = [], []
            for i in range(requests):
                if time.monotonic() > stop_at:
                    break
                method, path, form, headers = request_for(key, data, warmup + i)
                start = time.perf_counter()
                status, _ = client.open(method, path, form, headers)
                times.append((time.perf_counter() - start) * 1000)
                if client.server_ms is not None:
                    server.append(client.server_ms)
                if status != 200:
                    raise SystemExit(f"{method} {path} over HTTP answered {status}")
            results[key] = {"n": len(times), "p50": statistics.median(times), "min": min(times),
                            "p95": _p95(times),
                            "server_p50": statistics.median(server) if server else None,
                            "server_p95": _p95(server) if server else None}
    finally:
        proc.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return results


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(0.95 * len(values) + 0.999) - 1)]


def print_http(results: dict, routes, verdict) -> None:
    print(f"\nUnder gunicorn, 2 sync workers on 127.0.0.1:{results['port']} (ms, one request at a"
          f" time, CSRF on{', gc.freeze() in post_worker_init' if results['gc_freeze'] else ''})"
          ":\nserver = the app's own time (Server-Timing header); client = observed over "
          "loopback, a new connection per request")
    print(f"{'route':34} {'n':>4} {'server p50':>10} {'p95':>7} {'client p50':>10} {'p95':>7} "
          f"{'min':>6}  target (server p50)")
    for key, label, target in routes:
        r = results.get(key)
        if r:
            server = r["server_p50"] if r["server_p50"] is not None else float("nan")
            server95 = r["server_p95"] if r["server_p95"] is not None else float("nan")
            print(f"{label:34} {r['n']:>4} {server:>10.2f} {server95:>7.2f} {r['p50']:>10.2f} "
                  f"{r['p95']:>7.2f} {r['min']:>6.2f}  {verdict(server, target)}")
