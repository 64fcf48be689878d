"""Typed SQLAlchemy models: users, habits, check-ins and login failures."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db

HABIT_KINDS = ("yes_no", "measurable", "quit")
CHECKIN_STATES = ("done", "skipped", "not_done")
NAME_MAX = 80
NOTE_MAX = 500
TAG_MAX = 30
DESCRIPTION_MAX = 300
REMIND_BELOW = 60  # percent: a new habit's risk-aware reminder threshold


def utcnow() -> datetime:
    """Aware UTC now; stored as naive UTC so SQLite and PostgreSQL agree."""
    return datetime.now(UTC).replace(tzinfo=None)


def name_key(name: str) -> str:
    """The case-insensitive identity of a habit name."""
    return name.strip().casefold()


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    day_start_hour: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Which kinds of notification the user wants, and how many missed days make an alert.
    notify_alerts: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    notify_suggestions: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    notify_milestones: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    notify_reminders: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    missed_days: Mapped[int] = mapped_column(default=2, server_default="2")
    # i18n (issue 15): None follows the browser's Accept-Language / the locale's first weekday.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    week_start: Mapped[str | None] = mapped_column(sa.String(8))
    # The user's local day on which the daily rules last ran (at most once a day).
    rules_ran_on: Mapped[date | None] = mapped_column(sa.Date)
    # The prediction model: when it was last trained, and completions logged since then
    # (training runs again after 20, or after 7 days with new days to learn from).
    model_trained_at: Mapped[datetime | None] = mapped_column()
    completions_since_training: Mapped[int] = mapped_column(default=0, server_default="0")
    predictions_stale: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # Part of the id in the session and remember-me cookies: a new one (on a password change,
    # a logout, or for a new account that gets a deleted account's id) makes every older
    # cookie void.
    session_token: Mapped[str] = mapped_column(
        sa.String(64), default=lambda: secrets.token_hex(16), server_default=""
    )

    habits: Mapped[list[Habit]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def set_password(self, password: str) -> None:
        """Hash with Werkzeug's current default (scrypt); tests may pick a faster method."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session and the remember-me cookie keep: the id and the session token."""
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Void every session and remember-me cookie issued so far, on every device (a caller
        that keeps the current device in logs it in again)."""
        self.session_token = secrets.token_hex(16)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class Habit(db.Model):
    __tablename__ = "habits"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "name_key", name="uq_habits_user_name"),
        sa.Index("ix_habits_user_position", "user_id", "archived", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    description: Mapped[str | None] = mapped_column(sa.String(DESCRIPTION_MAX))
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The owner's local day it was archived (migration 0016): its page judges no day after it.
    archived_on: Mapped[date | None] = mapped_column(sa.Date)
    # The uuid Loop Habit Tracker knows the habit by, when it came from Loop (migration 0018):
    # a .db export gives it back, so Loop updates that habit instead of adding it again.
    loop_uuid: Mapped[str | None] = mapped_column(sa.String(64))
    colour: Mapped[str | None] = mapped_column(sa.String(20))
    icon: Mapped[str | None] = mapped_column(sa.String(16))
    # Room for schedules and measurable habits (Loop's model), so they need no data migration.
    kind: Mapped[str] = mapped_column(sa.String(16), default="yes_no", server_default="yes_no")
    freq_num: Mapped[int] = mapped_column(default=1, server_default="1")
    freq_den: Mapped[int] = mapped_column(default=1, server_default="1")
    weekdays: Mapped[int | None] = mapped_column()  # bit 0 = Monday ... bit 6 = Sunday
    unit: Mapped[str | None] = mapped_column(sa.String(24))
    target: Mapped[float | None] = mapped_column()
    direction: Mapped[str] = mapped_column(
        sa.String(10), default="at_least", server_default="at_least"
    )
    created_on: Mapped[date] = mapped_column(sa.Date)  # the owner's local date
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Risk-aware reminders (migration 0012): remind only when today's chance is below
    # remind_below percent.
    remind_at_risk: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    remind_below: Mapped[int] = mapped_column(default=REMIND_BELOW,
                                              server_default=str(REMIND_BELOW))

    user: Mapped[User] = relationship(back_populates="habits")
    tags: Mapped[list[Tag]] = relationship(
        secondary="habit_tags", back_populates="habits", order_by="Tag.name_key"
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        back_populates="habit", cascade="all, delete-orphan", passive_deletes=True
    )
    reminders: Mapped[list[Reminder]] = relationship(
        back_populates="habit", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Reminder.at",
    )

    @property
    def weekday_set(self) -> frozenset[int] | None:
        """The weekdays (0 = Monday) of a weekday schedule, else None."""
        if not self.weekdays:
            return None
        return frozenset(i for i in range(7) if self.weekdays & (1 << i))

    def rename(self, name: str) -> None:
        """Set the display name and its case-insensitive key together."""
        self.name = name.strip()
        self.name_key = name_key(name)

    def __repr__(self) -> str:
        return f"<Habit {self.id} {self.name!r}>"


habit_tags = sa.Table(
    "habit_tags",
    db.metadata,
    sa.Column("habit_id", sa.ForeignKey("habits.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_habit_tags_tag", "tag_id"),
)


class Tag(db.Model):
    """A user's label for grouping habits ("health", "morning")."""

    __tablename__ = "tags"
    __table_args__ = (sa.UniqueConstraint("user_id", "name_key", name="uq_tags_user_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(TAG_MAX))
    name_key: Mapped[str] = mapped_column(sa.String(TAG_MAX))

    habits: Mapped[list[Habit]] = relationship(secondary="habit_tags", back_populates="tags")


class CheckIn(db.Model):
    __tablename__ = "checkins"
    __table_args__ = (
        sa.UniqueConstraint("habit_id", "day", name="uq_checkins_habit_day"),
        sa.CheckConstraint(
            "state IN ('done', 'skipped', 'not_done')", name="ck_checkins_state"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    habit_id: Mapped[int] = mapped_column(sa.ForeignKey("habits.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(10))
    amount: Mapped[float | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(sa.String(NOTE_MAX))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the day became done, kept through later edits of its note or amount (the hour the
    # habit was ticked off, for domain/logging_hours.py); NULL for rows from before 0014.
    done_at: Mapped[datetime | None] = mapped_column()

    habit: Mapped[Habit] = relationship(back_populates="checkins")


class LoginFailure(db.Model):
    """One failed login for an account from an address (see domain.throttle), kept in the
    database so every worker sees the count."""

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_email_at", "email", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    address: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Reminder(db.Model):
    """A time of day (the owner's local time) at which to remind them of a habit."""

    __tablename__ = "reminders"
    __table_args__ = (sa.UniqueConstraint("habit_id", "at", name="uq_reminders_habit_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    habit_id: Mapped[int] = mapped_column(sa.ForeignKey("habits.id", ondelete="CASCADE"))
    at: Mapped[time] = mapped_column(sa.Time)

    habit: Mapped[Habit] = relationship(back_populates="reminders")


class Notification(db.Model):
    """An alert, suggestion, milestone or reminder shown to one user, once per dedup key."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedup_key", name="uq_notifications_user_key"),
        sa.Index("ix_notifications_user_list", "user_id", "read_at", "created_at"),
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
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


class Prediction(db.Model):
    """The chance that a habit is done on the user's next day, computed in the background."""

    __tablename__ = "predictions"

    habit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("habits.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    for_day: Mapped[date] = mapped_column(sa.Date)
    probability: Mapped[float] = mapped_column()
    source: Mapped[str] = mapped_column(sa.String(40))
    reasons: Mapped[str] = mapped_column(sa.String(400), default="")  # one reason per line
    at_risk: Mapped[bool] = mapped_column(default=False)
    # The chance for the day before for_day, for risk-aware reminders (migration 0012).
    today_probability: Mapped[float | None] = mapped_column()
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(db.Model):
    """A personal token for the JSON API: only its SHA-256 is kept, the token is shown once."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
        # A rendering of the settings form makes one token, whichever browser sends it again.
        sa.Index("uq_api_tokens_user_form_once", "user_id", "form_once", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    scope: Mapped[str] = mapped_column(sa.String(10))  # "read" or "read-write"
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    hint: Mapped[str] = mapped_column(sa.String(12))  # its first characters, to tell tokens apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()  # None: never
    # SHA-256 of the settings form's one-time value that made it; None: made otherwise.
    form_once: Mapped[str | None] = mapped_column(sa.String(64))


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


class StoredModel(db.Model):
    """A user's signed, trained model (HABITORY_MODEL_STORE=database): every node reads it."""

    __tablename__ = "user_models"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)  # the same bytes as a model file
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
