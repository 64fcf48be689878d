"""The habit's settings form open in two tabs: saving the older one does not silently undo
what the other saved (a schedule changed in one tab came back with a rename in the other)."""

from __future__ import annotations

import html
import re

from werkzeug.datastructures import MultiDict

from habitory.extensions import db
from habitory.models import Habit


def _sent_by(page: str) -> MultiDict:
    """What a browser sends from the settings form as it was drawn."""
    form = page[page.index('class="habit-form'):]
    form = form[:form.index("</form>")]
    sent = MultiDict()
    for attributes in re.findall(r"<input([^>]*)>", form):
        name = re.search(r'name="([^"]*)"', attributes)
        value = re.search(r'value="([^"]*)"', attributes)
        kind = re.search(r'type="([^"]*)"', attributes)
        if not name or (kind and kind.group(1) in ("radio", "checkbox")
                        and " checked" not in attributes):
            continue
        sent.add(name.group(1), html.unescape(value.group(1)) if value else "")
    return sent


def _schedule(habit_id: int):
    db.session.expire_all()
    habit = db.session.get(Habit, habit_id)
    return habit.name, habit.freq_num, habit.freq_den, habit.weekdays


def test_saving_an_older_tab_says_the_habit_changed_instead_of_undoing_it(
        client, user, make_habit):
    habit = make_habit(user, "Run", freq_num=3, freq_den=7)
    tab_a = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    tab_b = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    tab_a.setlist("schedule", ["weekdays"])
    tab_a.setlist("days", ["0", "2", "4"])
    assert client.post(f"/habits/{habit.id}/edit", data=tab_a).status_code == 303

    tab_b.setlist("name", ["Running"])
    refused = client.post(f"/habits/{habit.id}/edit", data=tab_b)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "was changed in another tab or on another device" in html.unescape(page)
    assert 'value="Running"' in page  # what was typed stays, to save again
    assert _schedule(habit.id) == ("Run", 1, 1, 0b10101)  # Mon, Wed, Fri: tab A's change kept

    again = client.post(f"/habits/{habit.id}/edit", data=_sent_by(page))
    assert again.status_code == 303 and _schedule(habit.id)[0] == "Running"


def test_the_same_form_sent_twice_or_by_a_script_saves(client, user, make_habit):
    habit = make_habit(user, "Read", tags=[])
    sent = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    sent.setlist("name", ["Read more"])
    sent.setlist("tags", ["Evening, books"])
    assert client.post(f"/habits/{habit.id}/edit", data=sent).status_code == 303
    # A double click on Save: the second changes nothing the first did not.
    assert client.post(f"/habits/{habit.id}/edit", data=sent).status_code == 303
    sent.pop("version")  # a script that never drew the form
    sent.setlist("name", ["Read a lot"])
    assert client.post(f"/habits/{habit.id}/edit", data=sent).status_code == 303
    assert _schedule(habit.id)[0] == "Read a lot"
