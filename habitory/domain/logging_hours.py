"""When a user usually logs their check-ins: how much of what today brings is already in.

ml.model.still_done asks how likely an open check-in is still to come. Without any times, a
check-in is taken as likely at any hour, so that share is the part of the day gone. Someone
who ticks everything off at 8 in the morning has, by 10, logged nearly all a day brings;
someone who logs at bedtime has logged almost nothing by 10. So each habit gets the share of
its recent same-day check-ins that were in by this time of day, shrunk toward the user's
share, which is shrunk toward the clock (pseudo-counts). Times are the check-ins' last change:
imports and backfills (changed on a later day) say nothing of the hour and are left out, and
so is today (its later check-ins are not in yet).

Risk-aware reminders ask the same of a habit at its reminder time (own_shares): one usually
ticked off by now and not ticked yet is likely missed today, so its reminder is sent. There the
share is shrunk toward none, not toward the clock: without a sign of when a habit's tick comes,
the whole-day chance the user set the threshold against stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa

from habitory import clock
from habitory.extensions import db
from habitory.models import CheckIn, Habit, User

WINDOW_DAYS = 90  # habits' hours drift with seasons and jobs: the last three months speak
PRIOR = 10.0  # pseudo check-ins toward the user's share (a habit's) or the clock (the user's)
ROWS = 3000  # at most this many recent check-ins are read (a few per habit and day)


def shares(user: User, now: datetime | None = None) -> tuple[float, dict[int, float]]:
    """The share of a day's check-ins usually in by now: the user's, and each habit's that has
    timed check-ins ({habit id: share}; other habits take the user's)."""
    now = now or clock.now_utc()
    today, seconds = clock.day_position(user.timezone, user.day_start_hour, now)
    gone = min(seconds / 86400.0, 1.0)  # the clock's share (clock.day_elapsed)
    params = {"user_id": user.id, "since": today - timedelta(days=WINDOW_DAYS),
              "today": today, "rows": ROWS}
    counts = _counts(db.session.execute(_times_query(), params), user, seconds)
    total = sum(n for n, _ in counts.values())
    early = sum(k for _, k in counts.values())
    user_share = (early + PRIOR * gone) / (total + PRIOR)
    return user_share, {h: (k + PRIOR * user_share) / (n + PRIOR) for h, (n, k) in counts.items()}


def own_shares(habits: Mapping[int, User], now: datetime | None = None) -> dict[int, float]:
    """For reminders: each habit's share of its own recent same-day check-ins in by now, shrunk
    toward none ({habit id: owner} in, one query). A habit with no timed check-ins gets 0: with
    no sign of when its tick usually comes, its whole-day chance stands."""
    now = now or clock.now_utc()
    positions = {hid: clock.day_position(u.timezone, u.day_start_hour, now)
                 for hid, u in habits.items()}
    if not positions:
        return {}
    since = min(today for today, _ in positions.values()) - timedelta(days=WINDOW_DAYS)
    rows = db.session.execute(
        sa.select(CheckIn.habit_id, CheckIn.day, CheckIn.updated_at)
        .where(CheckIn.habit_id.in_(list(habits)), CheckIn.state == "done",
               CheckIn.day >= since)
    ).all()
    by_habit: dict[int, list] = {}
    for row in rows:
        by_habit.setdefault(row[0], []).append(row)
    shares = {}
    for habit_id, user in habits.items():
        today, seconds = positions[habit_id]
        recent = [r for r in by_habit.get(habit_id, ())
                  if today - timedelta(days=WINDOW_DAYS) <= r[1] < today]
        n, k = _counts(recent, user, seconds).get(habit_id, (0, 0))
        shares[habit_id] = k / (n + PRIOR)
    return shares


def _counts(rows, user: User, seconds: float) -> dict[int, tuple[int, int]]:
    """{habit id: (same-day check-ins, of them in by `seconds` into the day)} of the rows
    (habit id, day, last change); check-ins changed on another day than their own are left
    out (imports, backfills)."""
    counts: dict[int, list[int]] = {}
    for habit_id, day, changed in rows:
        logged_on, at = clock.day_position(user.timezone, user.day_start_hour, changed)
        if logged_on != day:
            continue
        seen = counts.setdefault(habit_id, [0, 0])
        seen[0] += 1
        seen[1] += at <= seconds
    return {h: (n, k) for h, (n, k) in counts.items()}


@lru_cache(maxsize=1)
def _times_query() -> sa.Select:
    return (
        sa.select(CheckIn.habit_id, CheckIn.day, CheckIn.updated_at)
        .join(Habit, Habit.id == CheckIn.habit_id)
        .where(Habit.user_id == sa.bindparam("user_id"), CheckIn.state == "done",
               CheckIn.day >= sa.bindparam("since"), CheckIn.day < sa.bindparam("today"))
        .order_by(CheckIn.day.desc()).limit(sa.bindparam("rows"))
    )
