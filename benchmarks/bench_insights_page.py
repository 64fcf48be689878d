"""GET /insights for 20 habits x 5 years: server time (p50 target <= 100 ms) and SQL count.

    python benchmarks/bench_insights_page.py [--requests 60] [--periods 30,90,365,all]
        [--today 2026-11-25] [--save-html DIR] [--profile]

Wall time is what the target is about; CPU time (process_time) and the best run are steadier
on the shared 2-CPU machine. The load average is printed with each period: compare like with
like. --today fixes the user's date (the data is built around it), so that --save-html gives
the same pages on any day: diff two directories to check a change leaves every number alone.
--profile runs pyinstrument over the timed requests of each period and prints the call tree.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from habitory import clock, create_app  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import CheckIn, Habit, Prediction, User, utcnow  # noqa: E402

PASSWORD = "benchmark password"
TARGET_MS = 100.0


def build(app, today: date) -> int:
    """The benchmark user: 20 habits with 5 years of seeded history, and tomorrow's predictions."""
    rng = random.Random(11)
    start = today - timedelta(days=5 * 365)
    with app.app_context():
        flask_migrate.upgrade()
        user = User(email="b@example.com", timezone="UTC",
                    password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
        db.session.add(user)
        db.session.flush()
        for i in range(20):
            habit = Habit(user_id=user.id, position=i, created_on=start,
                          weekdays=0b0010101 if i == 3 else None,
                          freq_num=3 if i == 5 else 1, freq_den=7 if i == 5 else 1)
            habit.rename(f"Habit {i}")
            db.session.add(habit)
            db.session.flush()
            p = rng.uniform(0.5, 0.9)
            db.session.execute(sa.insert(CheckIn), [
                {"habit_id": habit.id, "day": start + timedelta(days=d),
                 "state": "done" if rng.random() < 0.97 else "skipped", "updated_at": utcnow()}
                for d in range(5 * 365) if rng.random() < p])
            if i % 4 == 0:  # a few stored predictions, so the "Tomorrow" section renders too
                db.session.add(Prediction(
                    habit_id=habit.id, user_id=user.id, for_day=today + timedelta(days=1),
                    probability=round(rng.uniform(0.2, 0.95), 3), source="model",
                    reasons="Done 5 of the last 7 days\nUsually done on this weekday",
                    at_risk=p < 0.6))
        db.session.commit()
        return db.session.scalar(sa.select(sa.func.count(CheckIn.id)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--periods", default="30,90,365,all")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the user's date (default: the real one)")
    parser.add_argument("--save-html", type=Path, default=None, metavar="DIR",
                        help="write each period's page to DIR/insights-<period>.html")
    parser.add_argument("--profile", action="store_true", help="profile with pyinstrument")
    args = parser.parse_args(argv)
    if args.today is not None:
        noon = datetime.combine(args.today, datetime.min.time(), UTC) + timedelta(hours=12)
        clock.now_utc = lambda: noon  # user_today() reads the clock through this
    today = args.today or clock.now_utc().date()
    folder = Path(tempfile.mkdtemp(prefix="habitory-bench-insights-"))
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "CHECK_MIGRATIONS": False, "SCHEDULER_ENABLED": False,
                      "ML_BACKGROUND": False})
    total = build(app, today)
    client = app.test_client()
    client.post("/login", data={"email": "b@example.com", "password": PASSWORD})
    statements: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute",
                        lambda *a: statements.append(a[2]))
    print(f"20 habits x 5 years, {total:,} check-ins, today {today}, {args.requests} requests")
    for period in args.periods.split(","):
        for _ in range(5):
            client.get(f"/insights?period={period}")
        wall, cpu = [], []
        profiler = None
        if args.profile:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.0005)
            profiler.start()
        load = os.getloadavg()[0]
        for _ in range(args.requests):
            statements.clear()
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/insights?period={period}")
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            assert response.status_code == 200
        if profiler is not None:
            profiler.stop()
        p50 = statistics.median(wall)
        verdict = "PASS" if p50 <= TARGET_MS else "MISS"
        print(f"GET /insights?period={period}: p50 {p50:.1f} ms, min {min(wall):.1f} ms, "
              f"CPU p50 {statistics.median(cpu):.1f} ms, min {min(cpu):.1f} ms, "
              f"{len(statements)} SQL statements, load {load:.2f}-{os.getloadavg()[0]:.2f}  "
              f"[{verdict}: p50 <= {TARGET_MS:.0f} ms]")
        if profiler is not None:
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.save_html is not None:
            args.save_html.mkdir(parents=True, exist_ok=True)
            html = response.get_data(as_text=True)
            html = re.sub(r'(csrf_token" value="|"X-CSRFToken": ")[^"]*', r"\1", html)
            (args.save_html / f"insights-{period}.html").write_text(html)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
