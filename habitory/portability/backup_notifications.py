"""The notifications in a Habitory backup: written with the habits, restored with them into an
account that has none yet (a move to another server), as its settings are.

Each is {"kind", "category", "severity", "title", "body", "message" (the card's sentences as
message data, so it reads in any language; or null), "habit" (its habit's name, or null),
"dedup_key" (what keeps the rules from raising it again), "created_at", "read_at" ("...Z" or
null)}. A dismissed card's empty row is kept too: it holds its key, so a restore does not
bring the alert back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa

from habitory.domain import notifications
from habitory.stats.phrases import N_, NP_, Msg

from ..extensions import db
from ..models import Habit, Notification, name_key
from .formats import BadImportFile

MAX_NOTIFICATIONS = 50_000  # a decade of daily cards for 10 habits, with room
_TEXT = {"kind": 20, "category": 16, "severity": 10, "title": 160, "body": 600,
         "dedup_key": 200}


def of(user_id: int) -> list[dict]:
    """The user's notifications, oldest first, as the backup writes them."""
    rows = db.session.execute(
        sa.select(Notification, Habit.name).outerjoin(Habit, Habit.id == Notification.habit_id)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at, Notification.id))
    return [{"kind": n.kind, "category": n.category, "severity": n.severity, "title": n.title,
             "body": n.body, "message": _message(n.message), "habit": habit,
             "dedup_key": n.dedup_key, "created_at": _moment(n.created_at),
             "read_at": _moment(n.read_at)} for n, habit in rows]


def _message(stored: str | None):
    try:
        return json.loads(stored) if stored else None
    except ValueError:
        return None


def _moment(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def read(raw) -> list[dict]:
    """The backup's notifications, checked; a backup without them has none. A card whose
    message data does not read back keeps its English title and body."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadImportFile(N_("The backup is damaged: its notifications are not a list."))
    if len(raw) > MAX_NOTIFICATIONS:
        raise BadImportFile(N_("The backup holds %(count)s notifications; Habitory imports at "
                               "most %(most)s.", count=len(raw), most=MAX_NOTIFICATIONS))
    return [_card(item, number) for number, item in enumerate(raw, start=1)]


def _card(item, number: int) -> dict:
    def bad():
        return BadImportFile(N_("The backup is damaged: notification number %(number)s is not "
                                "one Habitory wrote.", number=number))

    if not isinstance(item, dict):
        raise bad()
    card = {}
    for key, most in _TEXT.items():
        value = item.get(key, "" if key in ("title", "body") else None)
        if not isinstance(value, str) or len(value) > most or (key == "dedup_key" and not value):
            raise bad()
        card[key] = value
    habit = item.get("habit")
    if habit is not None and not isinstance(habit, str):
        raise bad()
    card["habit"] = habit
    try:
        card["created_at"] = _read_moment(item.get("created_at"))
        card["read_at"] = (None if item.get("read_at") is None
                           else _read_moment(item["read_at"]))
    except (TypeError, ValueError):
        raise bad() from None
    card["message"] = _checked_message(item.get("message"))
    return card


def _read_moment(text) -> datetime:
    moment = datetime.fromisoformat(text)  # TypeError for what is no string
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _checked_message(data) -> str | None:
    """The message data as stored, only if both its sentences read back: a card is shown on
    every visit, so what cannot be read is dropped here, not met on the page."""
    if not isinstance(data, dict):
        return None
    try:
        for part in (data["title"], data["body"]):
            said = Msg.from_data(part)
            str(said)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    except Exception:  # anything a hand-edited file can hold: the English title and body stay
        return None
    return text if len(text) <= 20_000 else None


def preview_lines(user_id: int, cards: list[dict], restored: bool) -> list[str]:
    """What the import does with the backup's notifications, for the preview."""
    if not cards:
        return []
    if restored:
        return [NP_("Its %(num)s notification will be restored too.",
                    "Its %(num)s notifications will be restored too.", len(cards))]
    return [NP_("Its %(num)s notification is not restored: this account already has habits, "
                "and its own notifications stay as they are.",
                "Its %(num)s notifications are not restored: this account already has habits, "
                "and its own notifications stay as they are.", len(cards))]


def restore(user_id: int, cards: list[dict]) -> int:
    """Write the cards for the account's habits by name (in the caller's transaction, after
    the habits); a card whose key the account already holds is left out. How many were new."""
    if not cards:
        return 0
    ids = dict(db.session.execute(sa.select(Habit.name_key, Habit.id)
                                  .where(Habit.user_id == user_id)).all())
    rows = [{**{k: v for k, v in card.items() if k != "habit"},
             "habit_id": ids.get(name_key(card["habit"])) if card["habit"] else None}
            for card in cards]
    return notifications.restore(user_id, rows)
