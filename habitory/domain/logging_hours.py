"""When a user usually logs their check-ins: how much of what today brings is already in.

ml.model.still_done asks how likely an open check-in is still to come. Without any times, a
check-in is taken as likely at any hour, so that share is the part of the day gone. Someone
who ticks everything off at 8 in the morning has, by 10, logged nearly all a day brings;
someone who logs at bedtime has logged almost nothing by 10. So each habit gets the share of
its recent same-day check-ins that were in by this time of day, shrunk toward the user's
share, which is shrunk toward the clock (pseudo-counts). Times are the check-ins' last change:
imports and backfills (changed on a later day) say nothing of the hour and are left out, and
so is today (its later check-ins are not in yet).
"""

from __future__ import annotations

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
    counts: dict[int, list[int]] = {}  # habit id: [check-ins, of them in by this hour]
    params = {"user_id": user.id, "since": today - timedelta(days=WINDOW_DAYS),
              "today": today, "rows": ROWS}
    for habit_id, day, changed in db.session.execute(_times_query(), params):
        logged_on, at = clock.day_position(user.timezone, user.day_start_hour, changed)
        if logged_on != day:
            continue
        seen = counts.setdefault(habit_id, [0, 0])
        seen[0] += 1
        seen[1] += at <= seconds
    total = sum(n for n, _ in counts.values())
    early = sum(k for _, k in counts.values())
    user_share = (early + PRIOR * gone) / (total + PRIOR)
    return user_share, {h: (k + PRIOR * user_share) / (n + PRIOR) for h, (n, k) in counts.items()}


@lru_cache(maxsize=1)
def _times_query() -> sa.Select:
    return (
        sa.select(CheckIn.habit_id, CheckIn.day, CheckIn.updated_at)
        .join(Habit, Habit.id == CheckIn.habit_id)
        .where(Habit.user_id == sa.bindparam("user_id"), CheckIn.state == "done",
               CheckIn.day >= sa.bindparam("since"), CheckIn.day < sa.bindparam("today"))
        .order_by(CheckIn.day.desc()).limit(sa.bindparam("rows"))
    )
