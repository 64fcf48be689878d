"""The clone's own instance/ comes from git as 755 (and SQLite creates its files 644 under the
usual umask): on a shared host every user could read the database and the secret key. At
start Habitory makes them its host user's alone, and says so once."""

from __future__ import annotations

import logging
import os
import stat

from habitory import create_app

SECRETS = ("secret_key", "vapid_private.pem", "habitory.sqlite3", "habitory.sqlite3-wal",
           "queue.sqlite3")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _cloned_instance(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir(parents=True)
    for name in SECRETS:
        (folder / name).write_text("x")
        os.chmod(folder / name, 0o644)
    os.chmod(folder, 0o755)
    return folder


def _start(folder):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(folder), "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'habitory.sqlite3'}"})


def test_an_instance_folder_others_can_read_is_made_the_hosts_alone(tmp_path, caplog):
    folder = _cloned_instance(tmp_path)
    (folder / "notes.txt").write_text("the host's own file")
    os.chmod(folder / "notes.txt", 0o644)
    with caplog.at_level(logging.WARNING, logger="habitory"):
        _start(folder)
    assert _mode(folder) == 0o700
    assert {name: _mode(folder / name) for name in SECRETS} == dict.fromkeys(SECRETS, 0o600)
    assert _mode(folder / "notes.txt") == 0o644  # not ours to judge: the folder guards it
    said = [r.getMessage() for r in caplog.records if "0700" in r.getMessage()]
    assert len(said) == 1 and str(folder) in said[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="habitory"):
        _start(folder)  # already private: nothing more to say
    assert not [r for r in caplog.records if "0700" in r.getMessage()]


def test_only_a_folder_of_the_running_users_own_is_changed(tmp_path, monkeypatch):
    """Run as another user than the folder's (a service account reading the host's folder),
    its modes are the owner's decision; the host's own folder is tightened."""
    own = _cloned_instance(tmp_path)
    _start(own)
    assert _mode(own) == 0o700 and _mode(own / "secret_key") == 0o600
    theirs = _cloned_instance(tmp_path / "theirs")
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(theirs).st_uid + 1)
    _start(theirs)
    assert _mode(theirs) == 0o755 and _mode(theirs / "secret_key") == 0o644


def test_a_folder_that_cannot_be_changed_does_not_stop_the_start(tmp_path, monkeypatch, caplog):
    folder = _cloned_instance(tmp_path)

    def refused(path, mode, *args, **kwargs):
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(os, "chmod", refused)
    with caplog.at_level(logging.WARNING, logger="habitory"):
        app = _start(folder)
    assert app.instance_path == str(folder)
    assert _mode(folder) == 0o755
    assert any("could not" in r.getMessage() and "chmod 700" in r.getMessage()
               for r in caplog.records)


def test_a_folder_shared_with_a_group_alone_is_the_hosts_choice(tmp_path):
    """0750 and 0640 (a backup group reads the database): kept at every start."""
    folder = _cloned_instance(tmp_path)
    os.chmod(folder, 0o750)
    for name in SECRETS:
        os.chmod(folder / name, 0o640)
    _start(folder)
    assert _mode(folder) == 0o750
    assert {name: _mode(folder / name) for name in SECRETS} == dict.fromkeys(SECRETS, 0o640)


def test_a_folder_opened_to_its_group_keeps_the_groups_read_of_its_files(tmp_path):
    """The host's 0750 (a backup group): a database SQLite made 0644 there loses the others'
    read, not the group's (it became 0600 and the backup group could no longer read it)."""
    folder = _cloned_instance(tmp_path)
    os.chmod(folder, 0o750)
    _start(folder)
    assert _mode(folder) == 0o750
    assert {name: _mode(folder / name) for name in SECRETS} == dict.fromkeys(SECRETS, 0o640)
