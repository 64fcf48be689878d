"""Your data is yours: export (JSON, CSV, Loop zip) and import with a preview, then a confirm."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from ..clock import user_today
from ..errors import error_response
from ..portability import BadImportFile, Limits, exports, read_import
from ..portability import store as portability_store
from ..portability.exports import EXPORTS
from . import bp

CONFLICT_CHOICES = ("merge", "skip", "rename")
UPLOAD_TTL_SECONDS = 3600


def tmp_dir() -> Path:
    """Where uploads wait between preview and confirm (inside the instance folder)."""
    return exports.working_folder(current_app.config, current_app.instance_path)


def export_stream(user_id: int, fmt: str, today):
    """The chunks of an export, read through the database as they are sent."""
    return exports.export_stream(user_id, fmt, today, tmp_dir())


@bp.get("/settings/export")
@login_required
def export():
    """A download: ?format=json (Habitory backup), csv (check-ins) or loop (Loop's zip)."""
    fmt = request.args.get("format", "json")
    if fmt not in EXPORTS:
        return error_response(400, "Unknown format", "Choose json, csv or loop.")
    today = user_today(current_user)
    mimetype, name = EXPORTS[fmt]
    response = Response(
        stream_with_context(export_stream(current_user.id, fmt, today)), mimetype=mimetype
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{name.format(day=today.isoformat())}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _limits() -> Limits:
    return Limits.from_config(current_app.config, today=user_today(current_user))


def _forget_old_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_TTL_SECONDS
    for path in folder.glob("import-*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _upload_path(token: str) -> Path | None:
    if not token or not token.isascii() or not token.isalnum():
        return None
    path = tmp_dir() / f"import-{current_user.id}-{token}.bin"
    return path if path.exists() else None


def _claim(path: Path) -> Path | None:
    """Take the upload for this request alone (a rename is atomic): a second confirm of the
    same preview, sent at the same moment, finds nothing and says it was already imported."""
    claimed = path.with_suffix(".importing")
    try:
        os.rename(path, claimed)
    except FileNotFoundError:
        return None
    return claimed


@bp.route("/settings/import", methods=["GET", "POST"])
@login_required
def import_data():
    """Upload a file (field `file`): the answer is a preview and a confirm form; nothing is
    written yet."""
    if request.method == "GET":
        return render_template("settings/import.html")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("settings/import.html", error="Choose a file to import."), 422
    data = upload.read(_limits().max_bytes + 1)
    try:
        bundle = read_import(data, _limits(), tmp_dir=tmp_dir())
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    folder = tmp_dir()
    _forget_old_uploads(folder)
    token = secrets.token_hex(16)
    (folder / f"import-{current_user.id}-{token}.bin").write_bytes(data)
    session["import_token"] = token
    preview = portability_store.preview(current_user.id, bundle)
    return render_template("settings/import_preview.html", preview=preview, token=token,
                           filename=upload.filename)


@bp.post("/settings/import/confirm")
@login_required
def confirm_import():
    """Write the previewed file, in one transaction, as the user chose for existing names."""
    token = request.form.get("token", "")
    choice = request.form.get("on_conflict", "merge")
    if choice not in CONFLICT_CHOICES:
        return error_response(422, "Unknown choice", "Choose merge, skip or rename.")
    path = _upload_path(token) if token == session.get("import_token") else None
    path = _claim(path) if path is not None else None
    if path is None:
        return render_template(
            "settings/import.html",
            error="That upload has expired or was already imported. Choose the file again.",
        ), 422
    try:
        bundle = read_import(path.read_bytes(), _limits(), tmp_dir=tmp_dir())
        summary = portability_store.apply(current_user.id, bundle, choice)
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    finally:
        path.unlink(missing_ok=True)
        session.pop("import_token", None)
    flash(summary_sentence(summary), "success")
    return redirect(url_for("habits.dashboard"), code=303)


def summary_sentence(summary) -> str:
    """'Imported 3 new habits, merged 1, 1,204 check-ins added (40 existing days kept as they
    were).'"""
    created = len(summary.created)  # the renamed ones are among them: count them once
    parts = [f"Imported {created} new habit{'' if created == 1 else 's'}"]
    if summary.merged:
        parts.append(f"merged {len(summary.merged)}")
    if summary.skipped:
        parts.append(f"skipped {len(summary.skipped)}")
    parts.append(f"{summary.checkins_added:,} check-ins added")
    text = ", ".join(parts)
    if summary.days_kept:
        text += f" ({summary.days_kept:,} existing days kept as they were)"
    return text + "."
