"""What the flask commands of several areas share."""

from __future__ import annotations

import functools

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app

from habitory import database
from habitory.account_fields import EMAIL_MAX
from habitory.domain import email_spelling
from habitory.domain.text import TextError, clean
from habitory.models import User


def not_blank(value: str, option: str = "--email",
              wanted: str = "the account's login email") -> str:
    """The value, or a usage error (exit 2) saying the option was given empty: "No account for
    ." names nothing."""
    if not value.strip():
        raise click.BadParameter(f"it is empty: give {wanted}.", param_hint=f"'{option}'")
    return value


def user_by_email(email: str) -> User:
    """The account, or a ClickException naming the email."""
    user = email_spelling.find(not_blank(email))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


def valid_email(email: str) -> str:
    """The email as stored, checked as the sign-up form checks it (an account nobody could
    have registered would be one nobody can log in to); ClickException otherwise."""
    try:
        email = clean(email_spelling.canonical(not_blank(email)))
    except TextError as problem:
        raise click.ClickException(str(problem)) from None
    try:
        valid = len(email) <= EMAIL_MAX and bool(validate_email(email,
                                                                check_deliverability=False))
    except EmailNotValidError:
        valid = False
    if not valid:
        raise click.ClickException(f"'{email}' is not a valid email address.")
    return email


class CannotStart(click.ClickException):
    """A database Habitory cannot start on, met by a command: exit status 4, as `flask run`
    and gunicorn exit for it (factory.create_app), so a script tells it from a command's own
    refusal (1) or a usage error (2)."""

    exit_code = 4


def schema_checked(command: click.Command, schema: bool = True) -> click.Command:
    """The command, saying in one sentence which command fixes a database without its tables
    or behind the code (a fresh instance, an upgrade not run yet), or that the database does
    not answer (a server down, a database not created, a wrong password), instead of a
    traceback of SQL. schema=False for the commands that make the schema (`flask db ...`):
    only the second. A group's commands are each checked."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            schema_checked(sub, schema)
        return command
    callback = command.callback
    # The commands are module-level objects shared by every app a process builds (tests build
    # hundreds): wrapped once, never a wrapper around a wrapper.
    if callback is None or getattr(callback, "checked", 0):
        return command

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except sa.exc.DBAPIError as error:
            if database.connection_failed(error):
                source = current_app.config.get("DATABASE_URL_SOURCE", "DATABASE_URL")
                raise CannotStart(str(database.unreachable(error, source))) from None
            if not schema:
                raise
            try:
                database.require_current_schema()
            except database.SchemaOutOfDate as behind:
                raise CannotStart(str(behind)) from None
            raise

    run.checked = True
    command.callback = run
    return command
