"""GET /state-words.json: the words a day's label says for each state, in the reader's
language, kept by offline_words.js so that a day drawn offline says its state in that language
even when no page has shown the word yet."""

from __future__ import annotations

from habitory.extensions import db

KEYS = {"done", "clean", "skipped", "notYet", "noEntry", "missed", "slipped"}


def test_the_words_follow_the_account_language(client, user):
    user.language = "fr"
    db.session.commit()
    answer = client.get("/state-words.json")
    assert answer.status_code == 200
    assert answer.json["lang"] == "fr"
    states = answer.json["states"]
    assert set(states) == KEYS
    assert states["skipped"] == "passé"
    assert states["notYet"] == "pas encore fait"
    assert "no entry" not in states.values() and "skipped" not in states.values()


def test_english_words_and_quit_habits_own(client, user):
    states = client.get("/state-words.json").json["states"]
    assert states == {"done": "done", "clean": "clean", "skipped": "skipped",
                      "notYet": "not done yet", "noEntry": "no entry", "missed": "not done",
                      "slipped": "slipped"}


def test_before_logging_in_the_browser_language_and_never_cached_for_another(client):
    answer = client.get("/state-words.json", headers={"Accept-Language": "de"})
    assert answer.json["lang"] == "de"
    assert answer.json["states"]["skipped"] != "skipped"
    assert {"Accept-Language", "Cookie"} <= set(answer.vary)
    assert "no-cache" in answer.headers["Cache-Control"]
    assert "private" in answer.headers["Cache-Control"]
