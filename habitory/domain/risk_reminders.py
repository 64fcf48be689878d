"""Risk-aware reminders: which habits in "only when I'm likely to miss it" mode to leave quiet.

The chance comes from the stored predictions (jobs/forecast.refresh keeps today's chance
beside tomorrow's), so the reminder job needs no model. When no chance for today is stored
(a new account, no refresh yet today, a habit not due tomorrow) the reminder is sent: a
reminder too many costs less than a missed day the user asked to be reminded of.

The stored chance is for the whole day; at the reminder's time the habit is not ticked off
yet, and a habit usually ticked off by then has used up most of its chance
(domain.logging_hours.own_shares, stats.open_day): a morning habit's noon reminder is sent,
an evening habit's afternoon reminder is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from habitory.domain import logging_hours
from habitory.extensions import db
from habitory.models import REMIND_BELOW as DEFAULT_BELOW  # the form's and the API's default
from habitory.models import Habit, Prediction, User
from habitory.stats.open_day import still_to_come

__all__ = ["DEFAULT_BELOW", "likely_done"]


def likely_done(habits: Mapping[int, tuple[Habit, User, date]],
                now: datetime | None = None) -> set[int]:
    """Ids of the risk-aware habits among {habit id: (habit, owner, owner's today)} that, not
    ticked off by `now`, are still likely done today: their chance of it is at or above their
    threshold (two queries at most)."""
    wanted = {hid: item for hid, item in habits.items() if item[0].remind_at_risk}
    if not wanted:
        return set()
    rows = db.session.execute(
        sa.select(Prediction.habit_id, Prediction.for_day, Prediction.today_probability,
                  Prediction.probability)
        .where(Prediction.habit_id.in_(list(wanted)))
    )
    chances = {}
    for habit_id, for_day, chance, computed_for_its_day in rows:
        habit, _, today = wanted[habit_id]
        if for_day == today:  # the day turned before the refresh: "tomorrow" is today
            chance = computed_for_its_day
        elif for_day != today + timedelta(days=1):
            continue  # not computed for today: remind
        if chance is None:
            continue
        if chance * 100 >= habit.remind_below:
            chances[habit_id] = chance
    if not chances:
        return set()
    shares = logging_hours.own_shares({hid: wanted[hid][1] for hid in chances}, now)
    return {hid for hid, chance in chances.items()
            if still_to_come(chance, shares[hid]) * 100 >= wanted[hid][0].remind_below}
