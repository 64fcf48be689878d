"""Reading and writing a user's notifications; a dedup key makes each one appear once.

The badge's summary is counted once per request by the caller (habitory/templating.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from habitory.extensions import db
from habitory.models import Notification, User, utcnow
from habitory.stats.phrases import Msg

PAGE_SIZE = 50
# A dismissed card leaves an empty row with its dedup key under this category: without it the
# next rules run would raise the same alert, suggestion or reminder again for its period.
DISMISSED = "dismissed"
ID_MAX = 2**31 - 1  # ids are INTEGER
CATEGORY_SETTING = {
    "alerts": "notify_alerts",
    "suggestions": "notify_suggestions",
    "milestones": "notify_milestones",
    "reminders": "notify_reminders",
}


@dataclass(frozen=True)
class NewNotification:
    kind: str
    category: str
    title: str
    body: str
    dedup_key: str
    severity: str = "info"
    habit_id: int | None = None


def message_data(title: str, body: str) -> str | None:
    """Title and body as message data (stats.phrases), so a card reads in the language of
    whoever reads it; None when neither is a translatable sentence."""
    if not isinstance(title, Msg) and not isinstance(body, Msg):
        return None
    return json.dumps({"title": title.to_data() if isinstance(title, Msg) else str(title),
                       "body": body.to_data() if isinstance(body, Msg) else str(body)},
                      ensure_ascii=False, separators=(",", ":"))


def wanted(user: User, category: str) -> bool:
    """Whether the user turned this category of notification on."""
    return bool(getattr(user, CATEGORY_SETTING.get(category, ""), True))


def insert_new(user_id: int, items: Iterable[NewNotification]) -> int:
    """Insert the ones whose dedup key is new for the user; returns how many were new.

    ON CONFLICT DO NOTHING on (user_id, dedup_key): several workers (or a cron run beside the
    in-app scheduler) evaluating the same user at once still create each notification once.
    """
    rows = [
        {
            "user_id": user_id,
            "habit_id": item.habit_id,
            "kind": item.kind,
            "category": item.category,
            "severity": item.severity,
            "title": item.title[:160],
            "body": item.body[:600],
            "message": message_data(item.title, item.body),
            "dedup_key": item.dedup_key[:200],
            "created_at": utcnow(),
        }
        for item in items
    ]
    if not rows:
        return 0
    statement = _insert().on_conflict_do_nothing(
        index_elements=["user_id", "dedup_key"]
    )
    result = db.session.execute(statement.returning(Notification.id), rows)
    return len(result.all())


def restore(user_id: int, rows: list[dict]) -> int:
    """A backup's cards, as they were (their times, read or not, their keys), into the user's
    account; one whose key the account holds already is left out. How many were new."""
    if not rows:
        return 0
    values = [{**row, "user_id": user_id} for row in rows]
    statement = _insert().on_conflict_do_nothing(index_elements=["user_id", "dedup_key"])
    return len(db.session.execute(statement.returning(Notification.id), values).all())


def _insert():
    """INSERT for this database, which has ON CONFLICT DO NOTHING on both."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(Notification)
    return sqlite.insert(Notification)


def unread_count(user_id: int) -> int:
    """Unread notifications, for the badge."""
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    ) or 0


def summary(user_id: int) -> tuple[int, int]:
    """(unread count, newest id) for the badge: one statement whose two subqueries each use an
    index, so a user with thousands of cards costs no scan."""
    unread, newest = db.session.execute(_summary_query(), {"user_id": user_id}).one()
    return unread or 0, newest or 0


@lru_cache(maxsize=1)
def _summary_query() -> sa.Select:
    mine = Notification.user_id == sa.bindparam("user_id")
    unread = (sa.select(sa.func.count(Notification.id))
              .where(mine, Notification.read_at.is_(None)).scalar_subquery())
    newest = (sa.select(Notification.id).where(mine)
              .order_by(Notification.created_at.desc(), Notification.id.desc())
              .limit(1).scalar_subquery())
    return sa.select(unread, newest)


def page_of(user_id: int, page: int) -> tuple[list[Notification], bool]:
    """One page, unread first then read, newest first within each; and whether more follow."""
    return window_of(user_id, (page - 1) * PAGE_SIZE, PAGE_SIZE)


def window_of(user_id: int, offset: int, limit: int,
              unread_only: bool = False) -> tuple[list[Notification], bool]:
    """`limit` cards after the first `offset`, in page_of's order (`unread_only`: of the
    unread ones alone); and whether more follow."""
    unread = unread_count(user_id)
    base = sa.select(Notification).where(Notification.user_id == user_id,
                                         Notification.category != DISMISSED)
    newest = (Notification.created_at.desc(), Notification.id.desc())
    items: list[Notification] = []
    if offset < unread:
        items += db.session.scalars(
            base.where(Notification.read_at.is_(None))
            .order_by(*newest)
            .offset(offset)
            .limit(limit + 1)
        )
    if len(items) <= limit and not unread_only:
        read_offset = max(0, offset - unread)
        items += db.session.scalars(
            base.where(Notification.read_at.is_not(None))
            .order_by(*newest)
            .offset(read_offset)
            .limit(limit + 1 - len(items))
        )
    return items[:limit], len(items) > limit


def has_any(user_id: int) -> bool:
    """Whether the user has a card to show (dismissed ones are none)."""
    return db.session.scalar(sa.select(sa.exists().where(
        Notification.user_id == user_id, Notification.category != DISMISSED))) or False


def owned(user_id: int, notification_id: int) -> Notification | None:
    """The user's notification with that id, or None (also for another user's)."""
    return db.session.scalar(
        sa.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id,
            Notification.category != DISMISSED,
        )
    )


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification read; returns how many."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return result.rowcount or 0


def mark_habit_read(user_id: int, habit_id: int) -> None:
    """Mark the habit's unread notifications read, in the caller's transaction: an archived
    habit's "Time for Read" must not keep the bell lit or pop up on the desktop."""
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user_id, Notification.habit_id == habit_id,
               Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def newer_unread(user_id: int, after_id: int, limit: int = 5) -> list[Notification]:
    """Unread notifications newer than the one the browser last saw (for desktop pop-ups)."""
    if after_id >= ID_MAX:  # no id is larger (and PostgreSQL refuses to compare past INTEGER)
        return []
    after_id = max(after_id, 0)
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(
                Notification.user_id == user_id,
                Notification.read_at.is_(None),
                Notification.id > after_id,
            )
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(notification: Notification) -> None:
    """Mark one notification read (again is harmless)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()


def settle_first_habit_invitation(user_id: int) -> None:
    """The invitation to add a first habit is answered once there is one: it goes, read or
    not, as a dismissed card does ("You have no habits yet" beside ten habits is wrong, not
    old news); its tombstone keeps the rules from raising it again this month."""
    first = Notification.dedup_key.startswith("welcome:-:first-habit@", autoescape=True)
    keys = db.session.scalars(sa.delete(Notification).where(
        Notification.user_id == user_id, Notification.kind != DISMISSED, first,
    ).returning(Notification.dedup_key)).all()
    if keys:
        now = utcnow()
        db.session.execute(_insert().on_conflict_do_nothing(
            index_elements=["user_id", "dedup_key"]), [_tombstone(user_id, None, key, now)
                                                       for key in keys])


def dismiss(notification: Notification) -> None:
    """Delete one notification for good, leaving an empty, read row with its dedup key in its
    place, so the rules never raise it again for the same period. Twice (a double click, two
    tabs) is harmless: statements, not the loaded row, so the second finds nothing to do."""
    tombstone = _tombstone(notification.user_id, notification.habit_id,
                           notification.dedup_key, utcnow())
    db.session.execute(sa.delete(Notification).where(Notification.id == notification.id))
    db.session.execute(_insert().on_conflict_do_nothing(index_elements=["user_id", "dedup_key"]),
                       [tombstone])
    db.session.commit()


def _tombstone(user_id: int, habit_id: int | None, dedup_key: str, now) -> dict:
    """The empty, read row a dismissed notification leaves behind, holding its dedup key."""
    return {"user_id": user_id, "habit_id": habit_id, "kind": DISMISSED, "category": DISMISSED,
            "severity": "info", "title": "", "body": "", "dedup_key": dedup_key,
            "created_at": now, "read_at": now}


def unread_of(user_id: int, limit: int = PAGE_SIZE) -> list[Notification]:
    """The newest unread notifications."""
    return list(db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))
