"""A fresh, migrated SQLite database with one user, 20 habits and 3 years of check-ins.

Shared by the benchmarks; fixed seeds, so every run measures the same data. The data ends on
the real "today" (UTC) so that the in-process run and a gunicorn run read the same history.
"""

from __future__ import annotations

import os
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import flask_migrate
import sqlalchemy as sa

from habitory import create_app
from habitory.extensions import db
from habitory.models import CheckIn, Habit, User, utcnow

EMAIL = "bench@example.com"
PASSWORD = "benchmark password"
SECRET_KEY = "benchmark-secret-key"
DAYS = 3 * 365 + 1
SEED = 20261125

# (name, kind, freq_num, freq_den, weekdays bitmask, adherence, current streak forced, days old)
# Mostly daily habits; two weekday schedules, two "3x a week" (Loop's automatic checkmarks),
# one quit habit. Four habits have a current streak longer than the dashboard's 64-day window,
# which a three-year-old account realistically has, and which the code loads in full.
HABITS = [
    ("Meditate", "yes_no", 1, 1, None, 0.85, 180, DAYS),
    ("Read 20 pages", "yes_no", 1, 1, None, 0.75, 0, DAYS),
    ("Walk 8k steps", "yes_no", 1, 1, None, 0.70, 95, DAYS),
    ("Floss", "yes_no", 1, 1, None, 0.65, 0, DAYS),
    ("Journal", "yes_no", 1, 1, None, 0.60, 0, DAYS),
    ("Drink water", "yes_no", 1, 1, None, 0.80, 120, DAYS),
    ("Stretch", "yes_no", 1, 1, None, 0.70, 0, DAYS),
    ("Practise guitar", "yes_no", 1, 1, None, 0.65, 0, DAYS),
    ("Spanish lesson", "yes_no", 1, 1, None, 0.75, 70, DAYS),
    ("Vitamins", "yes_no", 1, 1, None, 0.80, 0, DAYS),
    ("Plan tomorrow", "yes_no", 1, 1, None, 0.60, 0, DAYS),
    ("Cold shower", "yes_no", 1, 1, None, 0.55, 0, 700),
    ("No phone in bed", "yes_no", 1, 1, None, 0.65, 0, DAYS),
    ("Cook dinner", "yes_no", 1, 1, None, 0.70, 0, 500),
    ("Tidy desk", "yes_no", 1, 1, None, 0.70, 0, 300),
    ("Gym", "yes_no", 1, 1, 0b0010101, 0.75, 0, DAYS),  # Mon, Wed, Fri
    ("Deep work block", "yes_no", 1, 1, 0b0011111, 0.70, 0, DAYS),  # weekdays
    ("Run", "yes_no", 3, 7, None, 0.70, 0, DAYS),
    ("Call family", "yes_no", 2, 7, None, 0.70, 0, DAYS),
    ("No sugar", "quit", 1, 1, None, 0.90, 0, DAYS),
]


@dataclass
class Dataset:
    folder: str  # the temporary directory holding the instance folder
    instance: str
    url: str
    user_id: int
    habit_ids: list[int]
    today: date
    checkins: int

    def config(self, **extra) -> dict:
        """create_app(test_config) for this database: CSRF and rate limits off."""
        return {
            "SECRET_KEY": SECRET_KEY,
            "INSTANCE_PATH": self.instance,
            "SQLALCHEMY_DATABASE_URI": self.url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "CHECK_MIGRATIONS": False,
            # No background scheduler thread in the measuring process: its ticks would land
            # inside random requests. bench_core.py times a tick on its own instead.
            "SCHEDULER_ENABLED": False,
            "EMBEDDED_WORKER": False,  # no queue consumer threads either
            # Nor background model training (every 20th completion queues one on a thread of
            # the process): it would compete with the measured requests. Timed on its own too.
            "ML_BACKGROUND": False,
            **extra,
        }


def _scheduled(day: date, weekdays: int | None) -> bool:
    return weekdays is None or bool(weekdays & (1 << day.weekday()))


def _history(rng: random.Random, spec: tuple, today: date) -> list[tuple[date, str]]:
    """(day, state) rows: streaks and gaps from a two-state Markov chain, some skips."""
    _, kind, num, den, weekdays, adherence, forced, age = spec
    start = today - timedelta(days=age - 1)
    days = [start + timedelta(days=i) for i in range(age)]
    if kind == "quit":  # a slip now and then, never in the last two weeks
        return [(d, "not_done") for d in days[:-14] if rng.random() < 1 - adherence]
    mean_streak = 12.0
    mean_gap = mean_streak * (1 - adherence) / adherence
    on_chance = num / den  # a "3 times a week" habit is done on ~3 days of 7 while on
    rows, on = [], rng.random() < adherence
    for i, day in enumerate(days):
        in_forced = i >= age - forced
        if not in_forced:
            on = (rng.random() >= 1 / mean_streak) if on else (rng.random() < 1 / mean_gap)
        if not _scheduled(day, weekdays):
            continue
        if day == today and rng.random() < 0.5:
            continue  # half the habits are not ticked yet today
        roll = rng.random()
        if in_forced or on and roll < 0.95 * on_chance:
            rows.append((day, "done"))
        elif on and roll < 0.95 * on_chance + 0.04:
            rows.append((day, "skipped"))
        elif not on and roll < 0.08:
            rows.append((day, "done"))
        elif roll > 0.99:
            rows.append((day, "not_done"))
    return rows


def build(folder: str | None = None, seed: int = SEED) -> Dataset:
    """Create and migrate the database, then fill it. Returns where it is and what is in it."""
    folder = folder or tempfile.mkdtemp(prefix="habitory-bench-")
    instance = os.path.join(folder, "instance")
    os.makedirs(instance, exist_ok=True)
    url = "sqlite:///" + os.path.join(instance, "habitory.sqlite3")
    today = datetime.now(UTC).date()
    rng = random.Random(seed)
    data = Dataset(folder, instance, url, 0, [], today, 0)
    app = create_app(data.config())
    with app.app_context():
        flask_migrate.upgrade()
        user = User(email=EMAIL, timezone="UTC")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        habits = []
        for position, spec in enumerate(HABITS, start=1):
            name, kind, num, den, weekdays, _, _, age = spec
            habit = Habit(user_id=user.id, position=position, kind=kind, freq_num=num,
                          freq_den=den, weekdays=weekdays,
                          created_on=today - timedelta(days=age - 1))
            habit.rename(name)
            habits.append(habit)
        db.session.add_all(habits)
        db.session.flush()
        now = utcnow()
        rows = [
            {"habit_id": habit.id, "day": day, "state": state, "updated_at": now}
            for habit, spec in zip(habits, HABITS, strict=True)
            for day, state in _history(rng, spec, today)
        ]
        db.session.execute(sa.insert(CheckIn), rows)
        db.session.commit()
        data.user_id, data.habit_ids, data.checkins = user.id, [h.id for h in habits], len(rows)
        db.session.remove()
        db.engine.dispose()
    return data


def describe(data: Dataset) -> str:
    """One line saying what the database holds."""
    engine = sa.create_engine(data.url)
    with engine.connect() as connection:
        states = dict(connection.execute(
            sa.text("SELECT state, count(*) FROM checkins GROUP BY state")).all())
    engine.dispose()
    parts = ", ".join(f"{states.get(s, 0)} {s}" for s in ("done", "skipped", "not_done"))
    return (f"1 user, {len(data.habit_ids)} habits, {data.checkins} check-ins ({parts}) "
            f"over {DAYS} days ending {data.today}")

