"""When findings become notifications: the daily rules per user, and reminders at their minute.

Runs in the background (habitory/scheduler.py) or from `flask run-rules`; never on a request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ..ai.rules import RuleSettings, evaluate
from ..ai.schedule import history_from
from ..ai.stats import Entry, HabitHistory, day_status
from ..clock import local_today, now_utc
from ..extensions import db
from ..models import CheckIn, Habit, Prediction, Reminder, User
from .store import NewNotification, insert_new, wanted

# Rules look at the recent past only: 30 + 30 days of rates, streaks up to a year are cut here
# (a streak milestone of 365 days needs the year).
LOOKBACK_DAYS = 400
BATCH = 200


def _histories(habits: list[Habit], since: date) -> dict[int, dict[int, HabitHistory]]:
    """{user_id: {habit_id: HabitHistory}} for these habits, in one query per batch."""
    entries: dict[int, dict[date, Entry]] = defaultdict(dict)
    ids = [h.id for h in habits]
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        rows = db.session.execute(
            sa.select(CheckIn.habit_id, CheckIn.day, CheckIn.state, CheckIn.amount).where(
                CheckIn.habit_id.in_(chunk), CheckIn.day >= since
            )
        )
        for habit_id, day, state, amount in rows:
            entries[habit_id][day] = Entry(state, amount)
    result: dict[int, dict[int, HabitHistory]] = defaultdict(dict)
    for habit in habits:
        result[habit.user_id][habit.id] = history_from(habit, habit.created_on,
                                                       entries.get(habit.id, {}))
    return result


def _chances(user_ids: list[int]) -> dict[int, dict[int, tuple[date, float]]]:
    """Stored predictions of these users: {user: {habit: (for_day, probability)}}."""
    found: dict[int, dict[int, tuple[date, float]]] = defaultdict(dict)
    rows = db.session.execute(
        sa.select(Prediction.user_id, Prediction.habit_id, Prediction.for_day,
                  Prediction.probability).where(Prediction.user_id.in_(user_ids))
    )
    for user_id, habit_id, day, probability in rows:
        found[user_id][habit_id] = (day, probability)
    return found


def _settings(user: User) -> RuleSettings:
    categories = [c for c in ("alerts", "suggestions", "milestones") if wanted(user, c)]
    return RuleSettings(missed_days=user.missed_days, enabled=frozenset(categories))


def run_rules(users: Iterable[User], now: datetime | None = None, force: bool = False) -> int:
    """Evaluate the rules for each user whose local day has not been evaluated yet (or all of
    them with force); returns how many notifications were created."""
    now = now or now_utc()
    created = 0
    pending = [u for u in users]
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        todays = {u.id: local_today(u.timezone, u.day_start_hour, now) for u in batch}
        due = [u for u in batch if force or u.rules_ran_on != todays[u.id]]
        if not due:
            continue
        earliest = min(todays[u.id] for u in due) - timedelta(days=LOOKBACK_DAYS)
        habits = list(db.session.scalars(
            sa.select(Habit).where(Habit.user_id.in_([u.id for u in due]),
                                   Habit.archived.is_(False))
        ))
        histories = _histories(habits, earliest)
        names = {h.id: h.name for h in habits}
        chances = _chances([u.id for u in due])
        for user in due:
            mine = histories.get(user.id, {})
            tomorrow = todays[user.id] + timedelta(days=1)
            at_risk = {hid: p for hid, (day, p) in chances.get(user.id, {}).items()
                       if day == tomorrow and hid in mine}
            findings = evaluate(
                mine, {hid: names[hid] for hid in mine}, todays[user.id], _settings(user),
                at_risk=at_risk, habit_count=len(mine),
            )
            created += insert_new(user.id, [
                NewNotification(kind=f.kind, category=f.category, title=f.title, body=f.body,
                                dedup_key=f.key, severity=f.severity, habit_id=f.habit_id)
                for f in findings if wanted(user, f.category)
            ])
            user.rules_ran_on = todays[user.id]
        db.session.commit()
    return created


def run_reminders(now: datetime | None = None, window_minutes: int = 2) -> int:
    """Create a reminder for each habit whose reminder time passed in the last few minutes, in
    its owner's timezone, when the habit is due today and not done yet."""
    now = now or now_utc()
    rows = db.session.execute(
        sa.select(Reminder, Habit, User)
        .join(Habit, Habit.id == Reminder.habit_id)
        .join(User, User.id == Habit.user_id)
        .where(Habit.archived.is_(False), User.notify_reminders.is_(True))
    ).all()
    due: dict[int, list[tuple[Reminder, Habit, User, date]]] = defaultdict(list)
    for reminder, habit, user in rows:
        local = _local_now(user, now)
        today = local_today(user.timezone, user.day_start_hour, now)
        at = datetime.combine(local.date(), reminder.at)
        if timedelta(0) <= local.replace(tzinfo=None) - at < timedelta(minutes=window_minutes):
            due[habit.id].append((reminder, habit, user, today))
    if not due:
        return 0
    habits = [items[0][1] for items in due.values()]
    earliest = min(items[0][3] for items in due.values()) - timedelta(days=400)
    histories = _histories(habits, earliest)
    created = 0
    for habit_id, items in due.items():
        reminder, habit, user, today = items[0]
        if habit.kind == "quit":
            continue  # nothing to do for a habit kept by not doing something
        status = day_status(histories[user.id][habit_id], today, today=today)
        if status in ("done", "auto", "skipped", "unscheduled"):
            continue
        created += insert_new(user.id, [NewNotification(
            kind="reminder", category="reminders", habit_id=habit.id,
            title=f"Time for {habit.name}",
            body=f"It is {reminder.at:%H:%M}: {habit.name} is not ticked off yet today.",
            dedup_key=f"reminder:{habit.id}:{today.isoformat()}:{reminder.at:%H%M}",
        )])
    db.session.commit()
    return created


def _local_now(user: User, now: datetime) -> datetime:
    from zoneinfo import ZoneInfo

    try:
        return now.astimezone(ZoneInfo(user.timezone))
    except (KeyError, ValueError):
        return now
