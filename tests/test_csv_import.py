"""Import any CSV (HabitBull, spreadsheets): the guessed mapping shown as a form, corrected,
previewed again, and written only on Import."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User
from habitory.portability import BadImportFile, Limits, read_import

from .conftest import TODAY, upload_body
from .test_csrf import register, token_from

# HabitBull's export layout (made up here): one row per habit and day, a repeated row, a note.
HABITBULL = (
    "HabitName,HabitDescription,HabitCategory,CalendarDate,Value,CommentText\n"
    "Breed dragons,with love and fire,Diet & Food,2026-03-18,1,text\n"
    "Breed dragons,with love and fire,Diet & Food,2026-03-19,1,\n"
    "Pushups,,Fitness,2026-03-15,30,\n"
    "Pushups,,Fitness,2026-03-16,100,\n"
    "No-arms pushup,\"Become like water, my friend!\",Fitness,2026-03-15,1,\n"
    "No-arms pushup,\"Become like water, my friend!\",Fitness,2026-03-16,1,\n"
    "No-arms pushup,\"Become like water, my friend!\",Fitness,2026-03-15,1,\n"
)
# A spreadsheet: a column per habit, semicolons, day-first dates, a BOM, ticks as "x".
SHEET = ("\ufeffDatum;Lesen;Laufen km;Leer\n"
         "24.03.2026;x;5,5;\n25.03.2026;;7;\n26.03.2026;X;0;\n").encode()


class Fields(HTMLParser):
    """What a browser would send for the mapping form as it is on the page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._in_form = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "csv-mapping":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("type") not in ("submit",):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = [a.get("value", "")]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._in_form = False


def upload(client, content: bytes | str, name: str = "export.csv"):
    body = content.encode() if isinstance(content, str) else content
    return client.post("/settings/import", **upload_body({}, name, body))


def send(client, fields: dict[str, list[str]], **changes):
    data = {k: list(v) for k, v in fields.items()}
    for key, value in changes.items():
        data[key] = value if isinstance(value, list) else [value]
    return client.post("/settings/import/csv", data=data)


def counts(user_id):
    habits = db.session.scalar(sa.select(sa.func.count(Habit.id)).where(Habit.user_id == user_id))
    checkins = db.session.scalar(sa.select(sa.func.count(CheckIn.id)).join(Habit)
                                 .where(Habit.user_id == user_id))
    return habits, checkins


def test_habitbull_is_read_with_a_guess_the_page_shows(client, user):
    response = upload(client, HABITBULL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    fields = Fields(html).data
    assert fields["layout"] == ["long"] and fields["date_column"] == ["CalendarDate"]
    assert fields["date_format"] == ["%Y-%m-%d"] and fields["habit_column"] == ["HabitName"]
    assert fields["value_column"] == ["Value"] and fields["note_column"] == ["CommentText"]
    assert fields["category_column"] == ["HabitCategory"]
    assert fields["amount_habits"] == ["Pushups"]  # 30 and 100 are amounts, not ticks
    assert "3 habits" in html and "6 check-ins" in html
    assert "1 repeated row was counted once." in html
    assert counts(user.id) == (0, 0)  # nothing written by the preview

    done = send(client, fields, confirm="Import")
    assert done.status_code == 303
    habits = {h.name: h for h in db.session.scalars(sa.select(Habit).where(
        Habit.user_id == user.id))}
    assert set(habits) == {"Breed dragons", "Pushups", "No-arms pushup"}
    assert habits["Pushups"].kind == "measurable"
    assert habits["No-arms pushup"].description == "Become like water, my friend!"
    assert [t.name for t in habits["Pushups"].tags] == ["Fitness"]
    rows = {(c.habit.name, c.day.isoformat()): c for c in db.session.scalars(sa.select(CheckIn))}
    assert len(rows) == 6
    assert rows[("Pushups", "2026-03-16")].amount == 100
    assert rows[("Breed dragons", "2026-03-18")].note == "text"


def test_a_spreadsheet_with_semicolons_a_bom_and_day_first_dates(client, user):
    html = upload(client, SHEET, "sheet.csv").get_data(as_text=True)
    fields = Fields(html).data
    assert fields["separator"] == [";"] and fields["layout"] == ["wide"]
    assert fields["date_format"] == ["%d.%m.%Y"]
    assert fields["habit_columns"] == ["Lesen", "Laufen km"]  # the empty column is no habit
    assert fields["amount_habits"] == ["Laufen km"]
    assert fields["done_values"] == ["x"]
    assert send(client, fields, confirm="Import").status_code == 303
    got = {(c.habit.name, c.day.isoformat(), c.amount) for c in db.session.scalars(
        sa.select(CheckIn))}
    assert got == {("Lesen", "2026-03-24", None), ("Lesen", "2026-03-26", None),
                   ("Laufen km", "2026-03-24", 5.5), ("Laufen km", "2026-03-25", 7.0),
                   ("Laufen km", "2026-03-26", 0.0)}


def test_the_user_corrects_the_guess_and_sees_it_before_importing(client, user):
    # Every day is 12 or less: 03/04 could be 3 April or 4 March. The guess takes the compact
    # reading (3-5 April); the user knows better.
    csv = "date,habit\n03/04/2026,Read\n05/04/2026,Read\n"
    fields = Fields(upload(client, csv).get_data(as_text=True)).data
    assert fields["date_format"] == ["%d/%m/%Y"]
    again = send(client, fields, date_format="%m/%d/%Y", preview="Update the preview")
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "2026-03-04 – 2026-05-04" in html
    assert counts(user.id) == (0, 0)
    assert send(client, Fields(html).data, confirm="Import").status_code == 303
    days = sorted(c.day.isoformat() for c in db.session.scalars(sa.select(CheckIn)))
    assert days == ["2026-03-04", "2026-05-04"]


def test_a_wrong_mapping_is_a_message_at_the_field_and_nothing_is_written(client, user):
    fields = Fields(upload(client, HABITBULL).get_data(as_text=True)).data
    response = send(client, fields, date_format="%d.%m.%Y", confirm="Import")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 2: “2026-03-18” is not a date written DD.MM.YYYY" in html
    assert 'value="Import"' not in html  # no Import button without a preview
    assert counts(user.id) == (0, 0)


def test_import_writes_only_the_mapping_that_was_previewed(client, user):
    fields = Fields(upload(client, HABITBULL).get_data(as_text=True)).data
    response = send(client, fields, done_values="yes", confirm="Import")
    assert response.status_code == 200  # the preview of the changed mapping, not an import
    assert counts(user.id) == (0, 0)
    assert send(client, Fields(response.get_data(as_text=True)).data,
                confirm="Import").status_code == 303
    assert counts(user.id)[0] == 3


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00\x01\x02,binary\x00", "Habitory cannot read this file"),
    (b"\xff\xfe\x00\xd8,", "says it is UTF-16 text but is not"),
    (b"note,text\nhello,world\n", "none of its columns holds dates"),
    (b"date;habit\n", "none of its columns holds dates"),
    (("date," + ",".join(f"h{i}" for i in range(1001)) + "\n2026-01-01\n").encode(),
     "1,002 columns"),
    (b"date,habit\n1969-12-31,Read\n", "dates must lie between 1970-01-01"),
    (b"date,habit\n\"2026-01-01,Read\n", "not a CSV Habitory can read"),
])
def test_bad_files_are_refused_with_a_clear_message(client, user, content, message):
    response = upload(client, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts(user.id) == (0, 0)


def test_a_file_over_the_size_limit_is_refused(app, client, user):
    app.config["IMPORT_MAX_BYTES"] = 1000
    response = upload(client, "date,habit\n" + "2026-01-01,Read\n" * 200)
    assert response.status_code == 422 and "larger than" in response.get_data(as_text=True)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8-sig"])
def test_encodings_excel_and_windows_write(client, user, encoding):
    csv = "date,habit\n2026-03-01,Café\n2026-03-02,Café\n"
    fields = Fields(upload(client, csv.encode(encoding)).get_data(as_text=True)).data
    assert send(client, fields, confirm="Import").status_code == 303
    assert db.session.scalar(sa.select(Habit.name)) == "Café"


def test_another_user_cannot_use_the_upload_and_keeps_their_habits(client, auth, user,
                                                                   make_habit):
    fields = Fields(upload(client, HABITBULL).get_data(as_text=True)).data
    auth.logout()
    auth.register(email="bob@example.com")
    bob = db.session.scalar(sa.select(User).where(User.email == "bob@example.com"))
    make_habit(bob, "Pushups")
    response = send(client, fields, confirm="Import")
    assert response.status_code == 422 and "expired" in response.get_data(as_text=True)
    assert counts(bob.id) == (1, 0) and counts(user.id) == (0, 0)
    # Bob's own upload merges into Bob's habit, never Ada's (she has none).
    mine = Fields(upload(client, HABITBULL).get_data(as_text=True)).data
    assert send(client, mine, confirm="Import").status_code == 303
    assert counts(bob.id) == (3, 6) and counts(user.id) == (0, 0)


def test_a_second_import_of_the_same_preview_writes_nothing_more(client, user):
    fields = Fields(upload(client, HABITBULL).get_data(as_text=True)).data
    assert send(client, fields, confirm="Import").status_code == 303
    again = send(client, fields, confirm="Import")
    assert again.status_code == 422 and counts(user.id) == (3, 6)


def test_the_command_line_imports_a_csv_with_the_guess(runner, user, tmp_path):
    path = tmp_path / "habitbull.csv"
    path.write_text(HABITBULL)
    result = runner.invoke(args=["import-data", "--email", "ada@example.com", str(path)])
    assert result.exit_code == 0, result.output
    assert counts(user.id) == (3, 6)


def test_many_rows_import_in_one_go(client, user):
    lines = ["date,habit,value"] + [f"2025-{m:02d}-{d:02d},H{h},1" for m in range(1, 13)
                                    for d in range(1, 29) for h in range(20)]
    fields = Fields(upload(client, "\n".join(lines)).get_data(as_text=True)).data
    assert send(client, fields, confirm="Import").status_code == 303
    assert counts(user.id) == (20, 12 * 28 * 20)
    assert io  # the module's imports stay used


def test_loops_lone_checkmarks_csv_is_refused_for_the_whole_zip(client, user):
    # Loop's top-level Checkmarks.csv on its own: its amounts are stored ×1000, a skip is 3,
    # and its habits' frequencies and kinds are in Habits.csv. Read as a sheet it imported
    # wrong amounts, lost skips and made every habit daily: the page asks for the whole zip.
    csv = "Date,Run,Read,\n2026-03-03,2,-1,\n2026-03-02,1,2,\n2026-03-01,2,0,\n"
    response = upload(client, csv, "Checkmarks.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "upload the whole zip Loop exported" in html
    assert counts(user.id) == (0, 0)
    with pytest.raises(BadImportFile, match="whole zip"):
        read_import(csv.encode(), Limits(today=TODAY))


def test_the_mapping_form_needs_the_csrf_token(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = register(client)
    page = client.post("/settings/import", **upload_body({"csrf_token": token}, "h.csv",
                                                         HABITBULL.encode()))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and token_from(html)
    fields = Fields(html).data
    without = {k: v for k, v in fields.items() if k != "csrf_token"}
    refused = send(client, without, confirm="Import")
    assert refused.status_code == 400 and "expired" in refused.get_data(as_text=True)
    assert send(client, fields, confirm="Import").status_code == 303


def test_numbers_and_words_that_mean_done(client, user):
    # 1.0 is the number 1; TRUE is true in any case; 0 and FALSE are no check-in.
    csv = "date,habit,value\n2026-03-01,Read,1.0\n2026-03-02,Read,0\n2026-03-03,Read,TRUE\n" \
          "2026-03-04,Read,FALSE\n"
    fields = Fields(upload(client, csv).get_data(as_text=True)).data
    assert fields["done_values"] == ["1, true"]
    assert send(client, fields, confirm="Import").status_code == 303
    days = sorted(c.day.isoformat() for c in db.session.scalars(sa.select(CheckIn)))
    assert days == ["2026-03-01", "2026-03-03"]


def test_one_mistyped_date_is_named_by_its_line_not_a_file_without_dates(client, user):
    csv = "date,habit,value\n2026-01-01,Read,1\n2026-01-02,Read,1\n9999-99-99,Read,1\n" \
          "2026-01-03,Read,1\n"
    response = upload(client, csv)
    html = response.get_data(as_text=True)
    assert "none of its columns holds dates" not in html
    assert "Line 4: “9999-99-99” is not a date written" in html
    fields = Fields(html).data
    assert fields["date_column"] == ["date"] and fields["date_format"] == ["%Y-%m-%d"]
    assert counts(user.id) == (0, 0)
    fixed = "date,habit\n2026-01-01,Read\n01/02/2026,Read\n2026-01-03,Read\n"  # no header word
    fields = Fields(upload(client, fixed.replace("date,", "when,")).get_data(as_text=True)).data
    assert fields["date_column"] == ["when"] and fields["date_format"] == ["%Y-%m-%d"]
