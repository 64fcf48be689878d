"""A measurable habit given another type on its settings page lost its target, unit and
direction at the first Save, with only "Saved" to say so (an "at most" habit's empty days,
within the limit, became not done: strength 100 % to 5 %). The page now says what saving
drops and saves only once the user ticks "Yes, change its type", as the API asks for
"target": null. Other edits save at once, as before."""

from __future__ import annotations

import html
import re

from habitory.extensions import db
from habitory.models import Habit

from .conftest import HTMX
from .test_habits_probe2_two_tabs import _sent_by

WARNING = ("Saving makes “Vaping” a yes-or-no habit: its target (at most 80 puffs) and unit "
           "are removed")


def _vaping(make_habit, user) -> Habit:
    return make_habit(user, "Vaping", kind="measurable", target=80.0, unit="puffs",
                      direction="at_most")


def _settings(habit_id: int) -> tuple:
    db.session.expire_all()
    habit = db.session.get(Habit, habit_id)
    return habit.kind, habit.target, habit.unit, habit.direction


def _edit_sent(client, habit_id: int, **changes):
    sent = _sent_by(client.get(f"/habits/{habit_id}/edit").get_data(as_text=True))
    for name, value in changes.items():
        sent.setlist(name, [value])
    return sent


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _messages_after(client, response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    return _text(client.get(response.headers["Location"]))


def test_a_plain_save_asks_first_and_saves_only_when_confirmed(client, user, make_habit):
    habit = _vaping(make_habit, user)
    asked = client.post(f"/habits/{habit.id}/edit",
                        data=_edit_sent(client, habit.id, kind="yes_no", colour="red"))
    assert asked.status_code == 200
    assert _settings(habit.id) == ("measurable", 80.0, "puffs", "at_most")
    page = _text(asked)
    assert WARNING in page and "Saved" not in page
    # At the Type field, focused and described by the warning; the user's choices are kept.
    box = re.search(r'<input[^>]*name="confirm_kind"[^>]*>', page).group(0)
    assert 'type="checkbox"' in box and "autofocus" in box and " checked" not in box
    assert 'aria-describedby="kind-warning"' in box and 'id="kind-warning"' in page
    assert "Yes, change its type" in page
    form = page[page.index('class="habit-form'):]
    form = form[:form.index("</form>")]
    assert form.count("autofocus") == 1  # not the name field's, as a fresh form has
    again = _sent_by(asked.get_data(as_text=True))
    assert again["kind"] == "yes_no" and again["colour"] == "red" and again["target"] == "80"

    # Saved again without ticking the box: still asked, still measurable.
    assert client.post(f"/habits/{habit.id}/edit", data=again).status_code == 200
    assert _settings(habit.id)[0] == "measurable"

    again["confirm_kind"] = "1"
    page = _messages_after(client, client.post(f"/habits/{habit.id}/edit", data=again))
    assert "Saved “Vaping”." in page
    assert _settings(habit.id) == ("yes_no", None, None, "at_least")


def test_to_quit_says_how_its_days_then_count(client, user, make_habit):
    habit = _vaping(make_habit, user)
    asked = client.post(f"/habits/{habit.id}/edit", data=_edit_sent(client, habit.id, kind="quit"))
    assert asked.status_code == 200
    page = _text(asked)
    assert "Saving makes “Vaping” a habit to quit: its target (at most 80 puffs)" in page
    assert "a day without a check-in counts as clean" in page
    assert _settings(habit.id)[0] == "measurable"


def test_an_htmx_save_asks_the_same_way(client, user, make_habit):
    habit = _vaping(make_habit, user)
    sent = _edit_sent(client, habit.id, kind="yes_no")
    asked = client.post(f"/habits/{habit.id}/edit", data=sent, headers=HTMX)
    assert asked.status_code == 200  # as a plain post: nothing in it is wrong
    assert WARNING in _text(asked) and 'class="habit-form' in _text(asked)
    assert _settings(habit.id)[0] == "measurable"
    sent["confirm_kind"] = "1"
    assert client.post(f"/habits/{habit.id}/edit", data=sent, headers=HTMX).status_code == 303
    assert _settings(habit.id)[0] == "yes_no"


def test_other_edits_save_at_once(client, user, make_habit):
    habit = _vaping(make_habit, user)
    sent = _edit_sent(client, habit.id, target="60", colour="red")
    page = _messages_after(client, client.post(f"/habits/{habit.id}/edit", data=sent))
    assert "Saved “Vaping”." in page and "Saving makes" not in page
    assert _settings(habit.id) == ("measurable", 60.0, "puffs", "at_most")

    read = make_habit(user, "Read")
    sent = _edit_sent(client, read.id, kind="measurable", target="20", unit="pages")
    assert client.post(f"/habits/{read.id}/edit", data=sent).status_code == 303
    assert _settings(read.id) == ("measurable", 20.0, "pages", "at_least")


def test_another_users_habit_is_still_not_found(client, user, auth, make_habit):
    habit = _vaping(make_habit, user)
    sent = _edit_sent(client, habit.id, kind="yes_no")
    auth.logout()
    auth.register(email="intruder@example.com")
    for extra in ({}, {"confirm_kind": "1"}):
        assert client.post(f"/habits/{habit.id}/edit", data={**sent, **extra}).status_code == 404
    assert _settings(habit.id) == ("measurable", 80.0, "puffs", "at_most")
