"""Accounts: find, create and delete a user with everything that hangs on them."""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from habitory.domain import predictions, workspace
from habitory.domain.text import clean, has_control
from habitory.extensions import db
from habitory.models import CheckIn, Habit, LoginFailure, User


class EmailTaken(ValueError):
    """An account with this email exists (perhaps created a moment ago by another request)."""


def normalise_email(value: str | None) -> str:
    """Emails are compared and stored trimmed, lower-cased and in Unicode's NFC form."""
    return unicodedata.normalize("NFC", (value or "").strip().lower())


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
    """Remove the user and everything that hangs on them, in one transaction, then the model
    and the imports they uploaded but did not confirm."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    _forget_failures(user)
    db.session.delete(user)  # habits, check-ins, tags, reminders, notifications cascade
    db.session.commit()
    # The database's ON DELETE CASCADE removed those rows behind the session's back
    # (passive_deletes), so the session still maps their ids; SQLite hands the same ids to the
    # next rows, and a later flush in this session (seed-demo --replace) would collide with them.
    # The commit expired everything already: forget it all.
    db.session.expunge_all()
    predictions.forget(user_id)
    workspace.forget_uploads(user_id)


def settings_key(user: User) -> str:
    """The counter of wrong passwords typed in Settings (domain.throttle), apart from the
    login's: a stranger's wrong logins never lock the owner out of their own settings."""
    return f"settings:{user.id}"


def _forget_failures(user: User) -> None:
    # Both counters: a deleted account's id may be given to the next one (SQLite), which must
    # not start locked out of its settings.
    db.session.execute(sa.delete(LoginFailure).where(
        LoginFailure.email.in_((user.email, settings_key(user)))))


def email_taken(email: str, user: User | None = None) -> bool:
    """Whether another account (not `user`) uses this email."""
    query = sa.select(User.id).where(User.email == normalise_email(email))
    if user is not None:
        query = query.where(User.id != user.id)
    return db.session.scalar(query) is not None


def change_password(user: User, password: str) -> None:
    """A new password; every login of the account ends (the caller logs this device back in)."""
    user.set_password(password)
    user.end_sessions()
    db.session.commit()


def reset_password(user: User, password: str) -> None:
    """A new password set by whoever runs the server (`flask set-password`): every login of
    the account ends, and its failed attempts are forgotten, so the owner can log in at once
    even from an address that was locked out."""
    user.set_password(password)
    user.end_sessions()
    _forget_failures(user)
    db.session.commit()


def overview() -> list[tuple[User, int, object, object]]:
    """Every account with its number of active habits, the last time any of its check-ins
    changed and the latest day it has a check-in on (both None before the first), oldest
    account first, in one query."""
    habits = (sa.select(sa.func.count(Habit.id))
              .where(Habit.user_id == User.id, Habit.archived.is_(False))
              .correlate(User).scalar_subquery())

    def latest(column):
        return (sa.select(sa.func.max(column))
                .join(Habit, Habit.id == CheckIn.habit_id)
                .where(Habit.user_id == User.id).correlate(User).scalar_subquery())

    return [tuple(row) for row in db.session.execute(
        sa.select(User, habits, latest(CheckIn.updated_at), latest(CheckIn.day))
        .order_by(User.id))]


def change_email(user: User, email: str) -> None:
    """A new login email; EmailTaken when another account has it, also when two requests race.
    Every login of the account ends, as at a password change (the caller logs this device back
    in): a device left signed in elsewhere must not keep an account whose way in changed."""
    user.email = normalise_email(email)
    user.end_sessions()
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(f"An account for {email} already exists.") from error


def get(user_id: int) -> User | None:
    """The account with this id, or None (also for an id no INTEGER column can hold)."""
    if not 0 < user_id < 2**31:
        return None
    return db.session.get(User, user_id)


def everyone() -> list[User]:
    """Every account (the CLI's --all, the scheduler's daily rules)."""
    return list(db.session.scalars(sa.select(User).order_by(User.id)))


def end_sessions(user: User) -> None:
    """Void every session and remember-me cookie issued to the account so far."""
    user.end_sessions()
    db.session.commit()


def save_preferences(user: User, timezone: str, day_start_hour: int) -> None:
    """The user's timezone and the hour their day starts. Another day may now be today: the
    stored chances name the day they were computed for, so they are refreshed."""
    if (user.timezone, user.day_start_hour) != (timezone, day_start_hour):
        predictions.mark_stale(user.id)
    user.timezone = timezone
    user.day_start_hour = day_start_hour
    db.session.commit()


def save_locale(user: User, language: str | None, week_start: str | None) -> None:
    """The user's language and first day of the week (None: the browser's, the language's)."""
    if (week_start or None) != user.week_start:
        predictions.mark_stale(user.id)  # "N times a week" periods follow the week's start
    user.language = language or None
    user.week_start = week_start or None
    db.session.commit()


def save_notification_settings(user: User, wanted: dict[str, bool], missed_days: int) -> None:
    """Which notification categories to create (User.notify_* columns), and the missed-days
    threshold of the alerts."""
    for column, on in wanted.items():
        if not column.startswith("notify_"):
            raise ValueError(f"{column} is not a notification setting")
        setattr(user, column, bool(on))
    user.missed_days = missed_days
    db.session.commit()
