"""Rules over 1,000 users x 10 habits x 1 year, and the notifications page with 10,000 cards.

    python benchmarks/bench_notifications.py [--users 1000] [--requests 200]

Targets (issue 5): the rules run (loading from the database included) under 30 s on this
machine; GET /notifications p50 <= 15 ms for a user with 10,000 stored notifications; the
reminder job's worst minute (every user's reminder at once, half risk-aware) under 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from habitory import create_app  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import CheckIn, Habit, Notification, User, utcnow  # noqa: E402

SEED = 5
PASSWORD = "benchmark password"


def build(users: int, habits: int, days: int, today: date) -> None:
    rng = random.Random(SEED)
    start = today - timedelta(days=days)
    db.session.execute(sa.insert(User), [
        {"email": f"u{i}@example.com", "password_hash": "x", "timezone": "UTC",
         "created_at": utcnow()} for i in range(users)])
    user_ids = list(db.session.scalars(sa.select(User.id).order_by(User.id)))
    db.session.execute(sa.insert(Habit), [
        {"user_id": uid, "name": f"Habit {h}", "name_key": f"habit {h}", "position": h,
         "created_on": start, "created_at": utcnow(), "freq_num": 1 if h % 4 else 3,
         "freq_den": 1 if h % 4 else 7}
        for uid in user_ids for h in range(habits)])
    habit_ids = list(db.session.scalars(sa.select(Habit.id).order_by(Habit.id)))
    batch = []
    for hid in habit_ids:
        p = rng.uniform(0.4, 0.9)
        for d in range(days):
            if rng.random() < p:
                day = start + timedelta(days=d)  # ticked off that day, at some hour
                batch.append({"habit_id": hid, "day": day, "state": "done",
                              "updated_at": datetime(day.year, day.month, day.day,
                                                     rng.choice((7, 8, 12, 19, 21)))})
        if len(batch) > 200_000:
            db.session.execute(sa.insert(CheckIn), batch)
            batch = []
    if batch:
        db.session.execute(sa.insert(CheckIn), batch)
    db.session.commit()


def timed_reminders(users: list[User], now: datetime, today: date, share: float) -> None:
    """A daily habit of every user reminds at this minute, `share` of them "only when I'm
    likely to miss it" with today's chance stored at 90 %: the worst minute the reminder job
    can meet."""
    from habitory.domain.rules_run import run_reminders
    from habitory.models import Prediction, Reminder

    at = now.replace(second=0, microsecond=0)
    daily = dict(db.session.execute(  # Habit 1 of each user is daily
        sa.select(Habit.user_id, Habit.id).where(Habit.position == 1)).all())
    db.session.execute(sa.insert(Reminder), [
        {"habit_id": hid, "at": at.time().replace(tzinfo=None)} for hid in daily.values()])
    risky = list(daily.items())[:round(len(daily) * share)]
    if risky:
        db.session.execute(sa.update(Habit).where(Habit.id.in_([h for _, h in risky]))
                           .values(remind_at_risk=True))
        db.session.execute(sa.insert(Prediction), [
            {"habit_id": hid, "user_id": uid, "for_day": today + timedelta(days=1),
             "probability": 0.5, "source": "model", "today_probability": 0.9,
             "computed_at": utcnow()} for uid, hid in risky])
    db.session.commit()
    started = time.perf_counter()
    created = run_reminders(at + timedelta(seconds=30))
    elapsed = time.perf_counter() - started
    verdict = "PASS" if elapsed < 5 else "MISS"
    print(f"run_reminders: {elapsed * 1000:.0f} ms for {len(daily)} reminders due in one "
          f"minute ({len(risky)} risk-aware), {created} sent  [{verdict}: target < 5 s]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--habits", type=int, default=10)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--risk-aware", type=float, default=0.5,
                        help="share of the reminders in \"only when I'm likely to miss it\"")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="habitory-bench-notif-"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
    })
    from habitory.domain.notifications import NewNotification, insert_new
    from habitory.domain.rules_run import run_rules

    now = datetime.now(UTC)
    today = now.date()
    with app.app_context():
        flask_migrate.upgrade()
        started = time.perf_counter()
        build(args.users, args.habits, args.days, today)
        checkins = db.session.scalar(sa.select(sa.func.count(CheckIn.id)))
        print(f"built {args.users} users x {args.habits} habits x {args.days} days "
              f"({checkins:,} check-ins) in {time.perf_counter() - started:.1f} s")

        users = list(db.session.scalars(sa.select(User)))
        started = time.perf_counter()
        created = run_rules(users, now)
        elapsed = time.perf_counter() - started
        verdict = "PASS" if elapsed < 30 else "MISS"
        print(f"run_rules: {elapsed:.1f} s for {len(users)} users, {created:,} notifications "
              f"created  [{verdict}: target < 30 s]")

        timed_reminders(users, now, today, args.risk_aware)

        # One user with 10,000 notifications, a tenth of them unread.
        reader = User(email="reader@example.com", timezone="UTC")
        reader.password_hash = "x"
        from werkzeug.security import generate_password_hash
        reader.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.add(reader)
        db.session.commit()
        insert_new(reader.id, [NewNotification("missed", "alerts", f"Alert {i}", "Body " * 12,
                                               f"bench:{i}") for i in range(10_000)])
        db.session.execute(sa.update(Notification).where(
            Notification.user_id == reader.id, Notification.id % 10 != 0).values(read_at=utcnow()))
        db.session.commit()

    client = app.test_client()
    client.post("/login", data={"email": "reader@example.com", "password": PASSWORD})
    for _ in range(10):
        client.get("/notifications")
    timings = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get("/notifications")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    verdict = "PASS" if p50 <= 15 else "MISS"
    print(f"GET /notifications with 10,000 stored: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"[{verdict}: target p50 <= 15 ms]")
    os.environ.pop("HABITORY_INSTANCE", None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
