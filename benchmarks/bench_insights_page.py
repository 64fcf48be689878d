"""GET /insights for 20 habits x 5 years: server time (p50 target <= 100 ms) and SQL count.

    python benchmarks/bench_insights_page.py [--requests 60]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from habitory import create_app  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import CheckIn, Habit, User, utcnow  # noqa: E402

PASSWORD = "benchmark password"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="habitory-bench-insights-"))
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "CHECK_MIGRATIONS": False, "SCHEDULER_ENABLED": False,
                      "ML_BACKGROUND": False})
    rng = random.Random(11)
    today = date.today()
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
        db.session.commit()
        total = db.session.scalar(sa.select(sa.func.count(CheckIn.id)))
    client = app.test_client()
    client.post("/login", data={"email": "b@example.com", "password": PASSWORD})
    statements: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute",
                        lambda *a: statements.append(a[2]))
    print(f"20 habits x 5 years, {total:,} check-ins")
    for period in ("90", "all"):
        for _ in range(5):
            client.get(f"/insights?period={period}")
        timings = []
        for _ in range(args.requests):
            statements.clear()
            began = time.perf_counter()
            response = client.get(f"/insights?period={period}")
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        p50 = statistics.median(timings)
        verdict = "PASS" if p50 <= 100 else "MISS"
        print(f"GET /insights?period={period}: p50 {p50:.1f} ms, min {min(timings):.1f} ms, "
              f"{len(statements)} SQL statements  [{verdict}: p50 <= 100 ms]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
