"""flask run-rules: reminders and the daily rules now, for cron."""

from __future__ import annotations

import click
from click.core import ParameterSource

from habitory.domain import accounts, rules_run


@click.command("run-rules")
@click.option("--user", "user_id", type=int, default=None,
              help="Only this user's daily rules (by id), even if they ran today; no "
                   "reminders.")
@click.option("--catch-up", "catch_up", type=click.IntRange(2, 60), default=2,
              show_default=True,
              help="Send reminders whose time passed in this many minutes; run from cron every "
                   "N minutes, pass N + 1 (each reminder is sent once however often it runs; "
                   "not with --user).")
@click.pass_context
def run_rules_command(ctx: click.Context, user_id: int | None, catch_up: int) -> None:
    """Evaluate due reminders and the daily rules now (for cron; safe to run often)."""
    if user_id is not None and ctx.get_parameter_source("catch_up") not in (
            ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        raise click.UsageError("--catch-up is for reminders, which --user does not send: "
                               "give one or the other.")
    if user_id is not None:
        user = accounts.get(user_id)
        if user is None:
            raise click.ClickException(f"No user with id {user_id}.")
        created = rules_run.run_rules([user], force=True)
        click.echo(f"Created {counted(created, 'notification')} for user {user_id}.")
        return
    reminders = rules_run.run_reminders(window_minutes=catch_up)
    created = rules_run.run_rules_for_everyone()
    click.echo(f"Created {counted(created, 'notification')} and "
               f"{counted(reminders, 'reminder')}.")


def counted(n: int, noun: str) -> str:
    """"1 notification", "3 notifications": the number first, for scripts that read it."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


COMMANDS = (run_rules_command,)
