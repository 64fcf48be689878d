"""Settings a host gets wrong without Habitory refusing them: a misspelt HABITORY_ name is
said at start (one warning line, with the name it was likely meant to be), and a
HABITORY_VAPID_SUBJECT that is no mailto: or https: contact stops the start."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from habitory import config, config_names

from .test_host_startup_errors import _flask, _one_sentence

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"HABITORY_[A-Z0-9_]+")


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "is no Habitory setting" in line]


def test_a_misspelt_setting_is_said_once_with_the_name_it_was_meant_to_be(tmp_path):
    result = _flask(tmp_path, "db", "upgrade", HABITORY_SECURE_COOKIE="1",
                    HABITORY_OPEN_REGISTRATON="0")

    assert result.returncode == 0, result.stderr  # a warning, not a refusal
    cookie, registration = sorted(_warnings(result.stderr))
    assert _warnings(result.stderr).count(cookie) == 1
    assert "HABITORY_OPEN_REGISTRATON" in cookie
    assert "did you mean HABITORY_OPEN_REGISTRATION?" in cookie
    assert "HABITORY_SECURE_COOKIE " in registration
    assert "did you mean HABITORY_SECURE_COOKIES?" in registration


def test_a_name_like_no_setting_points_to_the_readme(tmp_path):
    result = _flask(tmp_path, "db", "upgrade", HABITORY_ZZZ="1")
    assert result.returncode == 0, result.stderr
    (line,) = _warnings(result.stderr)
    assert "HABITORY_ZZZ" in line and "did you mean" not in line and "README" in line


def test_the_settings_habitory_and_its_tests_read_start_without_a_word(tmp_path):
    names = _names_set_by_the_tests_and_ci() | _names_in(ROOT / "habitory" / "config.py")
    env = {name: "" for name in names}
    env.update(HABITORY_INSTANCE=str(tmp_path / "instance"), HABITORY_SCHEDULER="0")
    result = _flask(tmp_path, "db", "upgrade", **env)
    assert result.returncode == 0, result.stderr
    assert not _warnings(result.stderr), result.stderr


def _names_in(path: Path) -> set[str]:
    return set(NAME.findall(path.read_text()))


def _names_set_by_the_tests_and_ci() -> set[str]:
    files = [*(ROOT / "tests").rglob("*.py"), *(p for p in (ROOT / ".ci").rglob("*")
                                                  if p.is_file())]
    this = Path(__file__).resolve()
    return set().union(*(_names_in(path) for path in files if path.resolve() != this))


def test_the_known_names_cover_config_the_readme_tests_and_ci(tmp_path, monkeypatch):
    """The list is what config.py reads: a setting added there can never be warned about."""
    for name in [n for n in os.environ if n.startswith("HABITORY_")]:
        monkeypatch.delenv(name)
    config.instance_path()
    config.from_environment(str(tmp_path))
    known = config_names.known_settings()
    assert _names_in(ROOT / "habitory" / "config.py") <= known
    assert _names_in(ROOT / "README.md") <= known
    assert _names_set_by_the_tests_and_ci() <= known


def test_the_same_name_is_warned_of_once_per_process(monkeypatch, caplog):
    monkeypatch.setattr(config_names, "_warned", set())
    monkeypatch.setenv("HABITORY_SECURE_COOKIE", "1")
    for _ in range(3):  # tests, or a script, build several apps in one process
        config_names.warn_unknown_settings()
    assert [r.getMessage() for r in caplog.records].count(
        "HABITORY_SECURE_COOKIE is set but is no Habitory setting, so it changes nothing: "
        "did you mean HABITORY_SECURE_COOKIES?") == 1


@pytest.mark.parametrize("bogus", ["bogus", "admin@example.org", "mailto:", "mailto:nobody",
                                   "http://example.org", "https://", "https:example.org"])
def test_a_vapid_subject_that_is_no_contact_is_refused(tmp_path, monkeypatch, bogus):
    monkeypatch.setenv("HABITORY_VAPID_SUBJECT", bogus)
    with pytest.raises(config.SettingError) as refused:
        config.from_environment(str(tmp_path))
    assert str(refused.value) == (
        "HABITORY_VAPID_SUBJECT must be a mailto: or https: contact "
        f"(mailto:you@example.org or https://example.org), not {bogus!r}.")


@pytest.mark.parametrize(("given", "used"), [
    (None, "mailto:admin@localhost"), ("", "mailto:admin@localhost"),
    ("  ", "mailto:admin@localhost"), ("mailto:me@example.org", "mailto:me@example.org"),
    ("https://example.org/contact", "https://example.org/contact"),
    ("MAILTO:me@example.org", "MAILTO:me@example.org"),
])
def test_a_vapid_subject_that_is_a_contact_or_unset_starts(tmp_path, monkeypatch, given, used):
    if given is None:
        monkeypatch.delenv("HABITORY_VAPID_SUBJECT", raising=False)
    else:
        monkeypatch.setenv("HABITORY_VAPID_SUBJECT", given)
    assert config.from_environment(str(tmp_path))["VAPID_SUBJECT"] == used


def test_flask_stops_on_a_bogus_vapid_subject_with_status_4(tmp_path):
    result = _flask(tmp_path, "list-users", HABITORY_VAPID_SUBJECT="bogus")
    _one_sentence(result, "HABITORY_VAPID_SUBJECT", "mailto:", "https:", "'bogus'")
    assert result.returncode == 4
