"""Import any tracker's CSV: the upload shows Habitory's guess of the columns as a form; the
user corrects it and previews again, as often as needed, then imports. The upload waits in the
instance folder between the requests, as data.py keeps every import's, and nothing is written
before the import button."""

from __future__ import annotations

import hashlib

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from ..portability import BadImportFile
from ..portability import store as portability_store
from ..portability.csv_import import MappingError, bundle_from_table
from ..portability.csv_mapping import guess_mapping
from ..portability.csv_table import read_table
from . import bp, uploads
from .csv_form import CsvMappingForm

SAMPLE_ROWS = 5


def digest(mapping) -> str:
    """A short fingerprint of what a mapping imports: Import writes only what the page
    previewed."""
    return hashlib.sha256(repr(mapping.effective()).encode()).hexdigest()[:16]


def _page(table, form: CsvMappingForm, status: int = 200, error: str = "", notice: str = ""):
    """The mapping form, the file's first rows and, when the mapping reads the file, what
    the import would create."""
    bundle = preview = None
    if not error:
        try:
            bundle = bundle_from_table(table, form.mapping(), uploads.limits())
        except MappingError as problem:
            getattr(form, problem.field).errors = [*getattr(form, problem.field).errors,
                                                   problem.message]
            status = 422
        except BadImportFile as problem:
            error, status = problem.message, 422
    if bundle is not None:
        preview = portability_store.preview(current_user.id, bundle)
        form.shown.data = digest(form.mapping())
        names = [h.name for h in bundle.habits]
        if form.mapping().layout == "long" or not names:
            names = sorted({*names, *form.amount_habits.data})
    else:
        names = list(form.amount_habits.data or [])
    form.amount_habits.choices = [SelectChoice(n, n) for n in names]
    return render_template("settings/import_mapping.html", form=form, table=table,
                           sample=table.rows[:SAMPLE_ROWS], bundle=bundle, preview=preview,
                           error=error, notice=notice), status


def start(data: bytes, filename: str):
    """A CSV just uploaded: keep it, and show the guessed mapping."""
    table = read_table(data, max_rows=uploads.limits().max_checkins)
    mapping = guess_mapping(table)
    token = uploads.keep_upload(data)
    form = CsvMappingForm.for_table(table, mapping, token=token, filename=filename)
    return _page(table, form)


@bp.post("/settings/import/csv")
@login_required
def import_csv():
    """Preview the uploaded CSV with the corrected mapping, or import it (`confirm`)."""
    form = CsvMappingForm()
    token = form.token.data or ""
    path = uploads.upload_path(token) if token == session.get("import_token") else None
    if path is None:
        return render_template("settings/import.html", error=_(
            "That upload has expired or was already imported. Choose the file again.")), 422
    try:
        table = read_table(path.read_bytes(), form.separator.data,
                           uploads.limits().max_checkins)
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    form = CsvMappingForm.for_table(table)
    if not form.validate_on_submit():
        return _page(table, form, 422)
    if not form.confirm.data:
        return _page(table, form)
    if form.shown.data != digest(form.mapping()):  # changed since the preview: show it first
        return _page(table, form, notice=_(
            "You changed how the columns are read, so nothing was imported yet: the preview "
            "below is updated. Check it, then press Import again."))
    try:
        bundle = bundle_from_table(table, form.mapping(), uploads.limits())
    except BadImportFile:
        return _page(table, form, 422)  # says what to correct, at the field
    claimed = uploads.claim(path)
    if claimed is None:
        return render_template("settings/import.html", error=_(
            "That upload has expired or was already imported. Choose the file again.")), 422
    try:
        summary = portability_store.apply(current_user.id, bundle, form.on_conflict.data)
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    finally:
        claimed.unlink(missing_ok=True)
        session.pop("import_token", None)
    flash(uploads.summary_sentence(summary), "success")
    return redirect(url_for("habits.dashboard"), code=303)
