"""Text from every door goes through domain/text.py: NUL and other control characters get a
message at their field (PostgreSQL refuses NUL: these were 500s), names are NFC without bidi
controls and must show something, and lookups by a name treat such text as unknown."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from habitory.domain.text import TextError, clean, clean_name, findable, quoted
from habitory.extensions import db
from habitory.models import CheckIn, Habit, Tag, User

from .conftest import HTMX

NUL, ESC, ZWSP, RLO = "\x00", "\x1b", "\u200b", "\u202e"


# The rules themselves ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["a\x00b", "a\x1bb", "a\x7fb", "a\x85b", "a\ud800b"])
def test_clean_refuses_control_characters_and_lone_surrogates(text):
    with pytest.raises(TextError, match="Remove"):
        clean(text)


def test_clean_keeps_line_breaks_only_where_multiline_and_normalises():
    assert clean("one\ntwo\tthree", multiline=True) == "one\ntwo\tthree"
    with pytest.raises(TextError, match="U\\+000A"):
        clean("one\ntwo")
    assert clean("Cafe\u0301") == "Café"  # NFC
    assert clean(f"{RLO}gnp.exe") == "gnp.exe"


@pytest.mark.parametrize("name", [ZWSP, f" {ZWSP}\u2060 ", "\u3164", "\u0301", "\u2800\u2800"])
def test_names_with_nothing_visible_are_refused(name):
    with pytest.raises(TextError, match="no visible characters"):
        clean_name(name)


def test_names_are_trimmed_of_zero_width_characters_and_keep_emoji_joiners():
    assert clean_name(f"{ZWSP} Read {ZWSP}\ufeff") == "Read"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_name(family) == family
    assert clean_name("") == ""


def test_lookups_and_echoes():
    assert findable("a\x00b", 30) is None
    assert findable(ZWSP, 30) is None
    assert findable("x" * 31, 30) is None
    assert findable(" Health ", 30) == "Health"
    assert quoted("a\x00b") == "a\ufffdb"
    assert quoted("x" * 100, 5) == "xxxxx…"


# Habit forms ---------------------------------------------------------------------------

def _habits():
    return list(db.session.scalars(sa.select(Habit).order_by(Habit.id)))


FULL = {"form": "full", "name": "Read", "kind": "measurable", "schedule": "daily",
        "target": "10", "direction": "at_least", "colour": "teal"}


@pytest.mark.parametrize("field", ["name", "description", "unit", "icon", "tags", "reminders"])
@pytest.mark.parametrize("bad", [NUL, ESC])
def test_full_form_refuses_control_characters_at_the_field(client, auth, field, bad):
    auth.register()
    data = {**FULL, field: f"a{bad}b"}
    response = client.post("/habits", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    expected = "Remove a NUL byte" if bad == NUL else "Remove a control character (U+001B)"
    assert expected in html
    assert f'id="{field}-error"' in html
    assert _habits() == []


def test_quick_add_and_rename_refuse_nul_and_invisible_names(client, auth):
    auth.register()
    for name in (f"Re{NUL}ad", ZWSP * 3):
        for headers in ({}, HTMX):
            response = client.post("/habits", data={"name": name}, headers=headers)
            assert response.status_code == 422
            html = response.get_data(as_text=True)
            assert "Remove a NUL byte" in html or "no visible characters" in html
    assert _habits() == []
    client.post("/habits", data={"name": "Read"})
    (habit,) = _habits()
    for name in (f"Wr{NUL}ite", f"{ZWSP}\u2063"):
        response = client.post(f"/habits/{habit.id}/rename", data={"name": name}, headers=HTMX)
        assert response.status_code == 422
        assert 'id="rename-' in response.get_data(as_text=True)
    db.session.refresh(habit)
    assert habit.name == "Read"


def test_names_are_stored_nfc_without_bidi_controls(client, auth):
    auth.register()
    assert client.post("/habits", data={"name": f"{RLO}Cafe\u0301{ZWSP}"}).status_code == 303
    (habit,) = _habits()
    assert habit.name == "Café" and habit.name_key == "café"
    again = client.post("/habits", data={"name": "Café"})  # precomposed: the same name
    assert again.status_code == 422 and "already have a habit" in again.get_data(as_text=True)


def test_tags_are_names_too(client, auth):
    auth.register()
    response = client.post("/habits", data={**FULL, "tags": f"health, {ZWSP}"})
    assert response.status_code == 422
    assert "The tag has no visible characters" in response.get_data(as_text=True)
    ok = client.post("/habits", data={**FULL, "tags": f"#Health, {RLO}morning, health"})
    assert ok.status_code == 303
    assert sorted(db.session.scalars(sa.select(Tag.name))) == ["Health", "morning"]


def test_many_tags_are_refused_quickly(client, auth):
    auth.register()
    # As many as the 64 KB form limit lets through (a larger body is a 413 before any parsing);
    # the parser was quadratic in the number of tags (its speed is measured in benchmarks/,
    # not timed here, where a loaded CI machine would make a timing flaky).
    tags = ",".join(f"t{i}" for i in range(9_000))
    response = client.post("/habits", data={**FULL, "tags": tags})
    assert response.status_code == 422
    assert "Use at most 10 tags per habit" in response.get_data(as_text=True)


# A day's note and tag ------------------------------------------------------------------

@pytest.fixture
def habit_id(client, auth, frozen_now):
    frozen_now(2026, 3, 10, 12, 0)
    auth.register()
    client.post("/habits", data={"name": "Read"})
    return db.session.scalar(sa.select(Habit.id))


def _checkins():
    return db.session.execute(sa.select(CheckIn.day, CheckIn.state, CheckIn.note)).all()


def test_day_note_with_nul_is_refused_at_its_field(client, habit_id):
    data = {"form": "day", "day": "2026-03-09", "note": f"chapter{NUL}3", "state": "done"}
    page = client.post(f"/habits/{habit_id}/day", data=data)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'id="log-note-error"' in html and "Remove a NUL byte" in html
    fragment = client.post(f"/habits/{habit_id}/day", data=data, headers=HTMX)
    assert fragment.status_code == 422 and "Remove a NUL byte" in fragment.get_data(True)
    assert _checkins() == []
    ok = client.post(f"/habits/{habit_id}/day", data={**data, "note": "line\none\ttwo"})
    assert ok.status_code == 303
    assert _checkins() == [(date(2026, 3, 9), "done", "line\none two")]  # lines kept


def test_toggle_with_a_nul_tag_is_a_message_not_a_500(client, habit_id):
    response = client.post(f"/habits/{habit_id}/toggle", data={"tag": f"a{NUL}b"},
                           headers=HTMX)
    assert response.status_code == 422
    assert "Remove a NUL byte" in response.get_data(as_text=True)
    assert _checkins() == []
    unknown = client.post(f"/habits/{habit_id}/toggle", data={"tag": "nosuchtag"},
                          headers=HTMX)
    assert unknown.status_code == 200 and f'id="habit-{habit_id}"' in unknown.get_data(True)


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31", "9999-12-31", "2026-03-11"])
def test_days_out_of_range_are_refused_by_toggle_and_day_editor(client, habit_id, day):
    toggle = client.post(f"/habits/{habit_id}/toggle", data={"day": day}, headers=HTMX)
    assert toggle.status_code == 422
    edit = client.post(f"/habits/{habit_id}/day", data={"form": "day", "day": day,
                                                         "state": "done"})
    assert edit.status_code == 422 and 'id="log-day-error"' in edit.get_data(as_text=True)
    assert _checkins() == []


# Query strings and the command line ----------------------------------------------------

@pytest.mark.parametrize("tag", ["a%00b", "a%1Bb", "%E2%80%8B", "x" * 5000, "%ED%A0%80"])
def test_a_tag_no_tag_can_have_is_an_unknown_tag(client, habit_id, tag):
    for headers in ({}, HTMX):
        response = client.get(f"/?tag={tag}", headers=headers)
        assert response.status_code == 200
        assert "showing every habit" in response.get_data(as_text=True)


def test_unknown_tag_is_echoed_short_and_without_control_characters(client, habit_id):
    html = client.get("/?tag=" + "a%00" * 2000).get_data(as_text=True)
    assert "\x00" not in html and "a\ufffda" in html and len(html) < 40_000


def test_cli_names_and_emails_with_control_characters(runner, client, habit_id):
    result = runner.invoke(args=["strength", "--email", "ada@example.com",
                                 "--habit", f"Re{NUL}ad"])
    assert result.exit_code == 1 and "has no habit called" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    result = runner.invoke(args=["strength", "--email", f"ada{NUL}@example.com",
                                 "--habit", "Read"])
    assert result.exit_code == 1 and "No account for" in result.output
    result = runner.invoke(args=["create-user", "--email", f"eve{NUL}@example.com",
                                 "--password", "long enough password"])
    assert result.exit_code == 1 and "Remove a NUL byte" in result.output
    result = runner.invoke(args=["seed-demo", "--email", f"eve{NUL}@example.com"])
    assert result.exit_code == 1 and "Remove a NUL byte" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
    result = runner.invoke(args=["strength", "--email", "ada@example.com", "--habit", "Read",
                                 "--from", "0001-01-01"])
    assert result.exit_code == 1 and "--from must be 1970-01-01 or later" in result.output


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_name_refuses_line_and_paragraph_separators_a_note_keeps_them(client, user, separator):
    """A name is one line: U+2028 ended it in CSV readers and terminals, and Today showed
    "ab". A note may hold line breaks: these become its own."""
    from .api_support import bearer

    code = f"U+{ord(separator):04X}"
    api = client.post("/api/v1/habits", json={"name": f"a{separator}b"}, headers=bearer(user.id))
    assert api.status_code == 422 and code in api.get_data(as_text=True)
    page = client.post("/habits", data={"name": f"a{separator}b"})
    assert page.status_code == 422 and code in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0
    client.post("/habits", data={"name": "Read"})
    habit = db.session.scalar(sa.select(Habit.id))
    note = f"first{separator}second"
    client.post(f"/habits/{habit}/day", data={"day": "2026-01-05", "note": note})
    assert db.session.scalar(sa.select(CheckIn.note)).splitlines() == ["first", "second"]
