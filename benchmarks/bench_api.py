#!/usr/bin/env python
"""Latency of the JSON API beside the pages it stands in for, in one run on one database.

    python benchmarks/bench_api.py [--requests N]

The dataset of bench_core.py (1 user, 20 habits, 3 years of check-ins): GET /api/v1/today
against the dashboard (GET /), and PUT /api/v1/habits/<id>/checkins/<today> against the
toggle (htmx POST), each measured inside the WSGI call by bench_core's probe, with its SQL.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

import dataset  # noqa: E402
from bench_core import Probe, call, percentile, request_for  # noqa: E402

from habitory import create_app  # noqa: E402
from habitory.domain import tokens  # noqa: E402

STATES = ("done", "skipped", "not_done")


def api_request(key: str, data: dataset.Dataset, i: int, headers: dict):
    """(method, path, json, headers): PUTs go round the habits and through the states."""
    if key == "api_today":
        return "GET", "/api/v1/today", None, headers
    habit_id = data.habit_ids[i % len(data.habit_ids)]
    state = STATES[(i // len(data.habit_ids)) % len(STATES)]
    return ("PUT", f"/api/v1/habits/{habit_id}/checkins/{data.today.isoformat()}",
            {"state": state}, headers)


def measure(data, requests: int, warmup: int) -> dict:
    app = create_app(data.config())
    probe = Probe(app)
    client = app.test_client()
    client.post("/login", data={"email": dataset.EMAIL, "password": dataset.PASSWORD})
    with app.app_context():
        _token, secret = tokens.create(data.user_id, "bench", "read-write")
    headers = {"Authorization": f"Bearer {secret}"}
    found = {}
    for key in ("dashboard", "api_today", "toggle", "api_put"):
        def send(i, key=key):
            if key.startswith("api_"):
                method, path, body, sent = api_request(key, data, i, headers)
                response = client.open(path, method=method, json=body, headers=sent)
                if response.status_code != 200:
                    raise SystemExit(f"{method} {path}: {response.status_code}")
            else:
                call(client, *request_for(key, data, i))
        for i in range(warmup):
            send(i)
        probe.samples.clear()
        for i in range(requests):
            send(warmup + i)
        ms = [s.total * 1000 for s in probe.samples]
        found[key] = {"p50": statistics.median(ms), "p95": percentile(ms, 0.95),
                      "cpu_p50": statistics.median(s.cpu * 1000 for s in probe.samples),
                      "sql": statistics.median(s.statements for s in probe.samples)}
    return found


LABELS = {"dashboard": "GET / (dashboard)", "api_today": "GET /api/v1/today",
          "toggle": "POST /habits/<id>/toggle (htmx)",
          "api_put": "PUT /api/v1/habits/<id>/checkins/<day>"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args(argv)
    data = dataset.build()
    try:
        print(f"Database: {dataset.describe(data)}; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results = measure(data, args.requests, args.warmup)
        print(f"\n{'route':42} {'p50':>7} {'p95':>7} {'CPU p50':>8} {'SQL/req':>8}")
        for key, label in LABELS.items():
            r = results[key]
            print(f"{label:42} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['cpu_p50']:>8.2f} "
                  f"{r['sql']:>8g}")
        for api, page in (("api_today", "dashboard"), ("api_put", "toggle")):
            verdict = "under" if results[api]["p50"] < results[page]["p50"] else "NOT under"
            print(f"{LABELS[api]}: p50 {verdict} {LABELS[page]}")
    finally:
        shutil.rmtree(data.folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
