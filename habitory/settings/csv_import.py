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
from ..portability.csv_encoding import CHOOSABLE
from ..portability.csv_import import MappingError, bundle_from_table
from ..portability.csv_mapping import guess_mapping
from ..portability.csv_table import read_table
from . import bp, uploads
from .csv_form import OPTIONAL_COLUMNS, CsvMappingForm

SAMPLE_ROWS = 5


def digest(mapping, codec: str = "") -> str:
    """A short fingerprint of what a mapping imports, read in that encoding: Import writes
    only what the page previewed."""
    return hashlib.sha256(repr((mapping.effective(), codec)).encode()).hexdigest()[:16]


def _adopt_guess(form: CsvMappingForm, table) -> None:
    """After reading the file in another encoding, the fields that named its columns or
    values as read before (the header in Japanese read as Windows-1252) take the guess."""
    try:
        guess = guess_mapping(table)
    except BadImportFile:
        return  # the fields as they were: the page marks what does not fit
    for name in ("date_column", "habit_column", *OPTIONAL_COLUMNS):
        if getattr(form, name).data and getattr(form, name).data not in table.header:
            getattr(form, name).data = getattr(guess, name)
    kept = [h for h in form.habit_columns.data or [] if h in table.header]
    form.habit_columns.data = kept or guess.habit_columns
    if not (form.done_values.data or "").isascii():
        form.done_values.data = ", ".join(guess.done_values)
    if not all(h.isascii() for h in form.amount_habits.data or []):
        form.amount_habits.data = guess.amount_habits


def _page(table, form: CsvMappingForm, status: int = 200, error: str = "", notice: str = ""):
    """The mapping form, the file's first rows and, when the mapping reads the file, what
    the import would create."""
    bundle = preview = None
    if not error and not form.encoding.errors:  # a wrong encoding's names are no preview
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
        form.shown.data = digest(form.mapping(), table.codec)
        names = [h.name for h in bundle.habits]
        if form.mapping().layout == "long" or not names:
            names = sorted({*names, *form.amount_habits.data})
    else:
        names = list(form.amount_habits.data or [])
    form.amount_habits.choices = [SelectChoice(n, n) for n in names]
    form.read_in.data = table.codec
    if table.encoding_open and (not form.encoding.errors or form.encoding.data not in CHOOSABLE):
        form.encoding.data = table.codec  # what the names on the page were read in
    return render_template("settings/import_mapping.html", form=form, table=table,
                           sample=table.rows[:SAMPLE_ROWS], bundle=bundle, preview=preview,
                           error=error, notice=notice), status


def _read(data: bytes, form: CsvMappingForm, chosen: str):
    """The table in the chosen encoding, or, when the file is not text in it, as the page
    showed it (then detected), with why: the error goes at the select."""
    shown = form.read_in.data if form.read_in.data in CHOOSABLE else ""
    limits = uploads.limits().max_checkins
    try:
        return read_table(data, form.separator.data, limits, chosen), ""
    except BadImportFile as problem:
        if not chosen:
            raise
        # The page's own reading, unchanged: a file no code page reads whole was shown as
        # detected (Windows-1252, its odd bytes as �), and reads so again, without an error.
        unreadable = problem.message if chosen != shown else ""
    if shown and unreadable:
        try:
            return read_table(data, form.separator.data, limits, shown), unreadable
        except BadImportFile:
            pass  # an older page's reading that no longer fits: the one detected
    return read_table(data, form.separator.data, limits), unreadable


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
    chosen = form.encoding.data if form.encoding.data in CHOOSABLE else ""
    try:
        table, unreadable = _read(path.read_bytes(), form, chosen)
    except BadImportFile as problem:
        return render_template("settings/import.html", error=problem.message), 422
    form = CsvMappingForm.for_table(table)
    if chosen and form.read_in.data and form.read_in.data != table.codec:
        _adopt_guess(form, table)
    valid = form.validate_on_submit()
    if unreadable:
        form.encoding.errors = [*form.encoding.errors, unreadable]
    if not valid or unreadable:
        return _page(table, form, 422)
    if not form.confirm.data:
        return _page(table, form)
    if form.shown.data != digest(form.mapping(), table.codec):  # changed since the preview
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
    return redirect(url_for("habits.dashboard", _anchor="main"), code=303)
