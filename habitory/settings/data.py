"""Your data is yours: export (JSON, CSV, Loop zip) and import with a preview, then a confirm."""

from __future__ import annotations

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..clock import user_today
from ..domain import habits, history
from ..errors import error_response
from ..portability import (
    BadImportFile,
    check_size,
    detect_format,
    export_source,
    exports,
    read_import,
)
from ..portability import store as portability_store
from ..portability.csv_mapping import loop_file_name, refuse_loop_export_file
from ..portability.csv_table import looks_like_csv, read_table
from ..portability.exports import EXPORTS
from ..portability.loop_losses import loop_losses
from . import bp, csv_import
from .uploads import claim, keep_upload, limits, summary_sentence, tmp_dir, upload_path

CONFLICT_CHOICES = ("merge", "skip", "rename")


def export_stream(user_id: int, fmt: str, today):
    """The chunks of an export, read through the database as they are sent."""
    return exports.export_stream(user_id, fmt, today, tmp_dir())


@bp.get("/settings/export/loop")
@login_required
def loop_export_notice():
    """What a Loop export would leave out of this user's habits, before the download."""
    today = user_today(current_user)
    source = export_source.export_rows(current_user.id)
    weekday_habits = [h for h in habits.habits_of(current_user.id) if h.weekdays]
    found = history.histories(weekday_habits) if weekday_habits else {}
    by_name = {h.name: found[h.id] for h in weekday_habits if h.id in found}
    losses = loop_losses(source.habits, by_name, today)
    return render_template("settings/export_loop.html", losses=losses,
                           habit_count=len(source.habits))


@bp.get("/settings/export")
@login_required
def export():
    """A download: ?format=json (Habitory backup), csv (check-ins), loop (Loop's zip) or
    loop_db (the backup the Loop app imports)."""
    fmt = request.args.get("format", "json")
    if fmt not in EXPORTS:
        return error_response(400, _("Unknown format"), _("Choose json, csv, loop or loop_db."))
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


@bp.route("/settings/import", methods=["GET", "POST"])
@login_required
def import_data():
    """Upload a file (field `file`): the answer is a preview and a confirm form; nothing is
    written yet."""
    if request.method in ("GET", "HEAD"):
        return render_template("settings/import.html")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("settings/import.html", error=_("Choose a file to import.")), 422
    data = upload.read(limits().max_bytes + 1)
    try:
        check_size(len(data), limits().max_bytes)
        if data and detect_format(data[:64]) is None and looks_like_csv(data):
            if loop_file_name(upload.filename):  # the name is one more sign of Loop's file
                refuse_loop_export_file(read_table(data, max_rows=limits().max_checkins),
                                        named=True)
            return csv_import.start(data, upload.filename)  # the mapping preview
        bundle = read_import(data, limits(), tmp_dir=tmp_dir())
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    token = keep_upload(data)
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
        return error_response(422, _("Unknown choice"), _("Choose merge, skip or rename."))
    path = upload_path(token) if token == session.get("import_token") else None
    path = claim(path) if path is not None else None
    if path is None:
        return render_template(
            "settings/import.html",
            error=_("That upload has expired or was already imported. Choose the file again."),
        ), 422
    try:
        bundle = read_import(path.read_bytes(), limits(), tmp_dir=tmp_dir())
        summary = portability_store.apply(current_user.id, bundle, choice)
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    finally:
        path.unlink(missing_ok=True)
        session.pop("import_token", None)
    flash(summary_sentence(summary), "success")
    # At #main (focusable, the skip link's target), the flash saying what was imported first
    # in it: the focus would otherwise start at the page's top, a screen away from the news.
    return redirect(url_for("habits.dashboard", _anchor="main"), code=303)


