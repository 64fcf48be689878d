"""The demo account's notifications: the cards the daily rules would have sent it.

The rules only look at "today" and never send a card twice, so right after `flask seed-demo`
a run finds almost nothing new and Notifications looks empty. Here the same rules
(rules.findings.evaluate, as domain.rules_run calls them) are replayed for each of the last
weeks' days on the history as it stood that day, and their cards are stored as sent that
morning, the older ones already read: the account looks lived in at once, and a later
`run-rules` keeps adding to the same set (the dedup keys are the real ones).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from .domain import history
from .domain.habit_queries import habits_of
from .domain.notifications import NewNotification, insert_new
from .extensions import db
from .models import Notification, User, utcnow
from .rules.findings import RuleSettings, evaluate
from .stats.schedule import HabitHistory

REPLAY_DAYS = 21
UNREAD_DAYS = 3  # cards of the last days stay unread, the rest were read that day
SENT_AT = time(8, 0)  # the scheduler's cards arrive in the morning, local time


def _as_of(found: HabitHistory, day: date) -> HabitHistory:
    """The history as it stood on `day`: no check-in from after it."""
    entries = {d: e for d, e in found.entries.items() if d <= day}
    return HabitHistory(found.created, entries, found.schedule, found.kind, found.target,
                        found.direction)


def _sent_at(user: User, day: date) -> datetime:
    """The morning of `day` in the user's timezone, as the naive UTC the models store."""
    local = datetime.combine(day, SENT_AT, tzinfo=ZoneInfo(user.timezone))
    return local.astimezone(UTC).replace(tzinfo=None)


def seed_notifications(user: User, today: date, days: int = REPLAY_DAYS) -> int:
    """Store the cards the rules would have sent over the last `days` days; returns how many."""
    habits = habits_of(user.id)
    histories = history.histories(habits)
    names = {h.id: h.name for h in habits}
    settings = RuleSettings(missed_days=user.missed_days)
    created = 0
    for back in reversed(range(days)):
        day = today - timedelta(days=back)
        inserted = utcnow()
        as_of = {hid: _as_of(h, day) for hid, h in histories.items()}
        findings = evaluate(as_of, names, day, settings, habit_count=len(as_of))
        new = insert_new(user.id, [
            NewNotification(kind=f.kind, category=f.category, title=f.title, body=f.body,
                            dedup_key=f.key, severity=f.severity, habit_id=f.habit_id)
            for f in findings])
        if not new:
            continue
        created += new
        sent = min(_sent_at(user, day), inserted)  # never in the future
        read = sent + timedelta(hours=2) if back >= UNREAD_DAYS else None
        db.session.execute(  # the cards just inserted: the only ones this recent
            sa.update(Notification)
            .where(Notification.user_id == user.id, Notification.created_at >= inserted)
            .values(created_at=sent, read_at=read))
    user.rules_ran_on = today  # today's rules have run: the scheduler adds tomorrow's
    db.session.commit()
    return created
