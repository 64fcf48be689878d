"""Accounts from the command line, for whoever runs the server: create one (also when
registration is closed), set a forgotten password, list them, delete one."""

from __future__ import annotations

import json

import click

from habitory.account_fields import PASSWORD_MAX
from habitory.cli_support import user_by_email, valid_email
from habitory.clock import is_valid_timezone
from habitory.domain import accounts, email_spelling, tokens
from habitory.domain.text import TextError, has_control
from habitory.models import utcnow


def _check_password(email: str, password: str) -> None:
    """The rules of the sign-up form, as a ClickException naming the one broken."""
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    if len(password) > PASSWORD_MAX:
        raise click.ClickException(f"The password must have at most {PASSWORD_MAX} characters.")
    if has_control(password):
        raise click.ClickException("The password must not contain control characters.")
    if password.strip().lower() == email:
        raise click.ClickException("The password must not be the email address.")


def _password(email: str, given: str | None, prompt: str) -> str:
    """The password given with --password (for scripts: refused as it is when it breaks a
    rule), else asked for, hidden and twice, and asked again until it keeps the rules. Asked
    only once the rest was found right: nobody types a password twice to hear the email is
    wrong."""
    if given is not None:
        _check_password(email, given)
        return given

    def checked(typed: str) -> str:
        try:
            _check_password(email, typed)
        except click.ClickException as broken:
            raise click.UsageError(broken.message) from None
        return typed

    return click.prompt(prompt, hide_input=True, confirmation_prompt=True, value_proc=checked)


PASSWORD_HELP = "At least 8 characters; asked for (twice, hidden) when left out."


@click.command("create-user")
@click.option("--email", required=True, help="The login email.")
@click.option("--password", help=PASSWORD_HELP)
@click.option("--timezone", "tz", default="UTC", show_default=True, help="IANA zone name.")
def create_user(email: str, password: str | None, tz: str) -> None:
    """Create an account (works when open registration is off)."""
    email = valid_email(email)
    if password is not None:
        _check_password(email, password)
    if not is_valid_timezone(tz):
        raise click.ClickException(f"Unknown timezone '{tz}' (use a name like Europe/Paris).")
    if email_spelling.taken(email):  # also under an older account's spelling of it
        raise click.ClickException(f"An account for {email} already exists.")
    password = _password(email, password, "Password")
    try:
        user = accounts.create(email, password, tz)
    except (accounts.EmailTaken, TextError) as taken:
        raise click.ClickException(str(taken)) from None
    click.echo(f"Created user {user.id}: {email} ({tz}).")


@click.command("set-password")
@click.option("--email", required=True, help="The account's login email.")
@click.option("--password", help=PASSWORD_HELP)
@click.option("--revoke-tokens", is_flag=True,
              help="Also delete the account's API tokens (after a break-in).")
def set_password(email: str, password: str | None, revoke_tokens: bool) -> None:
    """Set a new password for an account whose owner forgot theirs. Every login of the
    account ends (other devices too) and its failed attempts are forgotten; its API tokens
    keep working unless --revoke-tokens."""
    user = user_by_email(email)
    password = _password(user.email, password, "New password")
    accounts.reset_password(user, password)
    click.echo(f"New password set for {user.email}; every device it was logged in on is "
               "logged out.")
    if revoke_tokens:
        click.echo(f"API tokens deleted: {tokens.revoke_all(user.id)}.")
    elif kept := sum(1 for token in tokens.tokens_of(user.id)
                     if token.expires_at is None or token.expires_at > utcnow()):
        # After a break-in, a token made with the stolen login outlives the new password.
        click.echo(f"Its {kept} API token(s) still work; --revoke-tokens deletes them.")


@click.command("list-users")
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
def list_users(as_json: bool) -> None:
    """Every account: id, email, timezone, when created, active habits, the last change to any
    of its check-ins (UTC) and the latest day it has one on (its own calendar's day)."""
    # last_check_in keeps what scripts have read since the first release (the last change);
    # last_day tells an import of years of history or a note on an old day from a check-in.
    rows = [{"id": user.id, "email": user.email, "timezone": user.timezone,
             "created": user.created_at.date().isoformat(), "habits": habits,
             "last_check_in": last.isoformat(timespec="minutes") + "Z" if last else None,
             "last_day": day.isoformat() if day else None}
            for user, habits, last, day in accounts.overview()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No accounts yet: create one with 'flask --app habitory create-user'.")
        return
    click.echo("id\temail\ttimezone\tcreated\thabits\tlast check-in (UTC)\tlatest day")
    for row in rows:
        last = (row["last_check_in"] or "never").replace("T", " ").rstrip("Z")
        click.echo(f"{row['id']}\t{row['email']}\t{row['timezone']}\t{row['created']}\t"
                   f"{row['habits']}\t{last}\t{row['last_day'] or 'never'}")


@click.command("delete-user")
@click.option("--email", required=True, help="The account's login email.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete_user(email: str, yes: bool) -> None:
    """Delete an account and everything in it (habits, check-ins, notes, tokens, its model)."""
    user = user_by_email(email)
    email, user_id = user.email, user.id
    if not yes:
        click.confirm(f"Delete {email} and all of its habits and check-ins? This cannot be "
                      "undone", abort=True)
    accounts.delete(user_id)
    click.echo(f"Deleted {email}.")


COMMANDS = (create_user, set_password, list_users, delete_user)
