"""flask create-user: accounts from the command line (also when registration is closed)."""

from __future__ import annotations

import click

from habitory.clock import is_valid_timezone
from habitory.domain import accounts
from habitory.domain.text import TextError


@click.command("create-user")
@click.option("--email", required=True, help="The login email.")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--timezone", "tz", default="UTC", show_default=True, help="IANA zone name.")
def create_user(email: str, password: str, tz: str) -> None:
    """Create an account (works when open registration is off)."""
    email = accounts.normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise click.ClickException(f"'{email}' is not a valid email address.")
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    if password.strip().lower() == email:
        raise click.ClickException("The password must not be the email address.")
    if not is_valid_timezone(tz):
        raise click.ClickException(f"Unknown timezone '{tz}' (use a name like Europe/Paris).")
    try:
        user = accounts.create(email, password, tz)
    except (accounts.EmailTaken, TextError) as taken:
        raise click.ClickException(str(taken)) from None
    click.echo(f"Created user {user.id}: {email} ({tz}).")


COMMANDS = (create_user,)
