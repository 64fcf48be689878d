"""flask strength and seed-demo: a habit's numbers, and a demo account to look around."""

from __future__ import annotations

import secrets

import click

from habitory.cli_support import user_by_email, valid_email
from habitory.clock import is_valid_timezone, user_today
from habitory.demo import HABITS, seed
from habitory.demo_notifications import seed_notifications
from habitory.domain import accounts, habits, history
from habitory.domain.days import EARLIEST_DAY
from habitory.stats.strength import strength_series


@click.command("strength")
@click.option("--email", required=True, help="The habit owner's email.")
@click.option("--habit", "habit_ref", required=True, help="The habit's name or id.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day.")
def strength_command(email: str, habit_ref: str, start, end) -> None:
    """Print a habit's daily strength as CSV (date,score), to compare with Loop's Scores.csv."""
    user = user_by_email(email)
    numbered = habit_ref.isdigit() and int(habit_ref) < 2**31
    habit = habits.owned(user.id, int(habit_ref)) if numbered else None
    habit = habit or habits.by_name(user.id, habit_ref)
    if habit is None:
        raise click.ClickException(f"{email} has no habit called or numbered '{habit_ref}'.")
    full = history.histories([habit])[habit.id]
    first = min([habit.created_on, *full.entries.keys()])
    today = user_today(user)
    start_day = start.date() if start else min(first, today)
    end_day = end.date() if end else today
    # Strength after today only decays: --to 9999-12-31 was millions of rows of nothing.
    for flag, day in (("--from", start_day), ("--to", end_day)):
        if day > today:
            raise click.ClickException(f"{flag} must be {today.isoformat()} (the account's "
                                       "today) or earlier.")
    if end_day < start_day:
        raise click.ClickException("--to is before --from.")
    if start_day < EARLIEST_DAY:  # the days every door refuses (domain/days.py)
        raise click.ClickException(f"--from must be {EARLIEST_DAY.isoformat()} or later.")
    click.echo("date,score")
    for day, score in strength_series(full, start_day, end_day):
        click.echo(f"{day.isoformat()},{score:.4f}")


@click.command("seed-demo")
@click.option("--email", default="demo@example.com", show_default=True,
              help="The demo account's login email.")
@click.option("--days", default=365, show_default=True, type=click.IntRange(7, 3650),
              help="How many days of history to make up, ending today.")
@click.option("--password", default=None, help="Default: a random one, printed.")
@click.option("--timezone", "tz", default="UTC", show_default=True,
              help="The account's IANA timezone, e.g. Europe/Berlin.")
@click.option("--replace", is_flag=True, help="Delete an existing account with this email.")
@click.option("--yes", is_flag=True,
              help="With --replace: delete it without asking even if it is no demo account.")
def seed_demo(email: str, days: int, password: str | None, tz: str, replace: bool,
              yes: bool) -> None:
    """Create a demo account with 8 habits and realistic history."""
    email = valid_email(email)
    if not is_valid_timezone(tz):
        raise click.ClickException(f"Unknown timezone '{tz}'.")
    existing = accounts.by_email(email)
    if existing is not None:
        if not replace:
            raise click.ClickException(
                f"An account for {email} already exists; add --replace to start it afresh."
            )
        own = _not_the_demos(existing.id)
        if own and not yes:
            # A real account's email typed in by mistake (the README's own line, copied): it
            # is deleted only when the host says so, as delete-user asks.
            shown = ", ".join(f"“{name}”" for name in own[:3]) + (", …" if len(own) > 3 else "")
            if not click.confirm(f"{email} is no demo account: it has habits the demo does not "
                                 f"make ({shown}). Delete it and all of its habits and "
                                 "check-ins?", default=False, err=True):
                raise click.ClickException(
                    f"Nothing was changed. {email} is kept; to delete it anyway, add --yes.")
        accounts.delete(existing.id)
    password = password or secrets.token_urlsafe(9)
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    try:
        user = accounts.create(email, password, tz)
    except accounts.EmailTaken as problem:
        raise click.ClickException(str(problem)) from None
    today = user_today(user)  # the account's own day, for its history and its cards alike
    made, checkins = seed(user, today, days)
    cards = seed_notifications(user, today)
    click.echo(f"Demo account ready: {made} habits, {checkins:,} check-ins over {days:,} days "
               f"(to {today.isoformat()}), {cards} notification{'' if cards == 1 else 's'}.")
    click.echo(f"Log in with  email: {email}  password: {password}")


def _not_the_demos(user_id: int) -> list[str]:
    """The names of the account's habits (archived too) that seed-demo does not make."""
    demo = {h.name.casefold() for h in HABITS}
    held = [*habits.habits_of(user_id), *habits.habits_of(user_id, archived=True)]
    return [h.name for h in held if h.name.casefold() not in demo]


COMMANDS = (strength_command, seed_demo)
