"""flask import-data and export-data: the Settings → Your data page, from a shell."""

from __future__ import annotations

import click
from flask import current_app

from habitory.cli_support import user_by_email
from habitory.clock import user_today
from habitory.domain import history
from habitory.portability import BadImportFile, Limits, read_import
from habitory.portability import store as portability_store
from habitory.settings.data import export_stream, summary_sentence


@click.command("import-data")
@click.option("--email", required=True, help="The account to import into.")
@click.option("--on-conflict", type=click.Choice(["merge", "skip", "rename"]),
              default="merge", show_default=True,
              help="What to do with habits whose name the account already has.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_data_command(email: str, on_conflict: str, file: str) -> None:
    """Import a Habitory backup or a Loop Habit Tracker export (.db or .zip)."""
    user = user_by_email(email)
    limits = Limits.from_config(current_app.config, today=user_today(user))
    try:
        bundle = read_import(file, limits)
        summary = portability_store.apply(user.id, bundle, on_conflict)
    except BadImportFile as problem:
        raise click.ClickException(problem.message) from None
    click.echo(f"{summary_sentence(summary)} ({bundle.checkin_count:,} check-ins in "
               f"{len(bundle.habits)} habits read from {file})")


@click.command("export-data")
@click.option("--email", required=True, help="The account to export.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "loop"]), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write.")
def export_data_command(email: str, fmt: str, output: str) -> None:
    """Export an account: Habitory backup (json), check-ins (csv) or Loop's zip (loop)."""
    user = user_by_email(email)
    habits = len(user.habits)
    checkins = history.checkin_total(user.id)
    with open(output, "wb") as out:
        for chunk in export_stream(user.id, fmt, user_today(user)):
            out.write(chunk.encode() if isinstance(chunk, str) else chunk)
    click.echo(f"Exported {habits} habits and {checkins:,} check-ins to {output}.")


COMMANDS = (import_data_command, export_data_command)
