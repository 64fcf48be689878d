"""When a user usually logs their check-ins: how much of what today brings is already in.

ml.model.still_done asks how likely an open check-in is still to come. Without any times, a
check-in is taken as likely at any hour, so that share is the part of the day gone. Someone
who ticks everything off at 8 in the morning has, by 10, logged nearly all a day brings;
someone who logs at bedtime has logged almost nothing by 10. So each habit gets the share of
its recent same-day check-ins that were in by this time of day, shrunk toward the user's
share, which is shrunk toward the clock (pseudo-counts). Times are when a check-in became done
(its last change for rows from before that was kept): imports and backfills (done on a later
day) say nothing of the hour and are left out, and so is today (its later check-ins are not in
yet).

A day recorded whole is the exception: when the user has no same-day ticks to learn from and
their latest write was one batch that covered many days and today with them (an import, a
script loading a record kept elsewhere), today came in as a record like the days before it,
so what it does not hold is read as not done, not as still to come (share 1). One tick made
live since, or any same-day tick in the window, and the hours are read as above.

Risk-aware reminders ask the same of a habit at its reminder time (own_shares): one usually
ticked off by now and not ticked yet is likely missed today, so its reminder is sent. There the
share is shrunk toward none, not toward the clock: without a sign of when a habit's tick comes,
the whole-day chance the user set the threshold against stands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import sqlalchemy as sa

from habitory import clock
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Reminder, User
from habitory.stats.open_day import PRIOR, WINDOW_DAYS, Ticks, own_share

BATCH = timedelta(seconds=60)  # writes this close to the latest one are one batch
BATCH_DAYS = 7  # a batch covering this many days is a record, not a forgotten yesterday
ROWS = 3000  # at most this many recent check-ins are read (a few per habit and day)
NO_TICKS = Ticks(np.zeros(0, dtype=np.int64), np.zeros(0))
TICKED_AT = sa.func.coalesce(CheckIn.done_at, CheckIn.updated_at)  # see models.CheckIn.done_at

__all__ = ["PRIOR", "ROWS", "WINDOW_DAYS", "own_shares", "reminder_hours", "shares"]


def shares(user: User, now: datetime | None = None) -> tuple[float, dict[int, float]]:
    """The share of a day's check-ins usually in by now: the user's, and each habit's that has
    timed check-ins ({habit id: share}; other habits take the user's)."""
    now = now or clock.now_utc()
    today, seconds = clock.day_position(user.timezone, user.day_start_hour, now)
    gone = min(seconds / 86400.0, 1.0)  # the clock's share: the part of the day gone
    params = {"user_id": user.id, "since": today - timedelta(days=WINDOW_DAYS),
              "today": today, "rows": ROWS}
    ticks = _ticks(db.session.execute(_times_query(), params), lambda _: user)
    counts = {h: (len(t.days), int(np.count_nonzero(t.seconds <= seconds)))
              for h, t in ticks.items()}
    total = sum(n for n, _ in counts.values())
    if total == 0 and _recorded_whole(params):
        return 1.0, {}
    early = sum(k for _, k in counts.values())
    user_share = (early + PRIOR * gone) / (total + PRIOR)
    return user_share, {h: (k + PRIOR * user_share) / (n + PRIOR) for h, (n, k) in counts.items()}


def _recorded_whole(params: dict) -> bool:
    """Did the user's latest write come as one batch covering BATCH_DAYS days or more of the
    window, today's check-ins among them or before them? (Two queries, run only for users
    with no same-day ticks.)"""
    latest, today_in = db.session.execute(
        sa.select(sa.func.max(CheckIn.updated_at),
                  sa.func.max(sa.case((CheckIn.day == params["today"], 1), else_=0)))
        .join(Habit, Habit.id == CheckIn.habit_id)
        .where(Habit.user_id == params["user_id"], CheckIn.day >= params["since"])
    ).one()
    if latest is None or not today_in:
        return False
    days = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(CheckIn.day)))
        .join(Habit, Habit.id == CheckIn.habit_id)
        .where(Habit.user_id == params["user_id"], CheckIn.day >= params["since"],
               CheckIn.updated_at >= latest - BATCH))
    return days >= BATCH_DAYS


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
    ticks = _ticks(_done_since(list(habits), since), habits.__getitem__)
    return {hid: own_share(ticks.get(hid, NO_TICKS), today.toordinal(), seconds)
            for hid, (today, seconds) in positions.items()}


def reminder_hours(user: User, days: int) -> dict[int, tuple[tuple[float, ...], Ticks]]:
    """For the reminders backtest of the last `days` days (`flask evaluate`): each of the
    user's habits that has reminder times and is not a quit habit (those get no reminders),
    with its times as seconds into the user's day and its same-day ticks since WINDOW_DAYS
    before the backtest's first day (two queries)."""
    times: dict[int, list[float]] = {}
    for habit_id, at in db.session.execute(
        sa.select(Reminder.habit_id, Reminder.at).join(Habit, Habit.id == Reminder.habit_id)
        .where(Habit.user_id == user.id, Habit.kind != "quit")
    ):
        wall = at.hour * 3600 + at.minute * 60 + at.second
        times.setdefault(habit_id, []).append((wall - user.day_start_hour * 3600) % 86400)
    if not times:
        return {}
    since = clock.user_today(user) - timedelta(days=days + WINDOW_DAYS)
    ticks = _ticks(_done_since(list(times), since), lambda _: user)
    return {h: (tuple(sorted(at)), ticks.get(h, NO_TICKS)) for h, at in times.items()}


def _done_since(habit_ids: list[int], since: date) -> Iterable:
    """(habit id, day, when ticked) of these habits' done check-ins from `since` on."""
    return db.session.execute(
        sa.select(CheckIn.habit_id, CheckIn.day, TICKED_AT)
        .where(CheckIn.habit_id.in_(habit_ids), CheckIn.state == "done", CheckIn.day >= since)
    )


def _ticks(rows: Iterable, owner: Callable[[int], User]) -> dict[int, Ticks]:
    """{habit id: Ticks} of rows (habit id, day, when ticked), read in the day of the habit's
    owner; check-ins ticked on another day than their own say nothing of the hour (imports,
    backfills) and are left out."""
    seen: dict[int, tuple[list[int], list[float]]] = {}
    for habit_id, day, changed in rows:
        user = owner(habit_id)
        logged_on, at = clock.day_position(user.timezone, user.day_start_hour, changed)
        if logged_on == day:
            days, seconds = seen.setdefault(habit_id, ([], []))
            days.append(day.toordinal())
            seconds.append(at)
    out = {}
    for habit_id, (days, seconds) in seen.items():
        order = np.argsort(days, kind="stable")
        out[habit_id] = Ticks(np.asarray(days)[order], np.asarray(seconds, dtype=float)[order])
    return out


@lru_cache(maxsize=1)
def _times_query() -> sa.Select:
    return (
        sa.select(CheckIn.habit_id, CheckIn.day, TICKED_AT)
        .join(Habit, Habit.id == CheckIn.habit_id)
        .where(Habit.user_id == sa.bindparam("user_id"), CheckIn.state == "done",
               CheckIn.day >= sa.bindparam("since"), CheckIn.day < sa.bindparam("today"))
        .order_by(CheckIn.day.desc()).limit(sa.bindparam("rows"))
    )
