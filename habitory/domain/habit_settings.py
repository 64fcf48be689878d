"""A habit's settings as a whole: read with their tags and reminders (no query per habit),
changed in part (the API's PATCH), and a habit's place in its list.

The web form always sends every setting; a script sends only what it changes, so the rest
comes from the habit as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from habitory.domain.habits import HabitSettings, place
from habitory.domain.palette import DEFAULT_COLOUR
from habitory.domain.text import clean_name
from habitory.extensions import db
from habitory.models import Habit


class SettingError(ValueError):
    """Settings that do not fit together; `field` names the one to change."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _with_settings() -> sa.Select:
    return sa.select(Habit).options(selectinload(Habit.tags), selectinload(Habit.reminders))


def listed(user_id: int, archived: bool = False) -> list[Habit]:
    """The user's habits in their order, tags and reminders loaded (three queries in all)."""
    return list(db.session.scalars(
        _with_settings().where(Habit.user_id == user_id, Habit.archived.is_(archived))
        .order_by(Habit.position, Habit.id)))


def one(user_id: int, habit_id: int) -> Habit | None:
    """The user's habit with its tags and reminders, or None (also for another user's)."""
    return db.session.scalar(
        _with_settings().where(Habit.id == habit_id, Habit.user_id == user_id))


def locked(user_id: int, habit_id: int) -> Habit | None:
    """The user's habit as it is now, write-locked until the caller commits or rolls back, so
    that a check then a change (the API's If-Match) is not overtaken in between; None (and
    no lock) for another user's. A no-op UPDATE takes the lock on SQLite, which has no
    SELECT ... FOR UPDATE, and on PostgreSQL alike."""
    found = db.session.execute(
        sa.update(Habit).where(Habit.id == habit_id, Habit.user_id == user_id)
        .values(position=Habit.position).execution_options(synchronize_session=False))
    if not found.rowcount:
        db.session.rollback()
        return None
    db.session.expire_all()  # read after the lock: what the request that held it wrote
    return one(user_id, habit_id)


def current(habit: Habit) -> HabitSettings:
    """The habit's settings as they are."""
    return HabitSettings(
        name=habit.name, description=habit.description, kind=habit.kind,
        freq_num=habit.freq_num, freq_den=habit.freq_den, weekdays=habit.weekdays,
        unit=habit.unit, target=habit.target, direction=habit.direction, colour=habit.colour,
        icon=habit.icon, reminders=tuple(r.at for r in habit.reminders),
        tags=tuple(t.name for t in habit.tags))


def version(settings: HabitSettings) -> str:
    """A short fingerprint of settings as they would be saved: two forms that save the same
    habit have the same one, whatever the case of their tags or the order of their times."""
    measurable = settings.kind == "measurable"
    key = (clean_name(settings.name), (settings.description or "").strip(), settings.kind,
           settings.freq_num, settings.freq_den, settings.weekdays,
           (settings.unit or "").strip() if measurable else "",
           settings.target if measurable else None,
           settings.direction if measurable else "at_least",
           settings.colour or DEFAULT_COLOUR, (settings.icon or "").strip(),
           sorted(settings.reminders), sorted(t.casefold() for t in settings.tags),
           settings.remind_at_risk, settings.remind_below)
    return hashlib.sha256(repr(key).encode()).hexdigest()[:16]


def version_of(habit: Habit) -> str:
    """The fingerprint of the habit's settings as they are: what its edit form is drawn from,
    so that saving it can tell a change made meanwhile (another tab, the API)."""
    return version(replace(current(habit), remind_at_risk=bool(habit.remind_at_risk),
                           remind_below=habit.remind_below))


def changed(settings: HabitSettings, **changes) -> HabitSettings:
    """`settings` with the given changes, checked the way the habit form checks them."""
    settings = replace(settings, **changes)
    if settings.kind == "measurable":
        if settings.target is None:
            raise SettingError("target", _("A measurable habit needs a target, like 8."))
        if settings.direction == "at_least" and settings.target <= 0:
            raise SettingError("target", _("For “at least”, the target must be more than 0."))
    return settings


def set_position(habit: Habit, position: int) -> None:
    """Put the habit at `position` (1 = top) of its list; past the end means last."""
    place(habit, position)
    db.session.commit()
