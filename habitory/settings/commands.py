"""flask import-data and export-data: the Settings → Your data page, from a shell."""

from __future__ import annotations

import contextlib
import os

import click
from flask import current_app

from habitory.cli_support import not_blank, user_by_email
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
    except OSError as error:  # click checked the path, not that its bytes can be read
        raise click.ClickException(f"Cannot read {file}: {_reason(error)}.") from None
    click.echo(f"{summary_sentence(summary)} ({bundle.checkin_count:,} check-ins in "
               f"{len(bundle.habits)} habits read from {file})")


@click.command("export-data")
@click.option("--email", required=True, help="The account to export.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "loop", "loop_db"]),
              required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write.")
def export_data_command(email: str, fmt: str, output: str) -> None:
    """Export an account: Habitory backup (json), check-ins (csv), Loop's zip (loop) or the
    backup the Loop app imports (loop_db)."""
    user = user_by_email(email)
    not_blank(output, "--output", "a file to write")
    habits = len(user.habits)
    checkins = history.checkin_total(user.id)
    _write(output, export_stream(user.id, fmt, user_today(user)))
    click.echo(f"Exported {habits} habits and {checkins:,} check-ins to {output}.")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _write(output: str, chunks) -> None:
    """The export in `output`; a folder missing, a file not writable or a disk full is an
    Error line, and a file left half-written is removed (it would pass for a whole export)."""
    try:
        out = open(output, "wb")  # noqa: SIM115 (closed below, after its own errors)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {_reason(error)}.") from None
    try:
        with out:
            for chunk in chunks:
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
    except OSError as error:
        if os.path.isfile(output):  # not /dev/full or a pipe
            with contextlib.suppress(OSError):
                os.unlink(output)
        raise click.ClickException(f"Cannot write {output}: {_reason(error)}.") from None


COMMANDS = (import_data_command, export_data_command)
