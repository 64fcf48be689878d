"""Uploads waiting between an import's preview and its confirm, and the import's limits.

Each upload is a file in the instance folder named by the user and a random token that the
session holds (domain.workspace): another user's token names no file of theirs, a second
confirm finds the file already claimed, uploads older than an hour are deleted on the next
one, an account keeps only its newest few waiting, and deleting the account deletes its own.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from flask import current_app, session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from habitory.locale_formats import grouped

from ..clock import user_today
from ..domain import private_files, workspace
from ..portability import Limits, exports

UPLOAD_TTL_SECONDS = 3600
UPLOADS_KEPT = 3  # previews an account may have waiting at once


def tmp_dir() -> Path:
    """Where uploads wait between preview and confirm (inside the instance folder)."""
    return exports.working_folder(current_app.config, current_app.instance_path)


def limits() -> Limits:
    """This user's import limits (the app's config, and their local today)."""
    return Limits.from_config(current_app.config, today=user_today(current_user))


def _forget_old_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_TTL_SECONDS
    for path in folder.glob("import-*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _forget_all_but_newest(folder: Path, user_id: int, keep: int) -> None:
    """Each preview keeps its file: without a bound, one account re-sending a large file fills
    the disk that holds everyone's database (16 previews of 19 MB took 0.4 s each)."""
    waiting = sorted(folder.glob(f"import-{user_id}-*.bin"),
                     key=lambda path: path.stat().st_mtime, reverse=True)
    for path in waiting[keep:]:
        path.unlink(missing_ok=True)


def keep_upload(data: bytes) -> str:
    """Keep an upload until its confirm (or an hour); the token names it in this session.
    An account keeps its newest few waiting (another tab's or device's preview too)."""
    folder = tmp_dir()
    _forget_old_uploads(folder)
    _forget_all_but_newest(folder, current_user.id, UPLOADS_KEPT - 1)
    token = secrets.token_hex(16)
    private_files.write_private(workspace.upload_path(current_user.id, token), data)
    session["import_token"] = token
    return token


def upload_path(token: str) -> Path | None:
    """This user's kept upload of that token, if it is still there."""
    if not token or not token.isascii() or not token.isalnum():
        return None
    path = workspace.upload_path(current_user.id, token)
    return path if path.exists() else None


def claim(path: Path) -> Path | None:
    """Take the upload for this request alone (a rename is atomic): a second confirm of the
    same preview, sent at the same moment, finds nothing and says it was already imported."""
    claimed = path.with_suffix(".importing")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    return claimed


def summary_sentence(summary) -> str:
    """'Imported 3 new habits, merged 1, 1,204 check-ins added (40 existing days kept as they
    were).'"""
    created = len(summary.created)  # the renamed ones are among them: count them once
    parts = [ngettext("Imported %(count)s new habit", "Imported %(count)s new habits", created,
                      count=grouped(created))]
    # English says "merged 2" as "merged 1"; French agrees with the habits ("2 fusionnées").
    if summary.merged:
        merged = len(summary.merged)
        parts.append(ngettext("merged %(count)s", "merged %(count)s", merged,
                              count=grouped(merged)))
    if summary.skipped:
        skipped = len(summary.skipped)
        parts.append(ngettext("skipped %(count)s", "skipped %(count)s", skipped,
                              count=grouped(skipped)))
    # English says "check-ins" and "days" whatever the count (as it did); catalogues decline.
    parts.append(ngettext("%(count)s check-ins added", "%(count)s check-ins added",
                          summary.checkins_added, count=grouped(summary.checkins_added)))
    text = ", ".join(parts)
    if summary.days_kept:
        text += " " + ngettext("(%(count)s existing days kept as they were)",
                               "(%(count)s existing days kept as they were)", summary.days_kept,
                               count=grouped(summary.days_kept))
    text += "."
    if summary.settings_restored:
        text += " " + _("This account now has the backup's settings (timezone, day start, "
                        "language, notifications).")
    return text
