"""Habitory's own check-ins CSV, brought back: what a data owner who exported it (or edited
it in a spreadsheet) gets when importing it into a fresh account, on the web and the CLI."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User
from habitory.portability import (
    BadImportFile,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    detect_format,
    export_checkins_csv,
    read_import,
    store,
)
from habitory.portability.export_source import export_rows
from habitory.portability.validate import finalise

from .conftest import PASSWORD, upload_body

TODAY = date(2026, 11, 25)
LIMITS = Limits(today=TODAY)
START = date(2024, 1, 1)


def owner_bundle() -> ImportBundle:
    """Yes/no with skips and notes, measurable both ways, names a spreadsheet would run."""
    days = [START + timedelta(days=i) for i in range(120)]
    return finalise(ImportBundle([
        ImportedHabit("Meditate", checkins=[ImportedCheckIn(x, "done") for x in days[::2]]
                      + [ImportedCheckIn(days[1], "skipped", None, 'ill, "fever"'),
                         ImportedCheckIn(days[3], "not_done", None, "=forgot")]),
        ImportedHabit("Water", kind="measurable", unit="glasses", target=8.0,
                      checkins=[ImportedCheckIn(x, "done", 5.0 + i % 6)
                                for i, x in enumerate(days)]
                      + [ImportedCheckIn(days[-1] + timedelta(days=1), "skipped")]),
        ImportedHabit("Coffee", kind="measurable", unit="cups", target=2.0,
                      direction="at_most",
                      checkins=[ImportedCheckIn(x, "done", 0.5 * (i % 7))
                                for i, x in enumerate(days)]),
        ImportedHabit("=Smoking", checkins=[ImportedCheckIn(days[5], "done", None, "-1 day")]),
        ImportedHabit("'Quoted", checkins=[ImportedCheckIn(days[6], "done")]),
    ], "habitory_json"), LIMITS)


def days_of(user_id: int) -> dict[str, list[tuple]]:
    rows = db.session.execute(
        sa.select(Habit.name, CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
        .join(CheckIn, CheckIn.habit_id == Habit.id).where(Habit.user_id == user_id)
        .order_by(Habit.name, CheckIn.day))
    found: dict[str, list[tuple]] = {}
    for name, *rest in rows:
        found.setdefault(name, []).append(tuple(rest))
    return found


def other_user() -> User:
    other = User(email="grace@example.com", password_hash="-")
    db.session.add(other)
    db.session.commit()
    return other


@pytest.fixture
def exported(user) -> bytes:
    store.apply(user.id, owner_bundle(), "merge")
    return "".join(export_checkins_csv(export_rows(user.id))).encode()


def test_own_checkins_csv_round_trip_keeps_every_day(user, exported):
    assert detect_format(exported[:64]) == "habitory_csv"
    bundle = read_import(exported, LIMITS)
    other = other_user()
    store.apply(other.id, bundle, "merge")
    assert days_of(other.id) == days_of(user.id)  # skips, misses, amounts, notes, names
    habits = {h.name: h for h in bundle.habits}
    assert (habits["Water"].kind, habits["Water"].target, habits["Water"].direction) == (
        "measurable", 8.0, "at_least")
    assert (habits["Coffee"].target, habits["Coffee"].direction) == (2.0, "at_most")
    assert habits["Meditate"].kind == "yes_no"
    # It says what a check-ins list cannot bring back, and points to the lossless backup.
    assert any(".json" in str(w) for w in bundle.warnings)


def test_own_checkins_csv_resaved_by_a_german_spreadsheet(user, exported):
    """Excel in a comma-decimal locale: semicolons, 6,5 for 6.5, a BOM, Windows-1252."""
    rows = list(csv.reader(io.StringIO(exported.decode())))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([row[0], row[1], row[2], row[3].replace(".", ","), row[4]])
    data = codecs.BOM_UTF8 + out.getvalue().encode()
    bundle = read_import(data, LIMITS)
    other = other_user()
    store.apply(other.id, bundle, "merge")
    assert days_of(other.id) == days_of(user.id)


def test_own_checkins_csv_through_the_web_form_is_previewed_then_kept(
        client, user, exported):
    answer = client.post("/settings/import", **upload_body({}, "habitory-checkins.csv",
                                                            exported))
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert 'name="token"' in page and "Habitory check-ins" in page
    assert "habit_columns" not in page  # not the generic column-mapping form
    client.post("/logout")
    client.post("/register", data={"email": "grace@example.com", "password": PASSWORD,
                                   "confirm": PASSWORD, "timezone": "UTC"})
    answer = client.post("/settings/import", **upload_body({}, "habitory-checkins.csv",
                                                            exported))
    token = answer.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    assert client.post("/settings/import/confirm",
                       data={"token": token, "on_conflict": "merge"}).status_code == 303
    grace = db.session.scalar(sa.select(User).where(User.email == "grace@example.com"))
    assert days_of(grace.id) == days_of(user.id)


def test_own_checkins_csv_with_a_bad_state_or_amount_is_refused_by_line(exported):
    lines = exported.decode().splitlines(keepends=True)
    for broken, expected in ((lines[1].replace(",done,", ",finished,", 1), "finished"),):
        with pytest.raises(BadImportFile) as refused:
            read_import("".join([lines[0], broken, *lines[2:]]).encode(), LIMITS)
        assert "Line 2" in refused.value.message and expected in refused.value.message
    water = next(i for i, line in enumerate(lines) if ",Water," in line)
    cells = lines[water].split(",")
    bad = ",".join([*cells[:3], "lots", *cells[4:]])
    with pytest.raises(BadImportFile) as refused:
        read_import("".join(lines[:water] + [bad] + lines[water + 1:]).encode(), LIMITS)
    assert f"Line {water + 1}" in refused.value.message


def test_cli_import_of_own_checkins_csv(runner, user, exported, tmp_path):
    path = tmp_path / "checkins.csv"
    path.write_bytes(exported)
    other_user()
    result = runner.invoke(args=["import-data", "--email", "grace@example.com", str(path)])
    assert result.exit_code == 0, result.output
    grace = db.session.scalar(sa.select(User).where(User.email == "grace@example.com"))
    assert days_of(grace.id) == days_of(user.id)


def test_own_checkins_csv_saved_as_unicode_text_by_excel(user, exported):
    """Excel's "Unicode Text": UTF-16 with a BOM, tab-separated, dates rewritten D/M/YYYY."""
    rows = list(csv.reader(io.StringIO(exported.decode())))
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        day = date.fromisoformat(row[0])
        writer.writerow([f"{day.day}/{day.month}/{day.year}", *row[1:]])
    data = out.getvalue().encode("utf-16")
    assert detect_format(data[:64]) == "habitory_csv"
    other = other_user()
    store.apply(other.id, read_import(data, LIMITS), "merge")
    assert days_of(other.id) == days_of(user.id)
