"""The names of Habitory's settings, and a warning for a HABITORY_ variable that is none."""

from __future__ import annotations

import difflib
import logging
import os

log = logging.getLogger(__name__)

# Every HABITORY_ variable config.py reads goes through read(), which notes its name: the list
# a host's variables are checked against (warn_unknown_settings) cannot miss a setting added later.
_READ: set[str] = set()
# Read by the test suite and CI, not by Habitory: set on purpose, so never a misspelling.
TEST_SETTINGS = frozenset({"HABITORY_REQUIRE_ALL_SUITES"})
_warned: set[str] = set()


def read(name: str, default: str | None = None) -> str | None:
    """os.environ.get, noting the name as a setting Habitory reads."""
    _READ.add(name)
    return os.environ.get(name, default)


def known_settings() -> frozenset[str]:
    """The HABITORY_ names this process has read so far, and those the tests read."""
    return frozenset(_READ) | TEST_SETTINGS


def warn_unknown_settings() -> None:
    """One warning line for each HABITORY_ variable Habitory does not read, with the setting
    it was likely meant to be: SECURE_COOKIE=1 for SECURE_COOKIES left cookies non-Secure,
    and nothing said so.
    Called once the settings are read; each name is said once per process."""
    known = known_settings()
    for name in sorted(os.environ):
        if not name.upper().startswith("HABITORY_") or name in known or name in _warned:
            continue
        _warned.add(name)
        log.warning("%s", unknown_setting_sentence(name, known))


def unknown_setting_sentence(name: str, known: frozenset[str]) -> str:
    """What to say of a HABITORY_ variable that is no setting."""
    prefix = len("HABITORY_")
    # Compared without the prefix they all share, which would make any two names look alike.
    close = difflib.get_close_matches(name.upper()[prefix:], [k[prefix:] for k in known], n=1)
    hint = (f"did you mean HABITORY_{close[0]}?" if close
            else "check its spelling against the settings in the README.")
    return f"{name} is set but is no Habitory setting, so it changes nothing: {hint}"
