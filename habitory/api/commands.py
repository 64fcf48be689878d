"""flask create-token: a personal API token for an account, from a shell."""

from __future__ import annotations

import click

from habitory.cli_support import user_by_email
from habitory.domain import tokens
from habitory.domain.tokens import TokenError


@click.command("create-token")
@click.option("--email", required=True, help="The account the token acts for.")
@click.option("--name", required=True, help="What the token is for, e.g. 'Home Assistant'.")
@click.option("--read-only", is_flag=True, help="A token that can read but not change.")
@click.option("--expires-in-days", type=click.IntRange(1, tokens.EXPIRY_MAX_DAYS),
              default=None, help="It stops working after this many days (default: never).")
def create_token_command(email: str, name: str, read_only: bool,
                         expires_in_days: int | None) -> None:
    """Create an API token and print it alone on stdout (it is not shown again)."""
    user = user_by_email(email)
    try:
        _token, secret = tokens.create(user.id, name, "read" if read_only else "read-write",
                                       expires_in_days)
    except TokenError as error:
        raise click.ClickException(error.message) from None
    click.echo(secret)


COMMANDS = (create_token_command,)
