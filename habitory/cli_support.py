"""What the flask commands of several areas share."""

from __future__ import annotations

import click

from habitory.domain import accounts
from habitory.models import User


def user_by_email(email: str) -> User:
    """The account, or a ClickException naming the email."""
    user = accounts.by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user
