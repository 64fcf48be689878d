"""Per-account login throttling, counted in the database so every worker sees the same count."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import LoginFailure, utcnow


def _window_start():
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])


def is_locked(email: str) -> bool:
    """True when the account had too many failed logins within the window."""
    count = db.session.scalar(
        sa.select(sa.func.count(LoginFailure.id)).where(
            LoginFailure.email == email, LoginFailure.at >= _window_start()
        )
    )
    return (count or 0) >= current_app.config["LOGIN_FAILURES_PER_ACCOUNT"]


def record_failure(email: str) -> None:
    """Count one failed attempt, and forget attempts older than the window."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < _window_start()))
    db.session.add(LoginFailure(email=email))
    db.session.commit()


def clear(email: str) -> None:
    """A successful login starts the count again."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == email))
    db.session.commit()
