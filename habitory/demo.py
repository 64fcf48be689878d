"""A demo account with realistic history, so a newcomer sees a full app in seconds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from .extensions import db
from .models import CheckIn, Habit, Tag, User, utcnow


@dataclass(frozen=True)
class DemoHabit:
    name: str
    colour: str
    icon: str
    kind: str = "yes_no"
    freq: tuple[int, int] = (1, 1)
    weekdays: int | None = None
    unit: str | None = None
    target: float | None = None
    direction: str = "at_least"
    tags: tuple[str, ...] = ()
    description: str | None = None


HABITS = (
    DemoHabit("Meditate", "violet", "🧘", tags=("mind", "morning"),
              description="Did you sit for ten minutes?"),
    DemoHabit("Run", "orange", "🏃", freq=(3, 7), tags=("health",)),
    DemoHabit("Read", "blue", "📚", tags=("mind",), description="Twenty pages or more?"),
    DemoHabit("Water", "cyan", "💧", kind="measurable", unit="glasses", target=8,
              tags=("health",)),
    DemoHabit("Coffee", "brown", "☕", kind="measurable", unit="cups", target=2,
              direction="at_most"),
    DemoHabit("No sugar", "pink", "🍬", kind="quit", tags=("health",)),
    DemoHabit("Gym", "green", "🏋️", weekdays=0b0010101, tags=("health",)),
    DemoHabit("Journal", "amber", "✍️", tags=("mind", "evening")),
)
NOTES = ("Felt great", "Short one today", "Hard to start, glad I did", "With a friend",
         "Late, but done", "On the train")


def _day_probability(habit: DemoHabit, day: date, age: int, days: int, rng: random.Random):
    weekend = day.weekday() >= 5
    base = {"Meditate": 0.85, "Run": 0.45, "Read": 0.75, "Journal": 0.6, "Gym": 0.8}.get(
        habit.name, 0.7)
    if habit.name == "Meditate" and weekend:
        base = 0.45
    if habit.name == "Read" and days * 0.45 < age < days * 0.45 + 21:
        return 0.0  # dropped for three weeks, then restarted
    drift = 0.1 * (age / max(days, 1)) - 0.05  # slowly getting better
    return min(max(base + drift, 0.05), 0.97)


def build_checkins(habit: DemoHabit, habit_id: int, start: date, days: int,
                   rng: random.Random) -> list[dict]:
    """Check-in rows with weekday effects, persistence, a break, vacations and notes."""
    rows = []
    done_yesterday = False
    vacation = {start + timedelta(days=int(days * 0.7) + i) for i in range(6)}
    for age in range(days):
        day = start + timedelta(days=age)
        if habit.weekdays and not habit.weekdays & (1 << day.weekday()):
            continue
        note = rng.choice(NOTES) if rng.random() < 0.06 else None
        if day in vacation and habit.kind != "quit":
            rows.append({"habit_id": habit_id, "day": day, "state": "skipped", "note": note})
            continue
        if habit.kind == "quit":
            if rng.random() < 0.06:
                rows.append({"habit_id": habit_id, "day": day, "state": "not_done",
                             "note": note})
            continue
        if habit.kind == "measurable":
            if rng.random() < 0.15:
                continue
            mean = habit.target + (0.5 if habit.direction == "at_least" else -0.3)
            amount = max(0.0, round(rng.gauss(mean, 2.0 if habit.target > 4 else 1.0)))
            met = amount >= habit.target if habit.direction == "at_least" else \
                amount <= habit.target
            rows.append({"habit_id": habit_id, "day": day, "state": "done" if met else
                         "not_done", "amount": amount, "note": note})
            continue
        p = _day_probability(habit, day, age, days, rng)
        p = min(0.98, p + (0.08 if done_yesterday else -0.05))  # streaks keep themselves going
        done_yesterday = rng.random() < p
        if done_yesterday:
            rows.append({"habit_id": habit_id, "day": day, "state": "done", "note": note})
    for row in rows:
        row.setdefault("amount", None)
        row.setdefault("note", None)
        row["updated_at"] = utcnow()
    return rows


def seed(user: User, today: date, days: int, seed_value: int = 7) -> tuple[int, int]:
    """Fill the user's account with `days` days of history ending on `today` (the account's
    own day: clock.user_today); returns (habits, check-ins) created."""
    rng = random.Random(seed_value)
    start = today - timedelta(days=days - 1)
    # Noon of its first day where the user lives, as the naive UTC the models store: UTC's
    # noon is the next day east of +12 h, which the rules would read as the day it arrived.
    made_at = datetime.combine(start, time(12), tzinfo=ZoneInfo(user.timezone)) \
        .astimezone(UTC).replace(tzinfo=None)
    tags: dict[str, Tag] = {}
    total = 0
    for position, spec in enumerate(HABITS, start=1):
        # Made on its first day, as if used since: the demo shows a year of live use, and the
        # rules read a habit added with an older history as imported (history, not news).
        habit = Habit(user_id=user.id, position=position, created_on=start, kind=spec.kind,
                      freq_num=spec.freq[0], freq_den=spec.freq[1], weekdays=spec.weekdays,
                      unit=spec.unit, target=spec.target, direction=spec.direction,
                      colour=spec.colour, icon=spec.icon, description=spec.description,
                      created_at=made_at)
        habit.rename(spec.name)
        for name in spec.tags:
            tags.setdefault(name, Tag(user_id=user.id, name=name, name_key=name))
        habit.tags = [tags[name] for name in spec.tags]
        db.session.add(habit)
        db.session.flush()
        rows = build_checkins(spec, habit.id, start, days, rng)
        if rows:
            db.session.execute(sa.insert(CheckIn), rows)
        total += len(rows)
    db.session.commit()
    return len(HABITS), total
