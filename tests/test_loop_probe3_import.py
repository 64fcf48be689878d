"""A Loop export zip without Habits.csv (as people share Loop's Checkmarks.csv alone), imported
through Settings → Your data: a measurable habit comes with no target, so it gets the median of
its logged amounts as an "at least" target, said in the preview; Today then shows "/ target",
never "/ 0", and its Edit form saves a rename. Yes/no habits whose automatic checkmarks fit no
frequency are named in the preview with what they get and what that costs."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

from .conftest import TODAY
from .page_text import without_tokens

DAYS = [TODAY - timedelta(days=i) for i in range(1, 21)]  # newest first, as Loop writes
# Sleep in thousandths of hours, as Loop stores a numerical habit: median 7.25.
SLEEP = [6000, 6500, 7000, 7000, 7500, 7500, 8000, 9000, 6500, 7000,
         7500, 8000, 7000, 6000, 7500, 8000, 7000, 7500, 8500, 6500]


def loop_zip(columns: dict[str, list[int]]) -> bytes:
    """Only the top-level Checkmarks.csv, as the etiesch export on GitHub holds."""
    lines = ["Date," + ",".join(columns) + ","]
    lines += [f"{day.isoformat()}," + "".join(f"{col[i]}," for col in columns.values())
              for i, day in enumerate(DAYS)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Checkmarks.csv", "\n".join(lines) + "\n")
    return buffer.getvalue()


def preview(client, data: bytes) -> tuple[str, str]:
    response = client.post("/settings/import", data={"file": (io.BytesIO(data), "Loop.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    warnings = " ".join(unescape(w) for w in re.findall(r'text-warning">(.*?)</p>', html, re.S))
    return html, warnings


def confirm(client, html: str) -> None:
    token = html.split('name="token" value="')[1].split('"')[0]
    assert client.post("/settings/import/confirm",
                       data={"token": token, "on_conflict": "merge"}).status_code == 303


class EditForm(HTMLParser):
    """What a browser sends for the habit's Edit form as the page shows it."""

    def __init__(self, html: str, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.select, self.area = action, False, None, None
        self.data: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("action") == self.action:
            self.inside = True
        if not self.inside or not a.get("name"):
            return
        if tag == "input" and a.get("type") != "submit":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = [a.get("value", "")]
        elif tag == "textarea":
            self.area = a["name"]
            self.data[self.area] = [""]

    def handle_data(self, data):
        if self.area:
            self.data[self.area][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.area = None
        elif tag == "form":
            self.inside = False


def habit(name: str) -> Habit:
    db.session.expire_all()
    return db.session.scalar(sa.select(Habit).where(Habit.name == name))


def test_a_measurable_habit_without_a_target_gets_its_median_said_in_the_preview(client, user):
    read = [2 if i % 3 else -1 for i in range(len(DAYS))]
    html, warnings = preview(client, loop_zip({"Durée sommeil": SLEEP, "Read": read}))
    assert "Durée sommeil (at least 7.25)" in warnings
    assert "median of its logged amounts" in warnings
    assert "which the file does not give" not in warnings  # no "set it yourself" left
    confirm(client, html)

    sleep = habit("Durée sommeil")
    assert (sleep.kind, sleep.target, sleep.direction) == ("measurable", 7.25, "at_least")
    today = without_tokens(client.get("/").get_data(as_text=True))
    row = re.search(rf'<li id="habit-{sleep.id}".*?</li>', today, re.S).group()
    assert ">/ 7.25<" in row and "/ 0" not in row

    url = f"/habits/{sleep.id}/edit"
    fields = EditForm(client.get(url).get_data(as_text=True), url).data
    fields["name"] = ["Sommeil"]
    assert client.post(url, data=fields).status_code == 303  # a rename alone saves
    assert habit("Sommeil").target == 7.25


def test_a_measurable_habit_left_without_a_target_shows_no_slash_zero_on_today(client, user):
    # Nearly every logged amount is 0: a median of 0 is no target ("at least 0" every day
    # meets), so the habit stays without one, and the preview asks for it.
    html, warnings = preview(client, loop_zip({"Poids": [0] * 19 + [4000]}))
    assert "Set the target of this habit with amounts, which the file does not give: " \
           "Poids." in warnings
    confirm(client, html)
    weight = habit("Poids")
    assert (weight.kind, weight.target) == ("measurable", None)
    today = without_tokens(client.get("/").get_data(as_text=True))
    row = re.search(rf'<li id="habit-{weight.id}".*?</li>', today, re.S).group()
    assert 'for="amount-' in row and "/ 0" not in row and "/ " not in row


def test_habits_whose_frequency_is_not_found_are_named_with_what_they_get(client, user):
    # An automatic checkmark no frequency explains (none of the checks before it covers it),
    # as in the etiesch export, whose 20 such habits came in as "Every day".
    odd = [-1] * len(DAYS)
    odd[0], odd[15], odd[19] = 1, 2, 2
    html, warnings = preview(client, loop_zip({"Mood: Apathie": odd, "Read": [2] * 20}))
    assert ("The automatic checkmarks of Mood: Apathie fit no frequency Habitory can set, so "
            "it was imported as a daily habit") in warnings
    assert ("Its completion rates and strength will differ from Loop's until its frequency "
            "is set.") in warnings
    confirm(client, html)
    assert (habit("Mood: Apathie").freq_num, habit("Mood: Apathie").freq_den) == (1, 1)
