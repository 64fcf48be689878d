"""What a host meets: a failed statement never writes its values (an email, a password hash,
a session token) into the logs; the first start of several workers agrees on one secret key."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from habitory.config import load_secret_key
from habitory.extensions import db
from habitory.models import User


def test_a_failed_statement_names_no_values(app, user):
    with pytest.raises(IntegrityError) as failed:
        db.session.execute(sa.insert(User).values(
            email=user.email, password_hash="scrypt:secret-hash-value", timezone="UTC"))
    db.session.rollback()
    text = str(failed.value)
    assert "users" in text and "parameters hidden" in text
    # PostgreSQL's own detail names the key that clashed (the email); no other value shows.
    assert "secret-hash-value" not in text and "UTC" not in text.split("DETAIL")[0]


def test_workers_starting_together_agree_on_one_secret_key(tmp_path):
    for trial in range(60):
        folder = tmp_path / str(trial)
        keys: list[str] = []
        barrier = threading.Barrier(8)

        def start(folder=folder, keys=keys, barrier=barrier):
            barrier.wait()
            keys.append(load_secret_key(str(folder)))

        threads = [threading.Thread(target=start) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(set(keys)) == 1 and len(keys[0]) == 64, keys
        assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no draft left behind


def test_a_new_instance_folder_is_the_hosts_alone(tmp_path):
    from habitory import create_app

    folder = tmp_path / "instance"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'habitory.sqlite3'}"})
    assert app.instance_path == str(folder)
    assert folder.stat().st_mode & 0o777 == 0o700
