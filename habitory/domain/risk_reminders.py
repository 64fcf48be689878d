"""Risk-aware reminders: which habits in "only when I'm likely to miss it" mode to leave quiet.

The chance comes from the stored predictions (jobs/forecast.refresh keeps today's chance
beside tomorrow's), so the reminder job needs no model. When no chance for today is stored
(a new account, no refresh yet today, a habit not due tomorrow) the reminder is sent: a
reminder too many costs less than a missed day the user asked to be reminded of.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit, Prediction


def likely_done(habits: Mapping[int, tuple[Habit, date]]) -> set[int]:
    """Ids of the risk-aware habits among {habit id: (habit, owner's today)} whose chance of
    being done today is at or above their threshold (one query)."""
    wanted = {hid: pair for hid, pair in habits.items() if pair[0].remind_at_risk}
    if not wanted:
        return set()
    rows = db.session.execute(
        sa.select(Prediction.habit_id, Prediction.for_day, Prediction.today_probability)
        .where(Prediction.habit_id.in_(list(wanted)))
    )
    quiet = set()
    for habit_id, for_day, chance in rows:
        habit, today = wanted[habit_id]
        if chance is None or for_day != today + timedelta(days=1):
            continue  # not computed for today: remind
        if chance * 100 >= habit.remind_below:
            quiet.add(habit_id)
    return quiet
