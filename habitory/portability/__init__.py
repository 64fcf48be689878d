"""Data portability: import Habitory and Loop Habit Tracker files, export Habitory's data.

No Flask routes here: parsers turn bytes into an ImportBundle (or raise BadImportFile with a
message for the user), `store` previews and applies a bundle and feeds the exporters, and the
exporters are generators the web layer wraps in a streaming response.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from flask_babel import gettext as _

from habitory.stats.phrases import N_

from .backup import export_json, json_text, parse_habitory_json
from .checkins_csv import export_checkins_csv, is_checkins_csv, parse_checkins_csv
from .csv_import import bundle_from_table, parse_csv
from .csv_mapping import guess_mapping
from .csv_table import looks_like_csv, read_table
from .formats import (
    ACCEPTED,
    DEFAULT_LIMITS,
    BadImportFile,
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    check_size,
    history_of,
)
from .loop_csv import parse_loop_csv, read_loop_export
from .loop_export import export_loop_zip
from .loop_sqlite import parse_loop_sqlite

__all__ = [
    "ACCEPTED",
    "DEFAULT_LIMITS",
    "BadImportFile",
    "ExportSource",
    "ImportBundle",
    "ImportedCheckIn",
    "ImportedHabit",
    "Limits",
    "detect_format",
    "export_checkins_csv",
    "export_json",
    "export_loop_zip",
    "parse_checkins_csv",
    "history_of",
    "parse_csv",
    "parse_habitory_json",
    "parse_loop_csv",
    "parse_loop_sqlite",
    "read_import",
    "read_loop_export",
]

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SQLITE_MAGIC = b"SQLite format 3\x00"


def detect_format(head: bytes) -> str | None:
    """"loop_csv", "loop_sqlite", "habitory_json" or "habitory_csv" (Habitory's own check-ins
    CSV, read as it was written rather than through a guessed column mapping) from a file's
    first bytes, else None."""
    if head.startswith(ZIP_MAGIC):
        return "loop_csv"
    if head.startswith(SQLITE_MAGIC):
        return "loop_sqlite"
    if json_text(head, partial=True).lstrip(" \t\r\n").startswith("{"):
        return "habitory_json"
    if is_checkins_csv(head):
        return "habitory_csv"
    return None


def _read_capped(source, limit: int) -> bytes:
    """All bytes of the upload, refusing anything over the limit without reading it all."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as handle:
            data = handle.read(limit + 1)
    else:
        data = source.read(limit + 1)
    check_size(len(data), limit)
    return data


def read_import(source: bytes | str | os.PathLike | BinaryIO, limits: Limits = DEFAULT_LIMITS,
                tmp_dir: str | None = None) -> ImportBundle:
    """Read an uploaded file of any accepted format, recognised from its content.

    `source` is the bytes, a path, or a binary file object (e.g. a Werkzeug FileStorage's
    stream). SQLite backups go through a temporary copy in `tmp_dir` (default: the system's
    temporary folder), deleted before this returns.
    """
    data = _read_capped(source, limits.max_bytes)
    if not data:
        raise BadImportFile(N_("The file is empty."))
    kind = detect_format(data[:64])
    if kind == "loop_csv":
        return parse_loop_csv(data, limits)
    if kind == "loop_sqlite":
        return parse_loop_sqlite(data, limits, tmp_dir=tmp_dir)
    if kind == "habitory_json":
        return parse_habitory_json(data, limits)
    if kind == "habitory_csv":
        return parse_checkins_csv(data, limits)
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"Position,"):
        raise BadImportFile(_("Loop's CSV export is a .zip: upload the whole zip, not its "
                              "Habits.csv."))
    if looks_like_csv(data):
        table = read_table(data, max_rows=limits.max_checkins)
        mapping = guess_mapping(table)
        bundle = bundle_from_table(table, mapping, limits)
        if mapping.layout == "wide" and mapping.done_values == ["2"]:  # Loop's own codes
            bundle.warnings.append(_("If this is Loop's Checkmarks.csv, upload the whole zip "
                                     "of its CSV export instead: it also gives each habit's "
                                     "frequency, colour, notes and targets."))
        return bundle
    raise BadImportFile(N_("Habitory cannot read this file. Upload %(accepted)s.",
                           accepted=ACCEPTED))
