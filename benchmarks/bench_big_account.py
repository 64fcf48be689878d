#!/usr/bin/env python
"""A Loop veteran's account: does every page still feel instant with 25 habits × 6 years?

    python benchmarks/bench_big_account.py [--runs 20] [--loop-dir ../shared/loop/real]
                                            [--json PATH] [--skip-imports]

Builds one SQLite database (a temporary instance folder) with three accounts of the same
mix of habits (yes/no, measurable at least / at most, quit, weekday schedules, weekly and
monthly quotas, archived ones, notes on some days, reminders, 300 notifications):

    small    5 habits × 60 days            wide  25 habits × 60 days
    big     25 habits × 6 years            streaks  the same, every habit on a 5-year streak

and times every page, htmx fragment, export, import preview and JSON API call a user hits,
signed in, through the Flask test client (bench_core's Probe: server time, thread CPU, SQL
statements, body size). p50/p95 are for `big`; the CPU times and statement counts of the
others beside them show what grows with the number of habits (small → wide), with days
(wide → big) or with the length of current streaks (big → streaks).
Then it imports real Loop exports (--loop-dir, see /work/shared/loop/real/README.md) and a
synthetic 25-habit, 6-year Loop backup through the import form (preview, then confirm).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]

import bench_portability  # noqa: E402
import dataset  # noqa: E402
import flask_migrate  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from bench_core import Probe, percentile  # noqa: E402

from habitory import create_app  # noqa: E402
from habitory.domain import tokens  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import CheckIn, Habit, Notification, Reminder, User, utcnow  # noqa: E402
from habitory.portability import read_import  # noqa: E402

PASSWORD = dataset.PASSWORD
HTMX = {"HX-Request": "true"}
NOTES = ["felt great", "tired", "travelling", "rainy day", "with Sam", "late start"]
# (name, kind, freq_num, freq_den, weekdays, adherence, unit, target, direction, archived, role)
SPECS = [
    ("Meditate", "yes_no", 1, 1, None, 0.85, None, None, "at_least", False, "daily"),
    ("Water", "measurable", 1, 1, None, 0.80, "glasses", 8.0, "at_least", False, "measurable"),
    ("No sugar", "quit", 1, 1, None, 0.90, None, None, "at_least", False, "quit"),
    ("Run", "yes_no", 3, 7, None, 0.70, None, None, "at_least", False, "weekly"),
    ("Deep clean", "yes_no", 4, 30, None, 0.70, None, None, "at_least", False, "monthly"),
    ("Read 20 pages", "yes_no", 1, 1, None, 0.75, None, None, "at_least", False, None),
    ("Walk", "measurable", 1, 1, None, 0.70, "km", 5.0, "at_least", False, None),
    ("Coffee", "measurable", 1, 1, None, 0.75, "cups", 2.0, "at_most", False, None),
    ("Floss", "yes_no", 1, 1, None, 0.65, None, None, "at_least", False, None),
    ("Journal", "yes_no", 1, 1, None, 0.60, None, None, "at_least", False, None),
    ("Gym", "yes_no", 1, 1, 0b0010101, 0.75, None, None, "at_least", False, None),
    ("Deep work", "yes_no", 1, 1, 0b0011111, 0.70, None, None, "at_least", False, None),
    ("Call family", "yes_no", 2, 7, None, 0.70, None, None, "at_least", False, None),
    ("Stretch", "yes_no", 1, 1, None, 0.70, None, None, "at_least", False, None),
    ("Guitar", "measurable", 3, 7, None, 0.65, "minutes", 60.0, "at_least", False, None),
    ("Spanish", "yes_no", 1, 1, None, 0.75, None, None, "at_least", False, None),
    ("Vitamins", "yes_no", 1, 1, None, 0.80, None, None, "at_least", False, None),
    ("No phone in bed", "quit", 1, 1, None, 0.80, None, None, "at_least", False, None),
    ("Plan tomorrow", "yes_no", 1, 1, None, 0.60, None, None, "at_least", False, None),
    ("Budget review", "yes_no", 1, 7, None, 0.70, None, None, "at_least", False, None),
    ("Screen time", "measurable", 1, 1, None, 0.70, "hours", 3.0, "at_most", False, None),
    ("Cook dinner", "yes_no", 5, 7, None, 0.70, None, None, "at_least", False, None),
    ("Old: cold shower", "yes_no", 1, 1, None, 0.55, None, None, "at_least", True, None),
    ("Old: pushups", "measurable", 1, 1, None, 0.60, "reps", 30.0, "at_least", True, None),
    ("Old: blog post", "yes_no", 1, 30, None, 0.60, None, None, "at_least", True, None),
]
# (habits, days, current streaks): "streaks" is "big" with every habit on an unbroken
# streak of 5 years, as a Loop veteran's quota habits often are (automatic checkmarks).
ACCOUNTS = {"small": (5, 60, 0), "wide": (25, 60, 0), "big": (25, 6 * 365 + 2, 0),
            "streaks": (25, 6 * 365 + 2, 5 * 365)}


def _history(rng: random.Random, spec: tuple, days: int, today, streak: int) -> list[dict]:
    """Check-in rows: dataset.py's Markov chain for yes/no and quit habits, amounts around
    the target for measurable ones, a note on about one day in twenty. The last `streak`
    days are an unbroken current streak (Meditate always has 120)."""
    name, kind, num, den, weekdays, adherence, _unit, target, direction, *_ = spec
    streak = min(max(streak, 120 if name == "Meditate" else 0), days)
    if kind == "measurable":
        rows, start = [], today - timedelta(days=days - 1)
        for i in range(days):
            forced = i >= days - streak
            if not forced and (rng.random() > adherence + 0.1
                               or rng.random() > num / den + 0.1):
                continue
            amount = max(0.0, round(rng.gauss(target * (1.05 if direction == "at_least"
                                                         else 0.9), target / 4), 1))
            if forced:
                amount = target * 1.1 if direction == "at_least" else target * 0.5
            met = amount >= target if direction == "at_least" else amount <= target
            rows.append({"day": start + timedelta(days=i), "state": "done" if met
                         else "not_done", "amount": amount})
    else:
        chain = (name, kind, num, den, weekdays, adherence, streak, days)
        rows = [{"day": d, "state": s, "amount": None}
                for d, s in dataset._history(rng, chain, today)
                if not (kind == "quit" and d > today - timedelta(days=streak))]
    for row in rows:
        row["note"] = rng.choice(NOTES) if rng.random() < 0.05 else None
    return rows


def add_account(label: str, habit_count: int, days: int, streak: int, today, rng) -> dict:
    """One user with `habit_count` habits of SPECS (the kinds mixed) over `days` days."""
    user = User(email=f"{label}@example.com", timezone="UTC")
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.flush()
    specs = SPECS[:habit_count]
    habits = []
    for position, spec in enumerate(specs, start=1):
        name, kind, num, den, weekdays, _, unit, target, direction, archived, _ = spec
        habit = Habit(user_id=user.id, position=position, kind=kind, freq_num=num,
                      freq_den=den, weekdays=weekdays, unit=unit, target=target,
                      direction=direction, archived=archived,
                      created_on=today - timedelta(days=days - 1))
        habit.rename(name)
        habits.append(habit)
    db.session.add_all(habits)
    db.session.flush()
    now = utcnow()
    rows = [{"habit_id": habit.id, "updated_at": now, **row}
            for habit, spec in zip(habits, specs, strict=True)
            for row in _history(rng, spec, days, today, streak)]
    db.session.execute(sa.insert(CheckIn), rows)
    db.session.add_all(Reminder(habit_id=h.id, at=clock_time(8, 30)) for h in habits[:4])
    habits[0].remind_at_risk = True
    db.session.add_all(
        Notification(user_id=user.id, habit_id=habits[i % len(habits)].id, kind="milestone",
                     category="milestone", title=f"Milestone {i}", body="A 30-day streak.",
                     dedup_key=f"bench-{i}", read_at=now if i > 20 else None,
                     created_at=now - timedelta(hours=i))
        for i in range(300))
    db.session.commit()
    roles = {spec[-1]: h.id for h, spec in zip(habits, specs, strict=True) if spec[-1]}
    _token, secret = tokens.create(user.id, "bench", "read-write")
    return {"label": label, "email": user.email, "user_id": user.id, "roles": roles,
            "habits": habit_count, "days": days, "checkins": len(rows),
            "bearer": {"Authorization": f"Bearer {secret}"}}


def loop_zip(folder: Path) -> bytes:
    """A real Loop export folder zipped as Loop's app zips it (its files at the root)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*.csv")):
            archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def routes(account: dict, today, upload: bytes, backup: bytes) -> list[tuple]:
    """(key, method, path, data or callable(i) -> data, headers, expected status)."""
    r, day = account["roles"], today.isoformat()
    first = (today - timedelta(days=account["days"] - 1)).isoformat()
    old = today.year - 5
    api = account["bearer"]

    def toggle(view):
        return lambda i: {"day": day, "view": view, "next": "/"}

    def amount(i):
        return {"day": day, "amount": str(5 + i % 7), "note": NOTES[i % len(NOTES)],
                "form": "day"}

    def upload_of(data):
        return lambda i: {"file": (io.BytesIO(data), "loop.zip" if data is upload
                                   else "backup.json")}

    return [
        ("today", "GET", "/", None, {}, 200),
        ("today (htmx nav)", "GET", "/", None, HTMX, 200),
        ("toggle row (htmx)", "POST", f"/habits/{r['daily']}/toggle", toggle("row"), HTMX, 200),
        ("toggle row (no JS)", "POST", f"/habits/{r['daily']}/toggle", toggle("row"), {}, 303),
        ("toggle 3/7 row (htmx)", "POST", f"/habits/{r['weekly']}/toggle", toggle("row"),
         HTMX, 200),
        ("toggle cell (htmx)", "POST", f"/habits/{r['daily']}/toggle", toggle("cell"),
         HTMX, 200),
        ("toggle 3/7 cell (htmx)", "POST", f"/habits/{r['weekly']}/toggle", toggle("cell"),
         HTMX, 200),
        ("edit amount (htmx)", "POST", f"/habits/{r['measurable']}/day", amount, HTMX, 200),
        ("edit amount (no JS)", "POST", f"/habits/{r['measurable']}/day", amount, {}, 303),
        ("habit row", "GET", f"/habits/{r['daily']}/row", None, HTMX, 200),
        ("habit page daily", "GET", f"/habits/{r['daily']}", None, {}, 200),
        ("habit page measurable", "GET", f"/habits/{r['measurable']}", None, {}, 200),
        ("habit page monthly", "GET", f"/habits/{r['monthly']}", None, {}, 200),
        ("habit page old year", "GET", f"/habits/{r['daily']}?year={old}", None, {}, 200),
        ("habit edit form", "GET", f"/habits/{r['daily']}/edit", None, {}, 200),
        ("archived habits", "GET", "/habits/archived", None, {}, 200),
        ("calendar", "GET", "/calendar", None, {}, 200),
        ("calendar old year", "GET", f"/calendar?year={old}", None, {}, 200),
        ("insights 90 d", "GET", "/insights", None, {}, 200),
        ("insights all", "GET", "/insights?period=all", None, {}, 200),
        ("notifications", "GET", "/notifications", None, {}, 200),
        ("notifications badge", "GET", "/notifications/badge", None, HTMX, 200),
        ("settings", "GET", "/settings", None, {}, 200),
        ("settings account", "GET", "/settings/account", None, {}, 200),
        ("export json", "GET", "/settings/export?format=json", None, {}, 200),
        ("export csv", "GET", "/settings/export?format=csv", None, {}, 200),
        ("export loop", "GET", "/settings/export?format=loop", None, {}, 200),
        ("loop export notice", "GET", "/settings/export/loop", None, {}, 200),
        ("import page", "GET", "/settings/import", None, {}, 200),
        ("import preview real Loop zip", "POST", "/settings/import", upload_of(upload), {}, 200),
        ("import preview own backup", "POST", "/settings/import", upload_of(backup), {}, 200),
        ("api habits", "GET", "/api/v1/habits", None, api, 200),
        ("api habits archived", "GET", "/api/v1/habits?archived=true", None, api, 200),
        ("api habit", "GET", f"/api/v1/habits/{r['daily']}", None, api, 200),
        ("api checkins 30 d", "GET", f"/api/v1/habits/{r['daily']}/checkins", None, api, 200),
        ("api checkins all years", "GET",
         f"/api/v1/habits/{r['daily']}/checkins?from={first}&to={day}", None, api, 200),
        ("api stats", "GET", f"/api/v1/habits/{r['daily']}/stats", None, api, 200),
        ("api today", "GET", "/api/v1/today", None, api, 200),
        ("api predictions", "GET", "/api/v1/predictions", None, api, 200),
        ("api notifications", "GET", "/api/v1/notifications", None, api, 200),
        ("api export json", "GET", "/api/v1/export?format=json", None, api, 200),
    ]


def login(app, email: str):
    client = app.test_client()
    answer = client.post("/login", data={"email": email, "password": PASSWORD})
    if answer.status_code != 303:
        raise SystemExit(f"login of {email} failed: {answer.status_code}")
    return client


def measure(app, probe, accounts: dict, today, upload, backups: dict, runs: int) -> dict:
    """Each route `runs` times (after 2 warm-up requests) for each signed-in account, the
    accounts one after the other route by route, so that all meet the same machine."""
    clients = {label: login(app, account["email"]) for label, account in accounts.items()}
    plans = {label: routes(account, today, upload, backups[label])
             for label, account in accounts.items()}
    results: dict[str, dict] = {label: {} for label in accounts}
    for index in range(len(plans["big"])):
        for label, plan in plans.items():
            key, method, path, data, headers, status = plan[index]
            samples = []
            for i in range(runs + 2):
                body = data(i) if callable(data) else data
                probe.samples.clear()
                answer = clients[label].open(path, method=method, data=body, headers=headers)
                if answer.status_code != status:
                    raise SystemExit(f"{label}: {method} {path} answered {answer.status_code}: "
                                     f"{answer.get_data(as_text=True)[:300]}")
                if i >= 2:
                    samples.append(probe.samples[0])
            ms = [s.total * 1000 for s in samples]
            results[label][key] = {
                "p50": statistics.median(ms), "p95": percentile(ms, 0.95),
                "cpu_p50": statistics.median(s.cpu * 1000 for s in samples),
                "statements": max(s.statements for s in samples),
                "kb": statistics.median(s.size for s in samples) / 1024,
                "sql_ms": statistics.median(s.sql * 1000 for s in samples),
            }
    return results


def time_import(app, probe, data: bytes, name: str, runs: int, counter: list[int]) -> dict:
    """The import form for a new user: preview (POST /settings/import), then confirm."""
    preview, confirm, statements, cpu = [], [], [], []
    for _ in range(runs):
        counter[0] += 1
        with app.app_context():
            user = User(email=f"importer{counter[0]}@example.com", timezone="UTC")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            email = user.email
        client = login(app, email)
        began, cpu_began = time.perf_counter(), time.thread_time()
        answer = client.post("/settings/import", data={"file": (io.BytesIO(data), name)})
        middle = time.perf_counter()
        if answer.status_code != 200 or 'name="token"' not in answer.get_data(as_text=True):
            raise SystemExit(f"import preview of {name}: {answer.status_code} "
                             f"{answer.get_data(as_text=True)[:400]}")
        with client.session_transaction() as session:
            token = session["import_token"]
        probe.samples.clear()
        done = client.post("/settings/import/confirm", data={"token": token,
                                                             "on_conflict": "merge"})
        ended = time.perf_counter()
        cpu.append((time.thread_time() - cpu_began) * 1000)
        if done.status_code != 303:
            raise SystemExit(f"import confirm of {name}: {done.status_code}")
        statements.append(probe.samples[0].statements)
        preview.append((middle - began) * 1000)
        confirm.append((ended - middle) * 1000)
        with app.app_context():
            habits = db.session.scalar(sa.select(sa.func.count()).select_from(Habit).join(User)
                                       .where(User.email == email))
            checkins = db.session.scalar(
                sa.select(sa.func.count()).select_from(CheckIn).join(Habit).join(User)
                .where(User.email == email))
    return {"preview_p50": statistics.median(preview), "confirm_p50": statistics.median(confirm),
            "total_max": max(p + c for p, c in zip(preview, confirm, strict=True)),
            "cpu_p50": statistics.median(cpu),
            "confirm_statements": max(statements), "habits": habits, "checkins": checkins,
            "kb": len(data) / 1024}


def real_exports(folder: Path) -> list[tuple[str, bytes]]:
    """The real exports with Loop's full layout (Habits.csv), as zips."""
    found = [(path.name, loop_zip(path)) for path in sorted(folder.iterdir())
             if (path / "Habits.csv").exists()]
    return found


def synthetic_loop_backup(folder: str) -> bytes:
    """bench_portability's Loop backup (database version 25) at 25 habits × 6 years."""
    bench_portability.HABITS, bench_portability.YEARS = 25, 6
    path = Path(folder) / "loop6y.db"
    bench_portability.write_backup(path, random.Random(7))
    return path.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--import-runs", type=int, default=5)
    parser.add_argument("--loop-dir", default=os.path.join(ROOT, "..", "shared", "loop", "real"))
    parser.add_argument("--skip-imports", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="habitory-big-")
    instance = os.path.join(folder, "instance")
    os.makedirs(instance, mode=0o700)
    url = "sqlite:///" + os.path.join(instance, "habitory.sqlite3")
    data = dataset.Dataset(folder, instance, url, 0, [], datetime.now(UTC).date(), 0)
    app = create_app(data.config(PASSWORD_HASH_METHOD="pbkdf2:sha256:1000"))
    today, rng = data.today, random.Random(dataset.SEED)
    with app.app_context():
        flask_migrate.upgrade()
        accounts = {label: add_account(label, *shape, today, rng)
                    for label, shape in ACCOUNTS.items()}
    probe = Probe(app)
    reals = real_exports(Path(args.loop_dir)) if os.path.isdir(args.loop_dir) else []
    with app.test_request_context():  # the biggest first: the one the previews upload
        reals.sort(key=lambda item: -read_import(item[1]).checkin_count)
    upload = reals[0][1] if reals else synthetic_loop_backup(folder)
    backups = {}
    for label, account in accounts.items():
        backups[label] = login(app, account["email"]).get("/settings/export?format=json").data
        print(f"{label}: {account['habits']} habits × {account['days']} days, "
              f"{account['checkins']:,} check-ins; JSON backup {len(backups[label]) / 1024:.0f} KB",
              flush=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the start: {load}", flush=True)
    results = measure(app, probe, accounts, today, upload, backups, args.runs)
    big = results["big"]
    print(f"\n{'route: big account':30} {'p50':>6} {'p95':>6} {'CPU50':>6} {'SQLms':>5} "
          f"{'KB':>6}  CPU50 small/wide/streaks  statements small/wide/big/streaks")
    for key, row in big.items():
        counts = "/".join(str(results[label][key]["statements"]) for label in ACCOUNTS)
        cpu = "/".join(f"{results[label][key]['cpu_p50']:.1f}"
                       for label in ("small", "wide", "streaks"))
        flag = "  <-- differs" if len({results[label][key]["statements"]
                                       for label in ACCOUNTS}) > 1 else ""
        print(f"{key:30} {row['p50']:6.1f} {row['p95']:6.1f} {row['cpu_p50']:6.1f} "
              f"{row['sql_ms']:5.1f} {row['kb']:6.1f}  {cpu:>24}  {counts}{flag}")
    imports = {}
    if not args.skip_imports:
        counter = [0]
        for name, zipped in reals:
            imports[f"real Loop zip {name}"] = time_import(app, probe, zipped, f"{name}.zip",
                                                           args.import_runs, counter)
        imports["Loop backup 25 habits × 6 years"] = time_import(
            app, probe, synthetic_loop_backup(folder), "loop.db", max(1, args.import_runs // 2),
            counter)
        imports["Habitory JSON backup of big"] = time_import(
            app, probe, backups["big"], "backup.json", max(1, args.import_runs // 2), counter)
        print(f"\n{'import (new user)':42} {'KB':>6} {'habits':>6} {'check-ins':>9} "
              f"{'preview':>8} {'confirm':>8} {'both CPU':>8} {'stmts':>6}")
        for name, row in imports.items():
            print(f"{name:42} {row['kb']:6.0f} {row['habits']:6} {row['checkins']:9,} "
                  f"{row['preview_p50']:7.0f}ms {row['confirm_p50']:7.0f}ms "
                  f"{row['cpu_p50']:7.0f}ms "
                  f"{row['confirm_statements']:6}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} (CPU50 is the request's own thread time: compare "
          "it, not p50, when the machine is shared)")
    if args.json:
        Path(args.json).write_text(json.dumps({"accounts": {k: {x: v[x] for x in (
            "habits", "days", "checkins")} for k, v in accounts.items()},
            "routes": results, "imports": imports}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
