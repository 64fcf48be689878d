"""The import page takes any file up to its stated limit, says clearly why it refuses one, and
the CSV mapping page imports on the first click when nothing was changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.test import encode_multipart

from habitory.portability import BadImportFile, Limits, read_import

from .conftest import TODAY
from .test_csv_import import Fields, counts, send, upload


class BrowserFields(Fields):
    """What a browser sends: a select with no option marked selected sends its first one."""

    _first: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "select" and self._in_form:
            self._first = None
        if tag == "option" and self._select and self._first is None:
            self._first = dict(attrs).get("value", "")
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self._select not in self.data:
            self.data[self._select] = [self._first]
        super().handle_endtag(tag)


def a_year_of_habits(user, make_habit, count=20):
    days = [TODAY - timedelta(days=i) for i in range(365)]
    for number in range(count):
        make_habit(user, f"Habit number {number}", created=days[-1], done=days)


def test_habitorys_own_csv_export_of_a_full_account_uploads_again(client, user, make_habit):
    a_year_of_habits(user, make_habit)
    exported = client.get("/settings/export?format=csv").get_data()
    assert len(exported) > 150_000
    page = upload(client, exported, "checkins.csv")
    assert page.status_code == 200
    # Read as Habitory wrote it (states, amounts, notes), not through a guessed mapping.
    text = page.get_data(as_text=True)
    assert "Check before importing" in text and "20 habits" in text


def test_a_file_of_many_short_lines_uploads_and_other_forms_keep_the_small_limit(client, user):
    lines = "".join(f"2026-0{1 + i % 9}-{1 + i % 28:02d},H{i % 7},1\n" for i in range(30_000))
    page = upload(client, "date,habit,value\n" + lines, "many.csv")
    assert page.status_code == 200
    assert "7 habits" in page.get_data(as_text=True)
    # A form that is not an upload: 100 KB of lines in one multipart field is still a 413.
    boundary, body = encode_multipart({"timezone": "x\n" * 50_000})
    refused = client.post("/settings", data=body,
                          content_type=f"multipart/form-data; boundary={boundary}")
    assert refused.status_code == 413


LONG = "x" * 140_000  # beyond the csv module's own field limit (131,072 characters)


@pytest.mark.parametrize(("content", "line"), [
    (f"date,{LONG}\n2026-11-01,1\n", 1),
    (f"date,\"{LONG}\"\n2026-11-01,1\n", 1),
    (f"date,{'y' * 20_000}\n2026-11-01,1\n", 1),
    (f"date,habit\n2026-11-01,Read\n2026-11-02,{LONG}\n", 3),
])
def test_a_huge_cell_on_any_line_is_a_clear_message(client, user, content, line):
    message = f"Line {line} has a cell longer than 10,000 characters."
    page = upload(client, content, "long.csv")
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)
    with pytest.raises(BadImportFile) as refused:
        read_import(content.encode(), Limits(today=TODAY))
    assert refused.value.message == message


def test_a_csv_whose_lines_end_in_a_lone_carriage_return_is_read(client, user):
    page = upload(client, "date,habit\r2026-11-01,Read\r2026-11-02,Read\r", "mac.csv")
    assert page.status_code == 200 and "2 check-ins" in page.get_data(as_text=True)


# A sheet of one's own: a column per habit, and no column of habit names. (Loop's own
# Checkmarks.csv is refused alone: tests/test_import_probe3_loop_files.py.)
CHECKMARKS = "Date,Meditate,Read,Run\n2026-11-01,1,0,1\n2026-11-02,0,1,0\n2026-11-03,1,0,1\n"


def test_a_column_per_habit_imports_on_the_first_click(client, user):
    page = upload(client, CHECKMARKS, "sheet.csv").get_data(as_text=True)
    fields = BrowserFields(page).data
    assert fields["layout"] == ["wide"] and fields["habit_column"] == [""]
    done = send(client, fields, confirm="Import")
    assert done.status_code == 303
    assert counts(user.id) == (3, 5)


def test_a_changed_mapping_says_the_preview_was_updated_before_importing(client, user):
    fields = BrowserFields(upload(client, CHECKMARKS, "sheet.csv")
                           .get_data(as_text=True)).data
    changed = send(client, fields, habit_columns=["Meditate", "Read"], confirm="Import")
    html = changed.get_data(as_text=True)
    assert changed.status_code == 200 and counts(user.id) == (0, 0)
    assert "nothing was imported yet: the preview below is updated" in html
    assert "2 habits" in html
    again = send(client, BrowserFields(html).data, confirm="Import")
    assert again.status_code == 303 and counts(user.id) == (2, 3)


def test_a_wide_file_ignores_the_fields_of_the_other_layout(client, user):
    # A select of the long layout sent as the browser left it changes nothing that is read.
    fields = BrowserFields(upload(client, CHECKMARKS, "sheet.csv")
                           .get_data(as_text=True)).data
    done = send(client, fields, habit_column="Meditate", confirm="Import")
    assert done.status_code == 303 and counts(user.id) == (3, 5)


@pytest.mark.parametrize("tick", ["x", "X", "yes", "✓"])
def test_a_sheet_of_ticks_reads_as_a_column_per_habit(client, user, tick):
    """A sheet a person keeps: a column per habit with a tick on the days done. Its columns
    of ticks were taken for a column of habits' names (the one-row-per-check-in layout)."""
    sheet = (f"Date,Meditate,Read,Run\n2026-11-01,{tick},,{tick}\n2026-11-02,,{tick},\n"
             f"2026-11-03,{tick},,{tick}\n")
    fields = BrowserFields(upload(client, sheet, "sheet.csv").get_data(as_text=True)).data
    assert fields["layout"] == ["wide"]
    assert send(client, fields, confirm="Import").status_code == 303
    assert counts(user.id) == (3, 5)
