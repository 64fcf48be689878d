"""The CSV import's mapping form: the guess, shown as fields the user can correct."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..portability.csv_encoding import CHOOSABLE
from ..portability.csv_mapping import DATE_FORMATS, CsvMapping
from ..portability.csv_table import CsvTable

OPTIONAL_COLUMNS = ("value_column", "note_column", "description_column", "category_column")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CsvMappingForm(FlaskForm):
    """Which column is what; choices come from the uploaded file (see for_table)."""

    token = HiddenField()
    filename = HiddenField()
    shown = HiddenField()  # the mapping of the preview on the page (see csv_import.digest)
    read_in = HiddenField()  # the codec the page's names were read in: a change reads anew
    # Empty, or absent from an older page's post: the encoding Habitory detects.
    encoding = SelectField(_l("Encoding of the file"), validate_choice=False)
    reread = SubmitField(_l("Read again"))
    separator = SelectField(_l("Columns are separated by"), choices=[
        SelectChoice(",", _l("commas")), SelectChoice(";", _l("semicolons")),
        SelectChoice("\t", _l("tabs"))])
    layout = RadioField(_l("Layout"), choices=[
        SelectChoice("long", _l("One row per habit and day (date, habit, value)")),
        SelectChoice("wide", _l("One column per habit"))], validators=[InputRequired()])
    date_column = SelectField(_l("Date column"), validators=[InputRequired()])
    date_format = SelectField(_l("Dates are written"), choices=[
        SelectChoice(fmt, name) for fmt, name in DATE_FORMATS], validators=[InputRequired()])
    habit_column = SelectField(_l("Habit name column"), validate_choice=False)
    value_column = SelectField(_l("Value column"))
    note_column = SelectField(_l("Note column"))
    description_column = SelectField(_l("Description column"))
    category_column = SelectField(_l("Category column (becomes a tag)"))
    habit_columns = MultiCheckboxField(_l("Columns that are habits"))
    done_values = StringField(_l("Values that mean done"), validators=[Length(max=200)])
    amount_habits = MultiCheckboxField(_l("Habits whose numbers are amounts"),
                                       validate_choice=False)
    on_conflict = RadioField(_l("For habits you already have"), default="merge", choices=[
        SelectChoice("merge", _l("Merge: add the days missing from your habit")),
        SelectChoice("skip", _l("Skip: leave them out of the import")),
        SelectChoice("rename", _l("Rename: import them as new habits with a number added"))])
    preview = SubmitField(_l("Update the preview"))
    confirm = SubmitField(_l("Import"))

    @classmethod
    def for_table(cls, table: CsvTable, mapping: CsvMapping | None = None, **kwargs
                  ) -> CsvMappingForm:
        """The form with the file's columns as choices, filled with `mapping` when given
        (the guess); else from the request."""
        data = None
        if mapping is not None:
            data = {name: getattr(mapping, name) for name in (
                "separator", "layout", "date_column", "date_format", "habit_column",
                *OPTIONAL_COLUMNS, "habit_columns", "amount_habits")}
            data["done_values"] = ", ".join(mapping.done_values)
            data.update(kwargs)
        form = cls(formdata=None, data=data) if data is not None else cls()
        columns = [SelectChoice(h, h) for h in table.header]
        form.date_column.choices = columns
        # A blank first choice: with a column per habit there is no name column, and a
        # select without one would send its first column, a mapping the preview never showed.
        form.habit_column.choices = [SelectChoice("", _l("None")), *columns]
        for name in OPTIONAL_COLUMNS:
            getattr(form, name).choices = [SelectChoice("", _l("None")), *columns]
        form.value_column.choices[0] = SelectChoice("", _l("None: every row is a done day"))
        form.habit_columns.choices = columns
        # UTF-8 first, then the code pages of one region together (a closed select shows
        # only the chosen label, so each says both).
        pages = sorted(CHOOSABLE.items(), key=lambda item: (str(item[1][1]), item[1][0]))
        form.encoding.choices = [SelectChoice(codec, f"{name} ({region})" if region else name)
                                 for codec, (name, region) in pages]
        return form

    def validate_encoding(self, field) -> None:
        if field.data and field.data not in CHOOSABLE:
            raise ValidationError(_l("Choose one of the encodings in the list."))

    def mapping(self) -> CsvMapping:
        """The mapping the user chose."""
        done = [v.strip().casefold() for v in (self.done_values.data or "").split(",")]
        return CsvMapping(
            separator=self.separator.data, layout=self.layout.data,
            date_column=self.date_column.data, date_format=self.date_format.data,
            habit_column=self.habit_column.data or "",
            value_column=self.value_column.data or "", note_column=self.note_column.data or "",
            description_column=self.description_column.data or "",
            category_column=self.category_column.data or "",
            habit_columns=list(self.habit_columns.data or []),
            done_values=[v for v in done if v],
            amount_habits=list(self.amount_habits.data or []),
        )
