"""A SECRET_KEY anyone could guess (the example file's "CHANGE-ME", "secret", "dev") signs
sessions anyone could forge: Habitory refuses to start with one, saying how to make a real one.
A short key gets a loud warning. `make run`'s generated key and the test suite's keys pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from habitory import create_app

FLASK = str(Path(sys.executable).with_name("flask"))


def _flask(tmp_path, *args, **env):
    """`flask --app habitory ...` as a host runs it, with this environment."""
    clean = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    clean.update(HABITORY_INSTANCE=str(tmp_path / "instance"),
                 DATABASE_URL=f"sqlite:///{tmp_path}/habitory.sqlite3", HABITORY_SCHEDULER="0",
                 **env)
    return subprocess.run([FLASK, "--app", "habitory", *args], env=clean, capture_output=True,
                          text=True, timeout=120)


def test_the_example_files_placeholder_is_refused_with_how_to_make_one(tmp_path):
    """deploy/habitory.env.example's line, copied as it is."""
    result = _flask(tmp_path, "db", "upgrade", SECRET_KEY="CHANGE-ME-64-hex-characters")
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "SECRET_KEY" in last and "secrets.token_hex(32)" in last
    assert "CHANGE-ME-64" not in result.stderr  # a key, even a bad one, stays out of logs
    assert "Running upgrade" not in result.stderr


@pytest.mark.parametrize("key", ["change-me", "changeme", "secret", "dev", "please-change",
                                 "Please change me!", "your-secret-key", "replace-me-please"])
def test_a_placeholder_secret_key_is_refused(tmp_path, monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY.*the environment.*secrets.token_hex"):
        create_app({"INSTANCE_PATH": str(tmp_path),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/habitory.sqlite3"})


@pytest.mark.parametrize("key", [
    "ключ-очень-длинный-и-случайный-секрет-для-сессий", "日本語のとても長い秘密のパスフレーズです",
    "correct-horse-exchange-melody-battery-staple", "interchangement-du-clavier-ancien-42",
    "your-secretary-drove-the-purple-bus-home"])
def test_strong_keys_that_merely_hold_a_placeholder_word_start(tmp_path, key):
    """Keys in other scripts, and passphrases with "change" or "your secret" inside a word: a
    host that had one must not find the app refusing to start after an upgrade."""
    result = _flask(tmp_path, "db", "upgrade", SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert "placeholder" not in result.stderr


def test_a_placeholder_in_the_instance_config_is_refused_too(tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "config.py").write_text('SECRET_KEY = "changeme"\n')
    result = _flask(tmp_path, "db", "upgrade")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "instance/config.py" in result.stderr
    # Keys handed to create_app by code (tests, benchmarks) are that code's business.
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "dev"})
    assert app.secret_key == "dev"


def test_a_placeholder_written_into_instance_secret_key_is_refused(tmp_path):
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret_key").write_text("secret\n")
    result = _flask(tmp_path, "db", "upgrade")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "instance/secret_key" in result.stderr


def test_a_short_secret_key_starts_with_a_loud_warning(tmp_path):
    """`make run` (no SECRET_KEY: one is generated into instance/secret_key) and a long key
    start without a word; a short one starts, saying how to make a real one."""
    generated = _flask(tmp_path, "db", "upgrade")
    assert generated.returncode == 0, generated.stderr
    assert "SECRET_KEY" not in generated.stderr
    assert len((tmp_path / "instance" / "secret_key").read_text().strip()) == 64
    strong = _flask(tmp_path, "db", "upgrade", SECRET_KEY="kc2R9v-" + "q" * 30)
    assert strong.returncode == 0 and "SECRET_KEY" not in strong.stderr
    short = _flask(tmp_path, "db", "upgrade", SECRET_KEY="k3y-of-14chars")
    assert short.returncode == 0, short.stderr
    assert "SECRET_KEY (from the environment) is only 14 characters" in short.stderr
    assert "secrets.token_hex(32)" in short.stderr
