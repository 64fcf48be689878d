"""flask import-data and export-data: the Settings → Your data page, from a shell."""

from __future__ import annotations

import contextlib
import os

import click
from flask import current_app

from habitory.cli_support import not_blank, user_by_email
from habitory.clock import user_today
from habitory.domain import history, private_files
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
    click.echo(f"{summary_sentence(summary)} ({_count(bundle.checkin_count, 'check-in')} in "
               f"{_count(len(bundle.habits), 'habit')} read from {file})")


@click.command("export-data")
@click.option("--email", required=True, help="The account to export.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "loop", "loop_db"]),
              required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write.")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
def export_data_command(email: str, fmt: str, output: str, force: bool) -> None:
    """Export an account: Habitory backup (json), check-ins (csv), Loop's zip (loop) or the
    backup the Loop app imports (loop_db)."""
    user = user_by_email(email)
    not_blank(output, "--output", "a file to write")
    # A device or a pipe (/dev/stdout) is written as it is: nothing there can be replaced.
    to_file = not os.path.exists(output) or os.path.isfile(output)
    if to_file and os.path.lexists(output) and not force:
        raise click.ClickException(f"{output} exists: pass --force to replace it.")
    habits = len(user.habits)
    checkins = history.checkin_total(user.id)
    chunks = export_stream(user.id, fmt, user_today(user))
    if to_file:
        _write_file(output, chunks)
    else:
        _write(output, chunks)
    click.echo(f"Exported {_count(habits, 'habit')} and {_count(checkins, 'check-in')} to "
               f"{output}.")


def _count(number: int, noun: str) -> str:
    """"1 habit", "2 habits", "1,204 check-ins": the commands speak English to the host."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _write(output: str, chunks, opened=None) -> None:
    """The export in `output` (or the file `opened` for it); a folder missing, a file not
    writable or a disk full is an Error line."""
    try:
        out = opened or open(output, "wb")  # noqa: SIM115 (closed below, after its own errors)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {_reason(error)}.") from None
    try:
        with out:
            for chunk in chunks:
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {_reason(error)}.") from None


def _write_file(output: str, chunks) -> None:
    """The export written to a new file beside `output` (0600: one person's data, for their
    and the host's eyes only, as backup-db's copy), then renamed over it: `output` is never
    half-written (it would pass for a whole export), and the old file stays if writing fails."""
    partial = output + ".partial"
    with contextlib.suppress(OSError):
        os.unlink(partial)  # left by an export that was killed
    try:
        opened = os.fdopen(private_files.create_private(partial), "wb")
    except OSError as error:
        raise click.ClickException(f"Cannot write {output}: {_reason(error)}.") from None
    try:
        _write(output, chunks, opened)
        os.replace(partial, output)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        if isinstance(error, OSError):  # the rename: a folder in the way, say
            raise click.ClickException(f"Cannot write {output}: {_reason(error)}.") from None
        raise


COMMANDS = (import_data_command, export_data_command)
