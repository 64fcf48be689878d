"""flask commands for administrators."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask

from .auth.forms import normalise_email
from .clock import is_valid_timezone
from .extensions import db
from .models import User


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

    @app.cli.command("create-user")
    @click.option("--email", required=True, help="The login email.")
    @click.option("--password", required=True, help="At least 8 characters.")
    @click.option("--timezone", "tz", default="UTC", show_default=True, help="IANA zone name.")
    def create_user(email: str, password: str, tz: str) -> None:
        """Create an account (works when open registration is off)."""
        email = normalise_email(email)
        if "@" not in email or len(email) > 254:
            raise click.ClickException(f"'{email}' is not a valid email address.")
        if len(password) < 8:
            raise click.ClickException("The password must have at least 8 characters.")
        if password.strip().lower() == email:
            raise click.ClickException("The password must not be the email address.")
        if not is_valid_timezone(tz):
            raise click.ClickException(f"Unknown timezone '{tz}' (use a name like Europe/Paris).")
        if db.session.scalar(sa.select(User.id).where(User.email == email)):
            raise click.ClickException(f"An account for {email} already exists.")
        user = User(email=email, timezone=tz)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Created user {user.id}: {email} ({tz}).")
