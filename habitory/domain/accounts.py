"""Accounts: find, create and delete a user with everything that hangs on them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from habitory.domain import predictions
from habitory.domain.text import clean, has_control
from habitory.extensions import db
from habitory.models import Lease, LoginFailure, User


class EmailTaken(ValueError):
    """An account with this email exists (perhaps created a moment ago by another request)."""


def normalise_email(value: str | None) -> str:
    """Emails are compared and stored trimmed and lower-cased."""
    return (value or "").strip().lower()


def by_email(email: str) -> User | None:
    """The account with this email (any case, surrounding spaces ignored), or None: also for
    text no account can have (control characters, longer than the column)."""
    email = normalise_email(email)
    if not email or len(email) > 254 or has_control(email):
        return None
    return db.session.scalar(sa.select(User).where(User.email == email))


def create(email: str, password: str, timezone: str = "UTC") -> User:
    """A new account; EmailTaken when the email is in use, also when two requests race;
    domain.text.TextError for an email with control characters."""
    user = User(email=clean(normalise_email(email)), timezone=timezone)
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
    predictions.forget(user_id)
