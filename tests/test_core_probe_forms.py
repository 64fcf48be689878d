"""What a refused form looks like to someone without JavaScript, with htmx, and by keyboard:
the message sits at the field it concerns, what was typed stays, and the focus lands there.

Found by an outside pass as a keyboard-only, a no-JavaScript and a phone user (2026-12-06).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .conftest import HTMX, TODAY

FULL = {"form": "full", "kind": "yes_no", "schedule": "daily", "colour": "teal"}
WATER = {**FULL, "name": "Water", "kind": "measurable", "target": "8", "unit": "glasses",
         "direction": "at_least"}


def _habit(name: str) -> Habit:
    db.session.expire_all()
    return db.session.scalar(sa.select(Habit).where(Habit.name == name))


def _checkins(habit: Habit) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(CheckIn).where(CheckIn.habit_id == habit.id))


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Element:
    """Just enough of a DOM to ask where a message sits (no HTML library is installed)."""

    def __init__(self, tag: str, attrs: dict, parent: Element | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def __getitem__(self, name):
        return self.attrs[name]

    def has_attr(self, name) -> bool:
        return name in self.attrs

    def walk(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.walk()

    def get_text(self, sep: str = "", strip: bool = False) -> str:
        parts = [c if isinstance(c, str) else c.get_text(sep, strip) for c in self.children]
        if strip:
            parts = [p.strip() for p in parts if p.strip()]
        return sep.join(parts)

    def find_all(self, tag=None, id=None, string=None, attrs=None):
        found = []
        for e in self.walk():
            if tag and e.tag != tag or id and e.get("id") != id:
                continue
            if attrs and any(e.get(k) != v for k, v in attrs.items()):
                continue
            if string is not None and not (string.search(e.get_text()) if hasattr(
                    string, "search") else e.get_text(strip=True) == string):
                continue
            found.append(e)
        return found

    def find(self, tag=None, id=None, string=None, attrs=None):
        found = self.find_all(tag, id, string, attrs)
        return found[0] if found else None

    def select(self, attribute_selector: str):
        """Only "[name]" and "tag [name]": elements carrying an attribute."""
        scope, _, attribute = attribute_selector.rpartition(" ")
        roots = self.find_all(scope) if scope else [self]
        return [e for root in roots for e in root.walk() if e.has_attr(attribute.strip("[]"))]

    def find_parent(self, tag):
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node

    def find_next(self, tag):
        """The first `tag` after this element in document order."""
        root = self
        while root.parent is not None:
            root = root.parent
        seen = False
        for e in root.walk():
            if seen and e.tag == tag and self not in _ancestors(e):
                return e
            seen = seen or e is self
        return None


def _ancestors(element):
    while element.parent is not None:
        element = element.parent
        yield element


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Element("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def _soup(response) -> Element:
    builder = _Builder()
    builder.feed(response.get_data(as_text=True))
    return builder.root


def _row_post(client, habit: Habit, amount: str, headers=None):
    """What a Today row's amount form sends: the day and the amount, nothing else."""
    return client.post(f"/habits/{habit.id}/day", headers=headers or {},
                       data={"day": TODAY.isoformat(), "amount": amount})


@pytest.mark.parametrize(("typed", "message"), [("abc", "is not a number"),
                                                ("-2", "between 0 and 1,000,000")])
def test_a_bad_amount_on_today_without_javascript_is_refused_at_its_field(
        client, user, typed, message):
    """Not a bare error page that loses what was typed: Today again, the row's amount field
    holding it, the message under it, the focus on it."""
    client.post("/habits", data=WATER)
    water = _habit("Water")
    response = _row_post(client, water, typed)
    assert response.status_code == 422
    page = _soup(response)
    assert page.find("h1").get_text(strip=True) == "Today"
    field = page.find(id=f"amount-{water.id}")
    assert field["value"] == typed
    assert field.get("aria-invalid") == "true" and field.has_attr("autofocus")
    error = page.find(id=field["aria-describedby"])
    assert message in error.get_text()
    assert error.find_parent("li")["id"] == f"habit-{water.id}"  # in the row, not at the top
    assert _checkins(water) == 0


def test_a_bad_amount_on_today_with_htmx_redraws_its_row_with_the_message(client, user):
    client.post("/habits", data=WATER)
    water = _habit("Water")
    response = _row_post(client, water, "lots", headers=HTMX)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "<html" not in text and "HX-Retarget" not in response.headers
    row = _soup(response).find("li")
    assert row["id"] == f"habit-{water.id}"
    field = row.find(id=f"amount-{water.id}")
    assert field["value"] == "lots" and field.has_attr("autofocus")
    assert "is not a number" in row.find(id=field["aria-describedby"]).get_text()
    assert _checkins(water) == 0
    # Corrected, the row comes back without the message.
    fixed = _row_post(client, water, "3", headers=HTMX)
    assert fixed.status_code == 200 and "is not a number" not in fixed.get_data(as_text=True)


def test_a_bad_amount_in_a_filtered_list_keeps_the_filter(client, user):
    client.post("/habits", data={**WATER, "tags": "health"})
    water = _habit("Water")
    response = client.post(f"/habits/{water.id}/day", data={
        "day": TODAY.isoformat(), "amount": "x", "tag": "health", "next": "/?tag=health"})
    assert response.status_code == 422
    page = _soup(response)
    assert page.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "#health"
    assert page.find(id=f"amount-{water.id}")["value"] == "x"


def test_the_day_form_without_javascript_focuses_the_field_it_refused(client, user):
    """The refused page opens at its top, the message far below: the first field in error
    takes the focus (and the browser scrolls to it)."""
    client.post("/habits", data={**FULL, "name": "Read"})
    read = _habit("Read")
    response = client.post(f"/habits/{read.id}/day", data={
        "form": "day", "day": TODAY.isoformat(), "state": "done", "note": "n" * 501})
    assert response.status_code == 422
    page = _soup(response)
    focused = page.find("main").select("[autofocus]")
    assert [element.get("id") for element in focused] == ["log-note"]
    assert page.find(id="log-note").get_text() == "n" * 501


def test_the_habit_form_focuses_its_first_refused_field_not_the_name(client, user):
    response = client.post("/habits", data={**FULL, "name": "Read", "reminders": "25:99"})
    assert response.status_code == 422
    focused = _soup(response).find("main").select("[autofocus]")
    assert [element.get("id") for element in focused] == ["reminders"]
    # A fresh form starts on the name.
    fresh = _soup(client.get("/habits/new")).find("main").select("[autofocus]")
    assert [element.get("id") for element in fresh] == ["name"]


def test_a_refused_quick_add_puts_the_focus_in_the_name_field(client, user):
    """The Add button is replaced by the answer: without a target for the focus, a keyboard
    user who pressed it was dropped at the top of the page."""
    for headers in ({}, HTMX):
        response = client.post("/habits", data={"name": "  "}, headers=headers)
        assert response.status_code == 422
        field = _soup(response).find(id="new-habit-name")
        assert field.has_attr("autofocus") and field.get("aria-invalid") == "true"
    added = client.post("/habits", data={"name": "Read"}, headers=HTMX)
    page = _soup(added)
    assert not page.find(id="new-habit-name").has_attr("autofocus")
    # The button keeps one id across swaps, so htmx gives the focus back to it.
    assert page.find("form", id="new-habit").find("button", id="new-habit-add")


def test_the_shortcuts_help_lists_only_the_keys_that_work_on_the_page(client, user):
    """On a habit's page j, k, x and n do nothing: the help must not list them as if they did,
    and it names the calendar's own keys there."""
    client.post("/habits", data={**FULL, "name": "Read"})
    read = _habit("Read")

    def help_text(url):
        return _soup(client.get(url)).find(id="shortcuts").get_text(" ")

    today = help_text("/")
    assert "Next habit" in today and "Add a habit" in today and "Home" not in today
    detail = help_text(f"/habits/{read.id}")
    for promise in ("Next habit", "Previous habit", "Toggle today", "Add a habit", "rename"):
        assert promise not in detail
    assert "In the calendar" in detail and "Home" in detail and "Enter" in detail
    calendar = help_text("/calendar")
    assert "Show this help" in calendar and "Next habit" not in calendar
    # Its year is walked by the same arrows and Home/End; its days change nothing (no Enter).
    assert "In the calendar" in calendar and "Home" in calendar and "Enter" not in calendar


def test_from_a_refused_page_the_next_change_comes_back_to_a_page(client, user):
    """A refused page stands at its POST-only address (/habits/N/day): a form sent from it
    that comes back "where it was sent from" must not land on a 405."""
    client.post("/habits", data=WATER)
    client.post("/habits", data={**FULL, "name": "Read"})
    water, read = _habit("Water"), _habit("Read")
    refused = f"http://localhost/habits/{water.id}/day"
    page = _soup(_row_post(client, water, "x"))
    nexts = {i.parent.get("action"): i["value"]
             for i in page.find_all("input", attrs={"name": "next"})}
    assert nexts[f"/habits/{read.id}/toggle"] == "/" and nexts[f"/habits/{water.id}/day"] == "/"
    toggled = client.post(f"/habits/{read.id}/toggle", headers={"Referer": refused},
                          data={"day": TODAY.isoformat(), "next": "/"})
    assert toggled.status_code == 303 and toggled.headers["Location"] == f"/#habit-{read.id}"
    day_page = client.post(f"/habits/{read.id}/day", data={
        "form": "day", "day": TODAY.isoformat(), "note": "n" * 501})
    archive = _soup(day_page).find("form", attrs={"action": f"/habits/{read.id}/archive"})
    assert archive.find("input", attrs={"name": "next"})["value"] == f"/habits/{read.id}"


def _today_mark(client, habit: Habit) -> str | None:
    """The data-status of the square at the start of a measurable habit's row."""
    label = _soup(client.get("/")).find("label", attrs={"for": f"amount-{habit.id}"})
    return label.get("data-status")


def test_an_amount_short_of_its_target_today_is_not_marked_as_missed_yet(client, user):
    """3 of 8 glasses at noon: the day is still open, so no red cross; the same amount on an
    "at most" habit already over its limit stays marked."""
    client.post("/habits", data=WATER)
    client.post("/habits", data={**WATER, "name": "Coffee", "target": "2",
                                 "direction": "at_most"})
    water, coffee = _habit("Water"), _habit("Coffee")
    _row_post(client, water, "3")
    _row_post(client, coffee, "3")
    assert _today_mark(client, water) not in ("missed",)
    assert _today_mark(client, coffee) == "missed"
    _row_post(client, water, "8")
    assert _today_mark(client, water) == "done"
