"""Accounts: users, their failed logins and their API tokens."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import utcnow

if TYPE_CHECKING:
    # For the annotations only, and from the package: habits.py imports User from here.
    from . import Habit


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # A deleted account's id is never another's (per-user files are named by it; 0024).
    __table_args__ = {"sqlite_autoincrement": True}

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


class LoginFailure(db.Model):
    """One failed login for an account from an address (see domain.throttle), kept in the
    database so every worker sees the count."""

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_email_at", "email", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    address: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(db.Model):
    """A personal token for the JSON API: only its SHA-256 is kept, the token is shown once."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
        # A rendering of the settings form makes one token, whichever browser sends it again.
        sa.Index("uq_api_tokens_user_form_once", "user_id", "form_once", unique=True),
        {"sqlite_autoincrement": True},  # a revoked token's id is never reused (0024)
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
