"""Models every node can read: HABITORY_MODEL_STORE=database keeps the signed model in a row,
`files` in instance/models; a wrong, foreign or incompatible model is never served."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import model_store
from habitory.domain.predictions import due_work, models_dir
from habitory.extensions import db
from habitory.jobs import forecast
from habitory.ml.paths import model_path
from habitory.models import Prediction, StoredModel, User

from .conftest import PASSWORD, TODAY


@pytest.fixture
def history(user, make_habit):
    """Ada's Read (daily, missed each seventh day) and Run (every third day), 120 days."""
    start = TODAY - timedelta(days=120)
    for name, every in (("Read", 1), ("Run", 3)):
        make_habit(user, name, start, [start + timedelta(days=d) for d in range(120)
                                       if d % every == 0 and (name != "Read" or d % 7 != 6)])


@pytest.fixture
def in_database(app):
    app.config["MODEL_STORE"] = "database"
    forecast._models.clear()
    yield
    forecast._models.clear()


def _sources(runner) -> set[str]:
    result = runner.invoke(args=["predict", "--email", "ada@example.com", "--json"])
    assert result.exit_code == 0, result.output
    return {row["source"] for row in json.loads(result.output)}


def test_the_default_store_follows_the_database(app):
    app.config["MODEL_STORE"] = None
    expected = "database" if db.engine.dialect.name == "postgresql" else "files"
    assert model_store.backend() == expected
    app.config["MODEL_STORE"] = "cloud"
    with pytest.raises(ValueError, match="HABITORY_MODEL_STORE"):
        model_store.backend()


def test_a_model_in_the_database_is_served_without_any_file(app, runner, user, history,
                                                            in_database):
    forecast.train(user.id)
    row = db.session.get(StoredModel, user.id)
    assert row is not None and len(row.data) > 100
    assert not model_path(models_dir(), user.id).exists()
    forecast._models.clear()  # another node: nothing cached
    served = {p.source for p in forecast.refresh(user.id)}
    assert served and "beta_binomial" not in served  # the trained model's predictor
    assert _sources(runner) == served


def test_retraining_replaces_the_row_whole(app, user, history, in_database):
    forecast.train(user.id)
    first = db.session.get(StoredModel, user.id).saved_at
    db.session.expire_all()
    forecast.train(user.id)
    rows = db.session.scalars(sa.select(StoredModel)).all()
    assert len(rows) == 1 and rows[0].saved_at >= first
    assert forecast.cached_model(user.id) is not None


@pytest.mark.parametrize("damage", ["flipped byte", "another user's", "other scikit-learn"])
def test_a_wrong_row_falls_back_and_is_retrained(app, runner, user, history, in_database,
                                                 make_habit, damage):
    forecast.train(user.id)
    row = db.session.get(StoredModel, user.id)
    if damage == "flipped byte":
        data = bytearray(row.data)
        data[-10] ^= 0xFF
        row.data = bytes(data)
    elif damage == "another user's":
        # Bob's own, validly signed model copied into Ada's row: its metadata names Bob.
        bob = User(email="bob@example.com", password_hash="x", timezone="UTC")
        db.session.add(bob)
        db.session.commit()
        make_habit(bob, "Walk", TODAY - timedelta(days=60),
                   [TODAY - timedelta(days=d) for d in range(1, 60, 2)])
        forecast.train(bob.id)
        row = db.session.get(StoredModel, user.id)
        row.data = db.session.get(StoredModel, bob.id).data
    else:
        # The same bytes, but signed metadata saying another scikit-learn made it.
        from habitory.ml.storage import decode_model, encode_model

        model = decode_model(row.data, user.id, app.secret_key)
        model.meta["sklearn_version"] = "0.1.0"
        row.data = encode_model(user.id, model, app.secret_key)
    db.session.commit()
    forecast._models.clear()
    assert _sources(runner) == {"beta_binomial"}  # the fallback, never the wrong model
    forecast.refresh(user.id)
    assert db.session.get(User, user.id).model_trained_at is None
    assert ("train", user.id) in due_work()


def test_switching_stores_retrains_instead_of_serving_nothing(app, user, history):
    app.config["MODEL_STORE"] = "files"
    forecast.train(user.id)
    assert model_path(models_dir(), user.id).exists()
    app.config["MODEL_STORE"] = "database"  # the operator moved to several hosts
    forecast._models.clear()
    assert {p.source for p in forecast.refresh(user.id)} == {"beta_binomial"}
    assert ("train", user.id) in due_work()
    forecast.train(user.id)
    assert db.session.get(StoredModel, user.id) is not None


def test_deleting_the_account_deletes_its_model_row(client, app, user, history, in_database):
    forecast.train(user.id)
    assert client.post("/settings/delete",
                       data={"delete-current": PASSWORD}).status_code == 303
    assert db.session.scalars(sa.select(StoredModel)).all() == []
    assert db.session.scalars(sa.select(Prediction)).all() == []


def test_a_file_write_never_leaves_half_a_model(app, user, history, monkeypatch):
    """The file store writes a temporary file and renames it: a writer that dies mid-write
    leaves the old model in place and readers never see the partial bytes."""
    app.config["MODEL_STORE"] = "files"
    forecast.train(user.id)
    path = model_path(models_dir(), user.id)
    before = path.read_bytes()

    def dies_mid_write(src, dst):
        raise KeyboardInterrupt  # as a SIGKILL would, between writing and renaming

    monkeypatch.setattr("habitory.ml.paths.os.replace", dies_mid_write)
    with pytest.raises(KeyboardInterrupt):
        model_store.write(user.id, b"half a model")
    assert path.read_bytes() == before
    assert list(path.parent.glob(".*.tmp")) == []


def test_an_unknown_store_in_the_environment_stops_the_start(monkeypatch, tmp_path):
    from habitory import config

    monkeypatch.setenv("HABITORY_MODEL_STORE", "s3")
    with pytest.raises(ValueError, match="HABITORY_MODEL_STORE must be 'files' or 'database'"):
        config.from_environment(str(tmp_path))
    monkeypatch.setenv("HABITORY_MODEL_STORE", "Database")
    assert config.from_environment(str(tmp_path))["MODEL_STORE"] == "database"
