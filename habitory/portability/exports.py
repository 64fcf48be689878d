"""The export files (Settings → export, `flask export-data`, the API's /export), built in one
place so every door hands out the same bytes: json, csv, loop (Loop's CSV zip) and loop_db
(the backup the Loop app itself imports)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from habitory.domain import workspace

from . import export_source
from .backup import export_json
from .checkins_csv import export_checkins_csv
from .loop_db_export import export_loop_db
from .loop_export import export_loop_zip

# format -> (media type, file name pattern)
EXPORTS = {
    "json": ("application/json", "habitory-backup-{day}.json"),
    "csv": ("text/csv", "habitory-checkins-{day}.csv"),  # Flask adds "; charset=utf-8"
    "loop": ("application/zip", "habitory-loop-export-{day}.zip"),
    "loop_db": ("application/vnd.sqlite3", "habitory-loop-backup-{day}.db"),
}


def working_folder(config, instance_path: str) -> Path:
    """Where uploads and the Loop zip's temporary database wait (inside the instance folder)."""
    return workspace.folder_of(config, instance_path)


def export_stream(user_id: int, fmt: str, today: date, tmp_dir: Path):
    """The chunks of an export, read through the database as they are sent."""
    source = export_source.export_rows(user_id)
    if fmt == "json":
        return export_json(source)
    if fmt == "csv":
        return export_checkins_csv(source)
    if fmt == "loop_db":
        return export_loop_db(source, today, tmp_dir=tmp_dir)
    return export_loop_zip(source, today, tmp_dir=tmp_dir)


def file_name(fmt: str, today: date) -> str:
    """The download's name, with the user's date in it."""
    return EXPORTS[fmt][1].format(day=today.isoformat())
