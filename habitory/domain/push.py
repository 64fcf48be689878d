"""The browsers that receive a user's reminders as Web Push notifications.

An endpoint belongs to one browser profile: when another account subscribes the same browser
(a shared tablet, after a logout), the subscription moves to that account, so a device never
receives two people's reminders.
"""

from __future__ import annotations

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import PushSubscription, User

PER_USER_MAX = 20  # phones, tablets, browsers: more is a script, not a person


ENDPOINT_MAX = 1000  # the column's length: no subscription has a longer endpoint


def subscribe(user_id: int, endpoint: str, p256dh: str, auth: str,
              locale: str | None = None) -> PushSubscription:
    """Store (or take over, or refresh the keys of) the subscription of this endpoint, with the
    language its browser asked for (the words of the reminders pushed to it)."""
    found = db.session.scalar(
        sa.select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    )
    if found is None:
        found = PushSubscription(endpoint=endpoint)
        db.session.add(found)
    found.user_id, found.p256dh, found.auth, found.locale = user_id, p256dh, auth, locale
    db.session.flush()
    _keep_newest(user_id)
    db.session.commit()
    return found


def _keep_newest(user_id: int) -> None:
    stale = db.session.scalars(
        sa.select(PushSubscription.id).where(PushSubscription.user_id == user_id)
        .order_by(PushSubscription.id.desc()).offset(PER_USER_MAX)
    ).all()
    if stale:
        db.session.execute(sa.delete(PushSubscription).where(PushSubscription.id.in_(stale)))


def unsubscribe(user_id: int, endpoint: str) -> bool:
    """Forget this endpoint if it is the user's own; whether one was deleted."""
    result = db.session.execute(
        sa.delete(PushSubscription).where(
            PushSubscription.user_id == user_id, PushSubscription.endpoint == endpoint
        )
    )
    db.session.commit()
    return bool(result.rowcount)


def of_users(user_ids: list[int]) -> dict[int, list[tuple[PushSubscription, str | None]]]:
    """Each of these users' subscriptions, oldest first, with the language its reminders are
    in: the user's choice in Settings, else the one its browser asked for. One query."""
    found: dict[int, list] = {user_id: [] for user_id in user_ids}
    if user_ids:
        for subscription, chosen in db.session.execute(
            sa.select(PushSubscription, User.language)
            .join(User, User.id == PushSubscription.user_id)
            .where(PushSubscription.user_id.in_(set(user_ids)))
            .order_by(PushSubscription.id)
        ):
            found[subscription.user_id].append((subscription, chosen or subscription.locale))
    return found


def count_of(user_id: int) -> int:
    """How many browsers the user subscribed."""
    return db.session.scalar(
        sa.select(sa.func.count(PushSubscription.id))
        .where(PushSubscription.user_id == user_id)
    ) or 0


def forget(subscription_ids: list[int]) -> None:
    """Delete subscriptions no push will ever reach: gone, says their push service (404, 410),
    or with keys no push can be encrypted for."""
    if subscription_ids:
        db.session.execute(
            sa.delete(PushSubscription).where(PushSubscription.id.in_(subscription_ids))
        )
        db.session.commit()
