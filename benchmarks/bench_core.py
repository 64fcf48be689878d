#!/usr/bin/env python
"""Latency of the core pages: dashboard, toggle, calendar, habit page and Insights.

    python benchmarks/bench_core.py [--requests N] [--gunicorn] [--profile] [--show-sql]

Builds a fresh SQLite database (1 user, 20 habits, 3 years of check-ins; see dataset.py),
then measures the server-side time of each request through the Flask test client, split into
SQL, template rendering and the rest (Python). With --gunicorn it also serves the same
database with 2 gunicorn workers on 127.0.0.1 and measures client-observed latency.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]

import dataset  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask import before_render_template, template_rendered  # noqa: E402

from habitory import create_app  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import User  # noqa: E402

HTMX = {"HX-Request": "true"}
# (key, label, p50 target in ms or None): the targets come from the performance issue.
ROUTES = [
    ("dashboard", "GET / (dashboard)", 15.0),
    ("toggle", "POST /habits/<id>/toggle (htmx)", 5.0),
    ("calendar", "GET /calendar", 15.0),
    ("habit", "GET /habits/<id> (habit page)", None),
    ("insights", "GET /insights (90 days)", 100.0),
]


def request_for(key: str, data: dataset.Dataset, i: int) -> tuple[str, str, dict, dict]:
    """(method, path, form, headers) of the i-th request of a route.

    Toggles go round the 20 habits; each one cycles today through done, skipped and clear
    (the button's own cycle), so every request really changes a row.
    """
    habit_id = data.habit_ids[i % len(data.habit_ids)]
    if key == "dashboard":
        return "GET", "/", {}, {}
    if key == "calendar":
        return "GET", "/calendar", {}, {}
    if key == "habit":
        return "GET", f"/habits/{habit_id}", {}, {}
    if key == "insights":
        return "GET", "/insights?period=90", {}, {}
    form = {"day": data.today.isoformat(), "view": "row", "next": "/"}
    return "POST", f"/habits/{habit_id}/toggle", form, HTMX


@dataclass
class Sample:
    total: float = 0.0
    cpu: float = 0.0  # thread CPU time: what the request costs when the machine is shared
    statements: int = 0
    sql: float = 0.0
    render: float = 0.0
    sql_in_render: float = 0.0
    gc: float = 0.0  # garbage collections that ran during the request
    gc_in_render: float = 0.0
    size: int = 0  # response body, bytes
    texts: list[str] = field(default_factory=list)


class Probe:
    """Times each request inside the WSGI call, with its SQL and its template rendering."""

    def __init__(self, app):
        self.samples: list[Sample] = []
        self.current: Sample | None = None
        self._sql_start = self._render_start = self._gc_start = 0.0
        self._rendering = False
        self._thread = 0
        self._wsgi = app.wsgi_app
        app.wsgi_app = self
        with app.app_context():  # only to reach the engine: requests push their own context
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", self._before_sql)
        sa.event.listen(engine, "after_cursor_execute", self._after_sql)
        before_render_template.connect(self._before_render, app)
        template_rendered.connect(self._after_render, app)
        gc.callbacks.append(self._gc)

    def __call__(self, environ, start_response):
        sample = self.current = Sample()
        self._thread = threading.get_ident()  # statements of other threads are not ours
        start, cpu = time.perf_counter(), time.thread_time()
        body = self._wsgi(environ, start_response)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        sample.total = time.perf_counter() - start
        sample.size = sum(len(chunk) for chunk in chunks)
        sample.cpu = time.thread_time() - cpu
        self.samples.append(sample)
        self.current = None
        return chunks

    def _before_sql(self, conn, cursor, statement, *args):
        if self.current and threading.get_ident() == self._thread:
            self.current.statements += 1
            self.current.texts.append(statement)
        self._sql_start = time.perf_counter()

    def _after_sql(self, *args):
        if self.current and threading.get_ident() == self._thread:
            spent = time.perf_counter() - self._sql_start
            self.current.sql += spent
            if self._rendering:
                self.current.sql_in_render += spent

    def _gc(self, phase, info):
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif self.current:
            spent = time.perf_counter() - self._gc_start
            self.current.gc += spent
            if self._rendering:
                self.current.gc_in_render += spent

    def _before_render(self, sender, **extra):
        self._rendering, self._render_start = True, time.perf_counter()

    def _after_render(self, sender, **extra):
        self._rendering = False
        if self.current:
            self.current.render += time.perf_counter() - self._render_start


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def call(client, method: str, path: str, form: dict, headers: dict):
    """One request through the test client; anything but 200 stops the benchmark."""
    response = client.open(path, method=method, data=form or None, headers=headers)
    if response.status_code != 200:
        raise SystemExit(f"{method} {path} answered {response.status_code}")
    return response


def in_process(data, requests: int, warmup: int, show_sql: bool, gc_freeze: bool,
               language: str | None = None) -> dict:
    """Server-side figures for each route through the Flask test client (for a user who
    chose `language`, when given)."""
    app = create_app(data.config())
    if language:
        with app.app_context():
            db.session.execute(sa.update(User).values(language=language))
            db.session.commit()
    probe = Probe(app)
    client = app.test_client()
    login = client.post("/login", data={"email": dataset.EMAIL, "password": dataset.PASSWORD})
    if login.status_code != 303:
        raise SystemExit(f"login failed: {login.status_code}")
    if gc_freeze:  # what the app could do once started: see the README
        gc.collect()
        gc.freeze()
    results = {}
    for key, _, target in ROUTES:
        for i in range(warmup):
            call(client, *request_for(key, data, i))
        probe.samples.clear()
        collections = gc.get_stats()[2]["collections"]
        for i in range(requests):
            call(client, *request_for(key, data, warmup + i))
        samples = probe.samples[:]
        ms = [s.total * 1000 for s in samples]
        sql = [s.sql * 1000 for s in samples]
        render = [(s.render - s.sql_in_render - s.gc_in_render) * 1000 for s in samples]
        collecting = [s.gc * 1000 for s in samples]
        counts = [s.statements for s in samples]
        results[key] = {
            "n": len(ms),
            "p50": statistics.median(ms),
            "p95": percentile(ms, 0.95),
            "min": min(ms),
            "cpu_p50": statistics.median(s.cpu * 1000 for s in samples),
            "kb": statistics.median(s.size for s in samples) / 1024,
            "sql_statements": (min(counts), max(counts)),
            "sql_p50": statistics.median(sql),
            "render_p50": statistics.median(render),
            "python_p50": statistics.median(
                [t - q - r - g for t, q, r, g in zip(ms, sql, render, collecting, strict=True)]),
            "gc_mean": statistics.mean(collecting),
            "target": target,
            "gen2_collections": gc.get_stats()[2]["collections"] - collections,
        }
        if show_sql:
            print(f"\n-- SQL of one {key} request ({samples[-1].statements} statements):")
            for text in samples[-1].texts:
                print("   ", " ".join(text.split())[:160])
    return results


def _first_module(*names: str):
    """The first of these modules that imports: the script also measures older checkouts."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def scheduler_tick(data, rounds: int = 5) -> dict | None:
    """Time the background scheduler's tick (each gunicorn worker runs one every 30 s)."""
    scheduler = _first_module("habitory.jobs.scheduler", "habitory.scheduler")
    if scheduler is None or not hasattr(scheduler, "tick"):
        return None
    app = create_app(data.config())
    times, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.thread_time()
        scheduler.tick(app)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    interval = getattr(scheduler, "TICK_SECONDS", "?")
    print(f"\nBackground scheduler tick (every {interval} s in each worker), ms: first "
          f"{times[0]:.1f} (CPU {cpu[0]:.1f}), then median {statistics.median(times[1:]):.1f} "
          f"(CPU {statistics.median(cpu[1:]):.1f}) over {rounds - 1}")
    return {"first": times[0], "first_cpu": cpu[0], "then_p50": statistics.median(times[1:]),
            "then_cpu_p50": statistics.median(cpu[1:])}


def ml_jobs(data) -> dict | None:
    """Time the model training (a child process in production, timed here in-process) and the
    predictions refresh (a worker's background thread)."""
    predictions = _first_module("habitory.jobs.forecast", "habitory.predictions")
    if predictions is None or not all(hasattr(predictions, n) for n in ("train", "refresh")):
        return None
    app = create_app(data.config())
    found = {}
    with app.app_context():
        for job in ("train", "refresh"):
            start, start_cpu = time.perf_counter(), time.thread_time()
            getattr(predictions, job)(data.user_id)
            found[job] = ((time.perf_counter() - start) * 1000,
                          (time.thread_time() - start_cpu) * 1000)
        db.session.remove()
    print("Background ML jobs, ms (training: in a child process, timed here in-process; "
          "refresh: a worker's thread): training "
          f"{found['train'][0]:.0f} (CPU {found['train'][1]:.0f}), predictions refresh "
          f"{found['refresh'][0]:.0f} (CPU {found['refresh'][1]:.0f})")
    return found


def verdict(p50: float, target: float | None) -> str:
    if target is None:
        return "-"
    return f"{'PASS' if p50 <= target else 'MISS'} (<= {target:g})"


def print_in_process(results: dict) -> None:
    print("\nServer-side, Flask test client, ms. SQL, render (Jinja, without SQL) and Python (the "
          "rest) are medians;\nGC = mean time in garbage collection per request, GC2 = full "
          "collections during the run:")
    print(f"{'route':34} {'n':>4} {'p50':>7} {'p95':>7} {'min':>6} {'CPU p50':>8} "
          f"{'SQL/req':>8} {'SQL':>6} {'render':>7} {'Python':>7} {'GC':>5} {'GC2':>4} {'KB':>4}"
          "  target p50")
    for key, label, _ in ROUTES:
        r = results[key]
        low, high = r["sql_statements"]
        count = str(low) if low == high else f"{low}-{high}"
        print(f"{label:34} {r['n']:>4} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['min']:>6.2f} "
              f"{r['cpu_p50']:>8.2f} {count:>8} {r['sql_p50']:>6.2f} {r['render_p50']:>7.2f} "
              f"{r['python_p50']:>7.2f} {r['gc_mean']:>5.2f} {r['gen2_collections']:>4} "
              f"{r['kb']:>4.0f}  "
              f"{verdict(r['p50'], r['target'])}")


def profile(data, rounds: int, keys: list[str]) -> None:
    """Print where the time of `rounds` requests of each route goes (pyinstrument or cProfile)."""
    app = create_app(data.config())
    client = app.test_client()
    client.post("/login", data={"email": dataset.EMAIL, "password": dataset.PASSWORD})
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None  # noqa: N806
    for key in keys:
        for i in range(10):
            call(client, *request_for(key, data, i))
        print(f"\n===== profile: {key}, {rounds} requests =====")
        if Profiler is not None:
            profiler = Profiler(interval=0.001)
            profiler.start()
            for i in range(rounds):
                call(client, *request_for(key, data, 10 + i))
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        else:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            for i in range(rounds):
                call(client, *request_for(key, data, 10 + i))
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="measured requests per route")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests first")
    parser.add_argument("--gunicorn", action="store_true",
                        help="also measure over HTTP against 2 gunicorn workers on 127.0.0.1")
    parser.add_argument("--http-requests", type=int, default=200,
                        help="cap on the requests per route over HTTP (default 200)")
    parser.add_argument("--profile", action="store_true",
                        help="profile every route afterwards (pyinstrument if installed)")
    parser.add_argument("--show-sql", action="store_true", help="print one request's SQL")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() once the app is up (in gunicorn: post_worker_init)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--pages-only", action="store_true",
                        help="skip the background figures (scheduler tick, ML jobs)")
    parser.add_argument("--language", metavar="CODE",
                        help="measure for a user who chose this language (de, fr, ...)")
    parser.add_argument("--profile-only", metavar="ROUTES",
                        help="only profile these routes (comma-separated: dashboard,toggle,"
                             "calendar,habit,insights), skipping the timed runs")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = dataset.build()
    print(f"Database: {dataset.describe(data)}  (built in {time.perf_counter() - started:.1f} s)")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, SQLite "
          f"{__import__('sqlite3').sqlite_version}, load average {_load()}")
    if args.profile_only:
        try:
            profile(data, min(args.requests, 100), args.profile_only.split(","))
        finally:
            import shutil

            shutil.rmtree(data.folder, ignore_errors=True)
        return 0
    try:
        results = {"in_process": in_process(data, args.requests, args.warmup, args.show_sql,
                                               args.gc_freeze, args.language)}
        print_in_process(results["in_process"])
        if not args.pages_only:
            results["scheduler_tick"] = scheduler_tick(data)
            results["ml_jobs"] = ml_jobs(data)
        if args.gunicorn:
            from http_bench import over_http, print_http

            count = min(args.requests, args.http_requests)
            results["gunicorn"] = over_http(data, count, min(args.warmup, 20), request_for,
                                            [key for key, _, _ in ROUTES], args.gc_freeze)
            print_http(results["gunicorn"], ROUTES, verdict)
        if args.profile:
            profile(data, min(args.requests, 100), [key for key, _, _ in ROUTES])
        if args.json:
            with open(args.json, "w") as fh:
                json.dump(results, fh, indent=2)
        print(f"\nLoad average at the end: {_load()} (other processes share these CPUs: "
              "compare CPU p50 with p50)")
    finally:
        if args.keep:
            print(f"\nDatabase kept in {data.folder}")
        else:
            import shutil

            shutil.rmtree(data.folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
