"""The catalogues: every message translated in every language, none missing from them, and the
committed .mo files compiled from the .po files as they are (like the CSS check)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from habitory.i18n import LANGUAGES, TRANSLATIONS

ROOT = Path(__file__).resolve().parents[1]
# The keywords `make translations` gives pybabel, besides its defaults (_, gettext, ngettext, N_).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None,
            "lazy_gettext": None, "lazy_ngettext": (1, 2), "NP_": (1, 2)}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def _catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _language(path: Path) -> str:
    return path.parts[-3]


def _extracted() -> set[str]:
    """The message ids a fresh extraction finds (babel.cfg, the Makefile's keywords)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {message[2] if isinstance(message[2], str) else message[2][0]
            for message in extract_from_dir(str(ROOT), method_map, options_map,
                                            keywords=KEYWORDS)}


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return _extracted()


def test_every_language_offered_has_a_catalogue_and_english_is_the_source():
    assert LANGUAGES[0] == "en" and len(LANGUAGES) >= 3  # at least German and French
    assert {_language(p) for p in CATALOGUES} == set(LANGUAGES) - {"en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=_language)
def test_every_message_is_translated_and_none_is_fuzzy(path):
    catalogue = _catalogue(path)
    untranslated = [m.id for m in catalogue if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert not catalogue.fuzzy  # the header too


@pytest.mark.parametrize("path", CATALOGUES, ids=_language)
def test_translations_keep_every_placeholder(path):
    """A translation that drops or misspells %(name)s raises (or loses a number) at render."""
    wrong = []
    for message in _catalogue(path):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(" ".join(sources))) - {"%(num)d", "%(num)s"}
        for target in targets:
            if set(PLACEHOLDER.findall(target)) - {"%(num)d", "%(num)s"} != expected:
                wrong.append((message.id, target))
    assert wrong == []


@pytest.mark.parametrize("path", CATALOGUES, ids=_language)
def test_extraction_finds_no_string_missing_from_the_catalogue(path, extracted):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(path) if m.id}
    assert sorted(extracted - known) == [], "run `make translations` and translate them"


def test_extraction_finds_no_string_missing_from_the_template(extracted):
    template = _catalogue(TRANSLATIONS / "messages.pot")
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert sorted(extracted - known) == [], "run `make translations`"


@pytest.mark.parametrize("path", CATALOGUES, ids=_language)
def test_committed_mo_is_the_compiled_po(path):
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(path))
    committed = path.with_suffix(".mo")
    assert committed.exists() and committed.read_bytes() == compiled.getvalue(), (
        f"{committed} is stale: run `make translations` and commit it")
