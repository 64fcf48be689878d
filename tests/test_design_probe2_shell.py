"""The app's shell: the web app manifest says which language its words are in (a phone
installing Habitory reads the description, and speaks the name, in that language), and the
top bar says which page is open when it is the notifications'."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize(("accept", "lang", "description"), [
    ("de-DE,de;q=0.9", "de", "Deine Gewohnheiten, Tag für Tag, auf deinem eigenen Server."),
    ("pt-BR", "pt-BR", None),
    ("en-GB", "en", "Your habits, day by day, on your own server."),
])
def test_manifest_names_the_language_of_its_words(client, accept, lang, description):
    response = client.get("/manifest.webmanifest", headers={"Accept-Language": accept})
    manifest = json.loads(response.data)
    assert manifest["lang"] == lang
    assert manifest["dir"] == "ltr"
    if description:
        assert manifest["description"] == description
    # It differs by the reader's language: a cache must not hand one reader's to another.
    assert "Accept-Language" in response.headers.get("Vary", "")


def test_the_bell_says_it_is_the_open_page_on_notifications_only(client, user):
    bell = ('<a href="/notifications" aria-current="page" class="btn btn-quiet relative px-2"'
            ' id="notification-bell"')
    assert bell in client.get("/notifications").get_data(as_text=True)
    for other in ("/", "/calendar", "/settings"):
        html = client.get(other).get_data(as_text=True)
        assert 'id="notification-bell"' in html and bell not in html
