"""An import is new history: Tomorrow's chances are recomputed from it, as after live ticks.

Every import door (Settings → Your data, `flask import-data`) writes through
portability.store.apply, which marks the account's predictions stale and its model due, and
asks the queue for the training without waiting for it.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest

from habitory.domain import predictions
from habitory.domain.predictions import due_work
from habitory.extensions import db
from habitory.jobs import forecast, queue
from habitory.models import User

from .conftest import TODAY
from .test_csv_import import Fields, send
from .test_csv_import import upload as csv_upload

EVERY_DAY = [TODAY - timedelta(days=d) for d in range(1, 61)]


def backup(*names: str) -> bytes:
    """A Habitory backup of habits done on each of the last 60 days."""
    habits = [{"name": name, "checkins": [{"day": day.isoformat(), "state": "done"}
                                          for day in EVERY_DAY]} for name in names]
    return json.dumps({"format": "habitory-backup", "schema_version": 1,
                       "habits": habits}).encode()


@pytest.fixture
def settled(user, make_habit):
    """Ada's "Read", done on 3 of the last 60 days, trained and predicted: nothing due."""
    make_habit(user, "Read", created=TODAY - timedelta(days=60),
               done=[TODAY - timedelta(days=d) for d in (5, 25, 45)])
    forecast.train(user.id)
    assert user.id not in {uid for _, uid in due_work()}
    return user


def chances(user_id: int) -> dict[str, float]:
    return {t.name: t.chance.probability for t in predictions.tomorrow_of(user_id, TODAY)
            if t.chance}


def stale(user_id: int) -> bool:
    db.session.expire_all()  # the job wrote through its own session
    return db.session.get(User, user_id).predictions_stale


def assert_due_and_stale(user_id: int) -> None:
    assert stale(user_id)
    assert ("train", user_id) in due_work()


def test_an_import_from_settings_refreshes_tomorrows_chances(client, settled, ml_background):
    before = chances(settled.id)
    assert set(before) == {"Read"}
    preview = client.post("/settings/import",
                          data={"file": (io.BytesIO(backup("Read", "Run")), "b.json")},
                          content_type="multipart/form-data")
    token = preview.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    done = client.post("/settings/import/confirm", data={"token": token, "on_conflict": "merge"})
    assert done.status_code == 303
    assert_due_and_stale(settled.id)
    assert queue.waiting() >= 1  # asked of the queue; the request did not train
    assert chances(settled.id) == before
    queue.drain()
    after = chances(settled.id)
    assert set(after) == {"Read", "Run"}
    assert after["Read"] > before["Read"]  # 60 days done in a row now, not 3
    assert not stale(settled.id)
    assert settled.id not in {uid for _, uid in due_work()}


def test_a_csv_import_from_settings_makes_the_account_due(client, settled):
    rows = "date,habit,state\n" + "".join(f"{day.isoformat()},Run,done\n" for day in EVERY_DAY)
    fields = Fields(csv_upload(client, rows).get_data(as_text=True)).data
    assert not stale(settled.id)  # a preview changes nothing
    assert send(client, fields, confirm="Import").status_code == 303
    assert_due_and_stale(settled.id)


def test_flask_import_data_refreshes_tomorrows_chances(app, runner, settled, tmp_path):
    before = chances(settled.id)
    path = tmp_path / "backup.json"
    path.write_bytes(backup("Read", "Run"))
    result = runner.invoke(args=["import-data", "--email", "ada@example.com", str(path)])
    assert result.exit_code == 0, result.output
    assert_due_and_stale(settled.id)
    forecast.run_due()  # the worker's sweep
    after = chances(settled.id)
    assert set(after) == {"Read", "Run"} and after["Read"] > before["Read"]


def test_an_import_that_adds_nothing_leaves_the_predictions_be(runner, settled, tmp_path):
    path = tmp_path / "backup.json"
    path.write_bytes(json.dumps({"format": "habitory-backup", "schema_version": 1,
                                 "habits": [{"name": "Read", "checkins": [
                                     {"day": (TODAY - timedelta(days=5)).isoformat(),
                                      "state": "done"}]}]}).encode())
    result = runner.invoke(args=["import-data", "--email", "ada@example.com", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 check-ins added" in result.output
    assert settled.id not in {uid for _, uid in due_work()}
