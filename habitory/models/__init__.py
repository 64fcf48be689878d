"""Typed SQLAlchemy models, one module per subject, all importable from here.

Importing this package imports every module, so each table is on `db.metadata` (the
migrations and their tests compare against it) and relationships named by string resolve.
"""

from .accounts import ApiToken, LoginFailure, User
from .base import name_key, utcnow
from .habits import (
    CHECKIN_STATES,
    DESCRIPTION_MAX,
    HABIT_KINDS,
    NAME_MAX,
    NOTE_MAX,
    REMIND_BELOW,
    TAG_MAX,
    CheckIn,
    Habit,
    Reminder,
    Tag,
    habit_tags,
)
from .notifications import Notification, PushSubscription
from .predictions import Prediction, StoredModel

__all__ = [
    "CHECKIN_STATES",
    "DESCRIPTION_MAX",
    "HABIT_KINDS",
    "NAME_MAX",
    "NOTE_MAX",
    "REMIND_BELOW",
    "TAG_MAX",
    "ApiToken",
    "CheckIn",
    "Habit",
    "LoginFailure",
    "Notification",
    "Prediction",
    "PushSubscription",
    "Reminder",
    "StoredModel",
    "Tag",
    "User",
    "habit_tags",
    "name_key",
    "utcnow",
]
