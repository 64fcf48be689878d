"""Before a user chooses, the browser's languages decide, in the visitor's order: the first
language Habitory speaks, a regional variant read as its language (fr-CA is French)."""

from __future__ import annotations

import re

import pytest

CASES = [
    ("en-US,de;q=0.9", "en"),  # English first: a German fallback does not win
    ("en-GB,fr;q=0.5", "en"),
    ("es-MX,en;q=0.5", "es"),
    ("pt-PT,en;q=0.8", "pt-BR"),  # the Portuguese Habitory has
    ("pt", "pt-BR"),
    ("pt-br", "pt-BR"),
    ("fr-CA", "fr"),
    ("es-419,en;q=0.1", "es"),
    ("de-AT, fr;q=0.9", "de"),
    ("ja,zh;q=0.9", "en"),  # none spoken: English
    ("ja,fr;q=0.5", "fr"),  # the first one spoken, wherever it is
    ("fr;q=0.5,de;q=0.8", "de"),  # by quality, not by place
    ("de;q=0,fr", "fr"),  # q=0: not wanted
    ("*", "en"),
    ("", "en"),
]


@pytest.mark.parametrize(("header", "expected"), CASES)
def test_the_visitors_first_spoken_language_wins(client, header, expected):
    html = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert re.search(r'<html lang="([^"]+)"', html).group(1) == expected
