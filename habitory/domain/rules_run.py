"""When findings become notifications: the daily rules per user, and reminders at their minute.

Runs in the background (habitory/jobs/tasks.py; the at-risk heads-ups after each prediction
refresh, jobs/forecast.py) or from `flask run-rules`; never on a request.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from habitory.clock import local_today, now_utc
from habitory.domain import accounts, events, history, risk_reminders
from habitory.domain.notifications import NewNotification, insert_new, wanted
from habitory.extensions import db
from habitory.locale_formats import clock_later
from habitory.models import Habit, Notification, Prediction, Reminder, User
from habitory.rules.findings import AT_RISK_BELOW, Finding, RuleSettings, capped, evaluate
from habitory.stats.phrases import N_
from habitory.stats.schedule import HabitHistory
from habitory.stats.statuses import day_status

# Rules look at the recent past only: 30 + 30 days of rates, streaks up to a year are cut here
# (a streak milestone of 365 days needs the year).
log = logging.getLogger(__name__)
LOOKBACK_DAYS = 400
BATCH = 200


def _histories(habits: list[Habit], since: date) -> dict[int, dict[int, HabitHistory]]:
    """{user_id: {habit_id: HabitHistory}} for these habits, in one query per chunk."""
    entries: dict[int, dict] = {}
    # A user's only habit is read whole: the invitation to a second habit says how long it
    # has held, and a streak of years would read as LOOKBACK_DAYS + 1 ("held for 401 days").
    per_user = Counter(h.user_id for h in habits)
    lone = [h.id for h in habits if per_user[h.user_id] == 1]
    rest = [h.id for h in habits if per_user[h.user_id] > 1]
    for ids, first in ((rest, since), (lone, None)):
        for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
            entries.update(history.entries_for(ids[start:start + 900], since=first))
    result: dict[int, dict[int, HabitHistory]] = defaultdict(dict)
    for habit in habits:
        try:
            result[habit.user_id][habit.id] = history.history_of(habit,
                                                                 entries.get(habit.id, {}))
        except Exception:  # a corrupt row (an impossible schedule) is left out, alone
            log.exception("habit %s of user %s cannot be read; left out", habit.id,
                          habit.user_id)
    return result


def _todays(users: Iterable[User], now: datetime) -> dict[int, date]:
    """Each user's local day; a user whose settings cannot give one is left out, alone."""
    found = {}
    for user in users:
        try:
            found[user.id] = local_today(user.timezone, user.day_start_hour, now)
        except Exception:
            log.exception("the local day of user %s cannot be computed; left out", user.id)
    return found


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


def _arrivals(user: User, habits: Iterable[Habit], today: date) -> dict[int, date]:
    """{habit: the user's day it was added here} for habits whose history starts earlier (an
    import, a start day set in the past): the rules treat what came before as history."""
    found = {}
    for habit in habits:
        if habit.created_at is None:
            continue
        added = local_today(user.timezone, user.day_start_hour,
                            habit.created_at.replace(tzinfo=UTC))
        # A row stamped after the user's today is a clock artefact, not an arrival.
        if habit.created_on < added <= today:
            found[habit.id] = added
    return found


def _new(user_id: int, findings: list[Finding]) -> list[Finding]:
    """The findings whose key the user has not been sent yet: only these count towards a
    habit's cards per run (rules.findings.capped)."""
    keys = [f.key[:200] for f in findings]  # insert_new stores at most 200 characters
    sent: set[str] = set()
    for start in range(0, len(keys), 900):  # SQLite's bound-parameter limit
        sent.update(db.session.scalars(sa.select(Notification.dedup_key).where(
            Notification.user_id == user_id,
            Notification.dedup_key.in_(keys[start:start + 900]))))
    return [f for f in findings if f.key[:200] not in sent]


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
        todays = _todays(batch, now)
        due = [u for u in batch if u.id in todays and (force or u.rules_ran_on != todays[u.id])]
        if not due:
            continue
        earliest = min(todays[u.id] for u in due) - timedelta(days=LOOKBACK_DAYS)
        habits = list(db.session.scalars(
            sa.select(Habit).where(Habit.user_id.in_([u.id for u in due]),
                                   Habit.archived.is_(False))
        ))
        histories = _histories(habits, earliest)
        names = {h.id: h.name for h in habits}
        owned: dict[int, list[Habit]] = defaultdict(list)
        for habit in habits:
            owned[habit.user_id].append(habit)
        chances = _chances([u.id for u in due])
        for user in due:
            mine = histories.get(user.id, {})
            tomorrow = todays[user.id] + timedelta(days=1)
            at_risk = {hid: p for hid, (day, p) in chances.get(user.id, {}).items()
                       if day == tomorrow and hid in mine}
            try:
                with db.session.begin_nested():  # one user's failure is theirs alone
                    findings = evaluate(
                        mine, {hid: names[hid] for hid in mine}, todays[user.id],
                        _settings(user), at_risk=at_risk, habit_count=len(mine),
                        arrived=_arrivals(user, owned[user.id], todays[user.id]),
                    )
                    created += insert_new(user.id, [
                        NewNotification(kind=f.kind, category=f.category, title=f.title,
                                        body=f.body, dedup_key=f.key, severity=f.severity,
                                        habit_id=f.habit_id)
                        for f in capped(_new(user.id, findings)) if wanted(user, f.category)
                    ])
            except Exception:
                log.exception("rules for user %s failed; the others go on", user.id)
            user.rules_ran_on = todays[user.id]  # tried today: tomorrow tries again
        db.session.commit()
    return created


def run_at_risk(user_id: int, now: datetime | None = None) -> int:
    """The "may be hard tomorrow" heads-ups, from the predictions just stored for the user's
    tomorrow (jobs/forecast.refresh calls it); returns how many were created.

    The daily rules run once, as the user's day turns: the predictions for the new tomorrow
    are only computed after that, so the rules alone never saw them.
    """
    user = db.session.get(User, user_id)
    if user is None or not wanted(user, "suggestions"):
        return 0
    todays = _todays([user], now or now_utc())
    if user.id not in todays:
        return 0
    today = todays[user.id]
    tomorrow = today + timedelta(days=1)
    low = {hid: p for hid, (day, p) in _chances([user.id]).get(user.id, {}).items()
           if day == tomorrow and p < AT_RISK_BELOW}
    if not low:
        return 0
    habits = list(db.session.scalars(sa.select(Habit).where(
        Habit.user_id == user.id, Habit.id.in_(list(low)), Habit.archived.is_(False))))
    mine = _histories(habits, today - timedelta(days=LOOKBACK_DAYS)).get(user.id, {})
    settings = RuleSettings(missed_days=user.missed_days, enabled=frozenset({"suggestions"}))
    findings = evaluate(mine, {h.id: h.name for h in habits}, today, settings,
                        at_risk={hid: low[hid] for hid in mine},
                        arrived=_arrivals(user, habits, today))
    created = insert_new(user.id, [
        NewNotification(kind=f.kind, category=f.category, title=f.title, body=f.body,
                        dedup_key=f.key, severity=f.severity, habit_id=f.habit_id)
        for f in findings if f.kind == "at_risk"])
    db.session.commit()
    return created


def run_reminders(now: datetime | None = None, window_minutes: int = 2) -> int:
    """Create a reminder for each habit whose reminder time passed in the last
    `window_minutes`, in its owner's timezone, when the habit is due on that day and not done
    yet (`_due_day`: midnight and DST changes included).

    A habit with several reminder times in the window (a catch-up after downtime: 08:00 and
    08:05 both passed) gets one card, for the latest: two at once would be noise, and the
    latest is the one still news. Each time comes on its own when the job runs every minute."""
    now = now or now_utc()
    rows = db.session.execute(
        sa.select(Reminder, Habit, User)
        .join(Habit, Habit.id == Reminder.habit_id)
        .join(User, User.id == Habit.user_id)
        .where(Habit.archived.is_(False), User.notify_reminders.is_(True))
    ).all()
    latest: dict[int, tuple[datetime, Reminder, Habit, User, date]] = {}
    todays = _todays({user.id: user for _, _, user in rows}.values(), now)
    for reminder, habit, user in rows:
        if user.id not in todays:
            continue
        found = _due_day(user, reminder.at, now, window_minutes)
        if found is not None and (habit.id not in latest or found[1] > latest[habit.id][0]):
            latest[habit.id] = (found[1], reminder, habit, user, found[0])
    due = {hid: item[1:] for hid, item in latest.items()}
    if not due:
        return 0
    habits = [item[1] for item in due.values()]
    earliest = min(item[3] for item in due.values()) - timedelta(days=400)
    histories = _histories(habits, earliest)
    quiet = risk_reminders.likely_done({hid: i[1:] for hid, i in due.items()}, now)
    created = 0
    stored: list[tuple[int, NewNotification]] = []  # announced once committed
    for habit_id, (reminder, habit, user, today) in due.items():
        if habit.kind == "quit" or habit_id in quiet:
            continue  # kept by not doing something, or "only when I'm likely to miss it"
        if habit_id not in histories.get(user.id, {}):
            continue  # its history could not be read (see _histories)
        try:
            with db.session.begin_nested():  # one habit's failure is its own
                status = day_status(histories[user.id][habit_id], today,
                                    today=todays[user.id])
                if status in ("done", "auto", "skipped", "unscheduled"):
                    continue
                item = NewNotification(
                    kind="reminder", category="reminders", habit_id=habit.id,
                    title=N_("Time for %(name)s", name=habit.name),
                    body=N_("It is %(time)s: %(name)s is not ticked off yet today.",
                            time=clock_later(reminder.at), name=habit.name),
                    dedup_key=f"reminder:{habit.id}:{today.isoformat()}:{reminder.at:%H%M}",
                )
                if insert_new(user.id, [item]):
                    created += 1
                    stored.append((user.id, item))
        except Exception:
            log.exception("reminder for habit %s failed; the others go on", habit_id)
    db.session.commit()
    if stored:
        events.reminders_stored.send(None, reminders=[
            (user_id, {"title": item.title, "body": item.body, "url": f"/habits/{item.habit_id}"})
            for user_id, item in stored])
    return created


def _due_day(user: User, at: time, now: datetime,
             window_minutes: int) -> tuple[date, datetime] | None:
    """The user's day that a reminder at `at` (their wall clock) belongs to, and its moment,
    when that moment passed in the last `window_minutes`; else None.

    The moment is looked for on the local date and the one before, so a 23:59 reminder that
    the job reaches after midnight still comes (for the day it belongs to), and as an instant,
    so a time a DST change skips (02:30 in spring) comes when that much time has passed.
    """
    zone = ZoneInfo(user.timezone)  # readable: run_reminders left out users whose is not
    local = now.astimezone(zone).date()
    for on in (local, local - timedelta(days=1)):
        moment = datetime.combine(on, at, tzinfo=zone)
        if timedelta(0) <= now - moment < timedelta(minutes=window_minutes):
            return local_today(user.timezone, user.day_start_hour, moment), moment
    return None


def run_rules_for_everyone(now: datetime | None = None) -> int:
    """The scheduler's daily rules: every user whose local day has turned."""
    return run_rules(accounts.everyone(), now)
