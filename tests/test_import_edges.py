"""What an import reads from a file is what the file means: days written YYYY-MM-DD up to the
user's own today, numbers with the file's decimal mark, backups in any Unicode encoding, and
settings the habit form would not take either refused or said in the preview."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, User
from habitory.portability import BadImportFile, Limits, parse_csv, read_import

from .conftest import TODAY, upload_body
from .test_import_limits import backup
from .test_portability import loop_v25, make_zip

LIMITS = Limits(today=TODAY)


def refusal(data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(BadImportFile) as refused:
        read_import(data, limits)
    return refused.value.message


# Dates


@pytest.mark.parametrize("day", ["20261105", "2026-W47-1"])
def test_a_backup_day_must_be_written_yyyy_mm_dd(day):
    assert f"has a bad date “{day}”" in refusal(backup(checkin={"day": day}))
    assert f"has a bad date “{day}”" in refusal(backup(created_on=day))


def test_a_loop_export_day_must_be_written_as_loop_writes_it():
    habits = ("Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
              "001,Run,,,1,1,#D32F2F\n")
    for day in ("20261105", "2026-W45-4"):
        data = make_zip({"Habits.csv": habits, "Checkmarks.csv": f"Date,Run,\n{day},2,\n"})
        assert f"a date Habitory cannot read (“{day}”)" in refusal(data)


def test_the_latest_day_is_the_users_own_today(client, auth, frozen_now):
    # 12:00 UTC on 25 November is 02:00 on the 26th on Kiritimati (UTC+14): the 26th is the
    # user's today and can be imported; their tomorrow, the 27th, is left out and said (a
    # device in a timezone ahead), and a later day refuses the file.
    frozen_now(TODAY.year, TODAY.month, TODAY.day, 12, 0)
    auth.register(timezone="Pacific/Kiritimati")
    tomorrow = client.post("/settings/import", **upload_body(
        {}, "b.json", backup(checkin={"day": "2026-11-27"})))
    assert tomorrow.status_code == 200
    assert "on 2026-11-27, after your today, was left out" in tomorrow.get_data(as_text=True)
    later = client.post("/settings/import", **upload_body(
        {}, "b.json", backup(checkin={"day": "2026-11-28"})))
    assert later.status_code == 422
    assert "dates must lie between 1970-01-01 and 2026-11-26" in later.get_data(as_text=True)
    today = client.post("/settings/import", **upload_body(
        {}, "b.json", backup(checkin={"day": "2026-11-26"})))
    assert today.status_code == 200 and "Check before importing" in today.get_data(as_text=True)
    assert "and 2026-11-25" in refusal(backup(checkin={"day": "2026-11-27"}))


# Numbers in any CSV


def amounts(csv: str) -> dict[tuple[str, str], float]:
    bundle = parse_csv(csv.encode(), LIMITS)
    return {(h.name, c.day.isoformat()): c.amount for h in bundle.habits for c in h.checkins}


def test_thousands_in_an_english_csv_are_thousands():
    got = amounts('date,habit,amount\n2026-03-01,Steps,"10,000"\n2026-03-02,Steps,"8,500"\n'
                  "2026-03-03,Steps,9000\n")
    assert got == {("Steps", "2026-03-01"): 10000, ("Steps", "2026-03-02"): 8500,
                   ("Steps", "2026-03-03"): 9000}


def test_a_german_semicolon_csv_reads_points_as_thousands_and_commas_as_decimals():
    got = amounts("Datum;Schritte;Liter\n01.03.2026;1.000;2,5\n02.03.2026;12.500;1,75\n")
    assert got == {("Schritte", "2026-03-01"): 1000, ("Schritte", "2026-03-02"): 12500,
                   ("Liter", "2026-03-01"): 2.5, ("Liter", "2026-03-02"): 1.75}


def test_each_column_shows_its_own_decimal_mark():
    # A comma file whose km column says its decimal mark is the point (12.5): 1,200 is 1200;
    # its weight column says the comma (1.234,5): 1,5 is one and a half.
    got = amounts('date,km,weight\n2026-03-01,"1,200","1.234,5"\n2026-03-02,12.5,"1,5"\n')
    assert got == {("km", "2026-03-01"): 1200, ("km", "2026-03-02"): 12.5,
                   ("weight", "2026-03-01"): 1234.5, ("weight", "2026-03-02"): 1.5}


# Backups in other encodings, and numbers no field can hold


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                      "utf-32-le", "utf-32-be"])
def test_a_backup_saved_as_utf16_or_utf32_is_read(client, user, encoding):
    data = backup().decode().encode(encoding)
    assert [h.name for h in read_import(data, LIMITS).habits] == ["Water"]
    page = client.post("/settings/import", **upload_body({}, "backup.json", data))
    assert page.status_code == 200 and "New: Water" in page.get_data(as_text=True)


@pytest.mark.parametrize(("field", "where"), [
    ("target", "“target” of habit “Water”"),
    ("amount", "“amount” of a check-in of habit “Water”"),
    ("position", "“position” of habit “Water”"),
])
@pytest.mark.parametrize("digits", [400, 5000])
def test_a_number_too_long_to_be_one_names_its_field(field, where, digits):
    huge = "9" * digits
    text = backup().decode().replace('"target": 8.0', '"target": TARGET')
    text = text.replace('"amount": 2.0', '"amount": AMOUNT').replace('"position": 1',
                                                                     '"position": POSITION')
    for name in ("TARGET", "AMOUNT", "POSITION"):
        text = text.replace(name, huge if name == field.upper() else "1")
    message = refusal(text.encode())
    assert message == f"The backup is damaged: {where} is not a valid number."


# Settings the habit form would not take


def document(**habit) -> bytes:
    habit = {"name": "Water", "kind": "measurable", "target": 8.0, "checkins": [], **habit}
    return json.dumps({"format": "habitory-backup", "schema_version": 1,
                       "habits": [habit]}).encode()


@pytest.mark.parametrize("settings", [{"target": None}, {"target": 0.0}, {"target": 5e-324},
                                      {"target": 0.0, "direction": "at_least"}])
def test_a_measurable_habit_without_a_usable_target_is_said(settings):
    bundle = read_import(document(**settings), LIMITS)
    assert bundle.habits[0].target is None
    assert "Set the target of this habit with amounts, which the file does not give: " \
           "Water." in bundle.warnings
    kept = read_import(document(target=0.0, direction="at_most"), LIMITS)  # the form takes it
    assert kept.habits[0].target == 0 and kept.warnings == []


def test_an_amount_on_a_yes_no_day_is_left_out_and_said(client, user):
    data = document(kind="yes_no", target=None, checkins=[
        {"day": "2026-11-20", "state": "done", "amount": 3.0}])
    page = client.post("/settings/import", **upload_body({}, "b.json", data))
    html = page.get_data(as_text=True)
    assert "1 amount on a day of" in html and "the day was kept" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    assert client.post("/settings/import/confirm", data={"token": token}).status_code == 303
    row = db.session.scalar(sa.select(CheckIn))
    assert (row.day, row.state, row.amount) == (date(2026, 11, 20), "done", None)
    assert db.session.scalar(sa.select(User.id)) == user.id


def test_amounts_merged_into_a_yes_no_habit_are_left_out_and_said(client, user, make_habit):
    make_habit(user, "Water", kind="yes_no")
    done = backup(checkin={"amount": 9.0})  # 9 of 8 glasses: done in the file's habit too
    page = client.post("/settings/import", **upload_body({}, "b.json", done))
    html = page.get_data(as_text=True)
    assert "keeps its type, which has no amounts: 1 amount from the file is left out (its day " \
        "is kept)." in html
    token = html.split('name="token" value="')[1].split('"')[0]
    merged = client.post("/settings/import/confirm", data={"token": token,
                                                           "on_conflict": "merge"})
    assert merged.status_code == 303
    row = db.session.scalar(sa.select(CheckIn))
    assert (row.day, row.state, row.amount) == (date(2026, 11, 20), "done", None)


def test_an_unknown_colour_is_said():
    bundle = read_import(document(colour="magenta"), LIMITS)
    assert bundle.habits[0].colour is None
    assert any("gets the default colour: Water" in w for w in bundle.warnings)


@pytest.mark.parametrize(("num", "den"), [(0, 0), (-3, 7), (2, 1)])
def test_a_loop_frequency_habitory_lacks_becomes_daily_and_is_said(tmp_path, num, den):
    data = loop_v25(tmp_path / "loop.db", habits=[dict(
        Id=1, name="Stretch", freq_num=num, freq_den=den, color=8, position=0, archived=0)],
        reps=[(1, "2026-11-20", 2, None)])
    bundle = read_import(data, LIMITS)
    habit = bundle.habits[0]
    assert (habit.freq_num, habit.freq_den, len(habit.checkins)) == (1, 1, 1)
    assert any("imported as daily: Stretch." in w for w in bundle.warnings)


def test_a_loop_export_frequency_habitory_lacks_is_said():
    habits = ("Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
              "001,Stretch,,,0,0,#D32F2F\n")
    data = make_zip({"Habits.csv": habits, "Checkmarks.csv": "Date,Stretch,\n2026-11-20,2,\n"})
    bundle = read_import(data, LIMITS)
    assert any("imported as daily: Stretch." in w for w in bundle.warnings)


def test_a_csv_saved_as_utf32_is_read():
    data = "date,habit\n2026-03-01,Read\n".encode("utf-32")
    assert [h.name for h in parse_csv(data, LIMITS).habits] == ["Read"]
