"""A file from inside Loop's CSV export uploaded on its own (outside tester, a Loop veteran):
Checkmarks.csv read as any CSV took Loop's thousandths for amounts and lost its skips, and
Scores.csv became a measurable habit of scores. Both are refused, saying to upload the zip;
a spreadsheet of one's own with a Date column and habit columns still imports."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit
from habitory.portability import BadImportFile, Limits, read_import

from .conftest import HTMX, TODAY, upload_body

LIMITS = Limits(today=TODAY)
DAYS = [TODAY - timedelta(days=i) for i in range(4)]  # newest first, as Loop writes them

# As Loop 2.2 writes its top-level files (made up, in the shape of real exports): a trailing
# comma, puffs in thousandths, 2 a check, 3 a skip, -1 nothing.
CHECKMARKS = "Date,Vaping,Walk,Wake Up Early,\n" + "".join(
    f"{d},{puffs},{walk},{wake},\n" for d, puffs, walk, wake in zip(
        DAYS, ("100000", "84000", "0", "-1"), ("2", "2", "0", "-1"), ("3", "2", "2", "3"),
        strict=True))
SCORES = "Date,niet,\n" + "".join(
    f"{d},{s},\n" for d, s in zip(DAYS, ("0.6558", "0.6370", "0.6719", "0.6451"), strict=True))
# Loop 2.3.1 writes its codes as words.
CHECKMARKS_WORDS = "Date,Meditate,Sleep,\n" + "".join(
    f"{d},{m},{s},\n" for d, m, s in zip(DAYS, ("YES_MANUAL", "NO", "YES_AUTO", "UNKNOWN"),
                                           ("7500", "8000", "SKIP", "-1"), strict=True))
# Re-saved by a spreadsheet: a BOM, month-first two-digit years, no trailing comma, a weight.
RESAVED = "\ufeffDate,Activité: marche,Poids\n" + "".join(
    f"{d:%m-%d-%y},{walk},{kg}\n" for d, walk, kg in zip(
        DAYS, ("2", "-1", "0", "2"), ("77250", "-1", "77500", "-1"), strict=True))


def upload(client, content: str, name: str, headers=None):
    return client.post("/settings/import", headers=headers or {},
                       **upload_body({}, name, content.encode()))


def counts(user_id):
    habits = db.session.scalar(sa.select(sa.func.count(Habit.id)).where(Habit.user_id == user_id))
    checkins = db.session.scalar(sa.select(sa.func.count(CheckIn.id)).join(Habit)
                                 .where(Habit.user_id == user_id))
    return habits, checkins


@pytest.mark.parametrize(("content", "kind"), [
    (CHECKMARKS, "Checkmarks.csv"), (SCORES, "Scores.csv"), (CHECKMARKS_WORDS, "Checkmarks.csv"),
    (RESAVED, "Checkmarks.csv")], ids=["checkmarks", "scores", "words", "resaved"])
@pytest.mark.parametrize("name", ["Checkmarks.csv", "Scores.csv", "my-loop-data.csv"])
@pytest.mark.parametrize("headers", [None, HTMX], ids=["plain", "htmx"])
def test_a_file_of_loops_export_alone_is_refused_naming_it(client, user, content, kind, name,
                                                           headers):
    response = upload(client, content, name, headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"This is Loop Habit Tracker&#39;s {kind}, one file of its CSV export" in html
    assert "upload the whole zip Loop exported, or its backup (.db file), instead." in html
    assert 'id="file-error"' in html  # at the file field, on the import page
    assert counts(user.id) == (0, 0)


@pytest.mark.parametrize(("content", "kind"), [
    (CHECKMARKS, "Checkmarks.csv"), (SCORES, "Scores.csv")], ids=["checkmarks", "scores"])
def test_the_command_line_import_refuses_it_too(app, content, kind):
    refusal = f"Loop Habit Tracker's {kind}"
    with app.test_request_context(), pytest.raises(BadImportFile, match=refusal):
        read_import(content.encode(), LIMITS)


def test_loops_habits_csv_alone_gets_the_same_answer_on_the_web(client, user):
    habits = ("Position,Name,Question,Description,NumRepetitions,Interval,Color\n"
              "001,Walk,,,1,1,#D32F2F\n")
    response = upload(client, habits, "Habits.csv")
    assert response.status_code == 422
    assert "upload the whole zip, not its Habits.csv." in response.get_data(as_text=True)


# A user's own sheets: a Date column and a column per habit, as Habitory invites them.
@pytest.mark.parametrize(("content", "name"), [
    # Oldest first, ticks as 0/1, even under Loop's file name.
    ("Date,Run,Read\n2026-11-20,1,0\n2026-11-21,0,1\n2026-11-22,1,1\n", "Checkmarks.csv"),
    # Newest first, 0/1: no code of Loop's in it.
    ("Date,Run,Read\n2026-11-22,1,0\n2026-11-21,0,1\n2026-11-20,1,1\n", "habits.csv"),
    # Newest first, steps counted: amounts, not thousandths.
    ("Date,Steps\n2026-11-22,8432\n2026-11-21,10250\n2026-11-20,7000\n", "steps.csv"),
    # Counts of 0, 1 or 2 a day, oldest first.
    ("Date,Coffee\n2026-11-20,2\n2026-11-21,1\n2026-11-22,0\n", "coffee.csv"),
    # yes/no words.
    ("Date,Run\n2026-11-22,yes\n2026-11-21,no\n", "Checkmarks.csv"),
    # A share of a day, oldest first.
    ("Date,Mood\n2026-11-20,0.5000\n2026-11-21,0.7500\n", "mood.csv"),
])
def test_a_spreadsheet_of_ones_own_still_reaches_the_mapping_preview(client, user, content,
                                                                     name):
    response = upload(client, content, name)
    assert response.status_code == 200
    assert 'id="csv-mapping"' in response.get_data(as_text=True)
