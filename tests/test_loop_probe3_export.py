"""A day marked "not done" inside a period a non-daily habit's target already covers is written
in Loop's CSV zip as Loop writes it, an automatic checkmark (EntryList.buildEntriesFromInterval
turns a NO there into YES_AUTO), so importing the zip again does not bring it back. The export
page says so before the download, naming the habits; the Loop backup (.db) keeps those days."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn
from habitory.portability import Limits, read_import

from .conftest import TODAY


def test_the_export_page_names_habits_whose_covered_misses_the_zip_cannot_keep(client, user,
                                                                                make_habit):
    start = TODAY - timedelta(days=13)
    gym = make_habit(user, "Gym", created=start, freq_num=1, freq_den=7,
                     done=[start, start + timedelta(days=7)])
    make_habit(user, "Read", created=start, done=[start])
    missed = [start + timedelta(days=2), start + timedelta(days=9)]  # inside the covered weeks
    db.session.execute(sa.insert(CheckIn), [{"habit_id": gym.id, "day": d, "state": "not_done"}
                                            for d in missed])
    db.session.commit()

    data = client.get("/settings/export?format=loop").get_data()
    checkmarks = zipfile.ZipFile(io.BytesIO(data)).read("001 Gym/Checkmarks.csv").decode()
    assert f"{missed[0].isoformat()},YES_AUTO," in checkmarks  # as Loop writes it
    again = read_import(data, Limits(today=TODAY)).habits[0]
    assert not [c for c in again.checkins if c.state == "not_done"]  # so it does not come back

    backup = client.get("/settings/export?format=loop_db").get_data()
    kept = read_import(backup, Limits(today=TODAY)).habits[0]
    assert sorted(c.day for c in kept.checkins if c.state == "not_done") == missed

    html = client.get("/settings/export/loop").get_data(as_text=True)
    assert ("a day marked not done within a period the habit’s frequency already covers is "
            "written as Loop writes it, an automatic checkmark") in html
    assert "(the Loop backup .db keeps it): Gym." in html  # a daily habit loses nothing
