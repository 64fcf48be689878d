"""What reaches a user outside the pages they open: notifications and Web Push subscriptions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class Notification(db.Model):
    """An alert, suggestion, milestone or reminder shown to one user, once per dedup key."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedup_key", name="uq_notifications_user_key"),
        sa.Index("ix_notifications_user_list", "user_id", "read_at", "created_at"),
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
        {"sqlite_autoincrement": True},  # ids in /notifications/N/... never reused (0024)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    habit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("habits.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    category: Mapped[str] = mapped_column(sa.String(16))
    severity: Mapped[str] = mapped_column(sa.String(10), default="info")
    title: Mapped[str] = mapped_column(sa.String(160))
    body: Mapped[str] = mapped_column(sa.String(600))
    # {"title": ..., "body": ...} as stats.phrases Msg data, rendered in the reader's language
    # (title and body keep the English; rows from before 0011 have only those).
    message: Mapped[str | None] = mapped_column(sa.Text)
    dedup_key: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()


class PushSubscription(db.Model):
    """A browser's Web Push subscription (one per device and browser), owned by one user.

    The endpoint is the push service's URL for that browser; p256dh and auth are its keys
    (base64url), with which each message is encrypted (RFC 8291) so only that browser reads it.
    """

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(sa.String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(sa.String(120))
    auth: Mapped[str] = mapped_column(sa.String(40))
    locale: Mapped[str | None] = mapped_column(sa.String(8))  # its browser's, for reminders
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
