"""The account's own settings in a Habitory backup: timezone, day start, language, week start
and which notifications to create.

A backup holds them so that moving to another server brings the whole account back. A restore
writes them only into an account that has no habits yet (a new one, the usual case when moving):
an account already in use keeps its own, since a merge of a friend's or an old file must not
change its timezone or language behind its back. The preview says which will happen. A value
this server cannot take (a timezone its tzdata lacks, a language it has no catalogue of) is left
out with a warning; a value of the wrong JSON type is a damaged backup.
"""

from __future__ import annotations

import sqlalchemy as sa

from habitory.clock import is_valid_timezone
from habitory.i18n import LANGUAGES
from habitory.locale_formats import WEEK_STARTS
from habitory.stats.phrases import N_

from ..extensions import db
from ..models import Habit, User
from .formats import BadImportFile

NOTIFY = ("notify_alerts", "notify_suggestions", "notify_milestones", "notify_reminders")
# Each setting: its JSON type, and whether a value of that type is one this server takes.
CHECKS = {
    "timezone": (str, is_valid_timezone),
    "day_start_hour": (int, lambda hour: 0 <= hour <= 11),
    "language": ((str, type(None)), lambda code: code is None or code in LANGUAGES),
    "week_start": ((str, type(None)), lambda day: day is None or day in WEEK_STARTS),
    **{key: (bool, lambda _on: True) for key in NOTIFY},
    "missed_days": (int, lambda days: 1 <= days <= 7),
}


def of(user: User) -> dict:
    """The user's settings, as the backup writes them."""
    return {key: getattr(user, key) for key in CHECKS}


def read(data, warnings: list[str]) -> dict | None:
    """The settings of a backup's "settings" object (None for a backup without one)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise BadImportFile(N_("The backup is damaged: %(where)s is not an object.",
                               where="the account settings"))
    found = {}
    for key, (kind, fits) in CHECKS.items():
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise BadImportFile(N_("The backup is damaged: “%(key)s” of %(where)s has the "
                                   "wrong type.", key=key, where="the account settings"))
        if fits(value):
            found[key] = value
        else:
            warnings.append(N_("The backup's account setting “%(key)s” (“%(value)s”) is not "
                               "one this Habitory has, so it is left as it is.",
                               key=key, value=str(value)[:40]))
    return found


def _has_habits(user_id: int) -> bool:
    return db.session.scalar(
        sa.select(Habit.id).where(Habit.user_id == user_id).limit(1)) is not None


def preview_lines(user_id: int, settings: dict | None) -> list[str]:
    """What the import will do with the backup's settings, for the preview."""
    if not settings:
        return []
    if _has_habits(user_id):
        return [N_("This account already has habits, so its own settings stay as they are; "
                   "the backup's (timezone, day start, language, notifications) are not "
                   "restored.")]
    return [N_("This account has no habits yet, so the backup's settings will be restored too: "
               "timezone, day start, language, week start and notifications.")]


def restore(user_id: int, settings: dict | None) -> bool:
    """Write the settings into an account without habits (in the caller's transaction);
    whether they were written."""
    if not settings or _has_habits(user_id):
        return False
    user = db.session.get(User, user_id)
    for key, value in settings.items():
        setattr(user, key, value)
    return True
