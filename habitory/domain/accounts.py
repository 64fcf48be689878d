"""Accounts: find, create and delete a user with everything that hangs on them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from habitory.domain import predictions
from habitory.extensions import db
from habitory.models import Lease, LoginFailure, User


class EmailTaken(ValueError):
    """An account with this email exists (perhaps created a moment ago by another request)."""


def normalise_email(value: str | None) -> str:
    """Emails are compared and stored trimmed and lower-cased."""
    return (value or "").strip().lower()


def by_email(email: str) -> User | None:
    """The account with this email (any case, surrounding spaces ignored), or None."""
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create(email: str, password: str, timezone: str = "UTC") -> User:
    """A new account; EmailTaken when the email is in use, also when two requests race."""
    user = User(email=normalise_email(email), timezone=timezone)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(f"An account for {user.email} already exists.") from error
    return user


def delete(user_id: int) -> None:
    """Remove the user and everything that hangs on them, in one transaction, then the model."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.email == user.email))
    db.session.execute(sa.delete(Lease).where(Lease.name.like(f"%:user:{user_id}")))
    db.session.delete(user)  # habits, check-ins, tags, reminders, notifications cascade
    db.session.commit()
    # The database's ON DELETE CASCADE removed those rows behind the session's back
    # (passive_deletes), so the session still maps their ids; SQLite hands the same ids to the
    # next rows, and a later flush in this session (seed-demo --replace) would collide with them.
    # The commit expired everything already: forget it all.
    db.session.expunge_all()
    predictions.forget(user_id)
