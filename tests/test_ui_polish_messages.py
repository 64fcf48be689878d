"""Messages draw as what they say (an info notice is not a green success) and are announced
once: no live region (role=alert/status/log, aria-live) sits inside another, on a page or
after the htmx answers that bring a message. The page's message area holds two live regions
from its load (a polite one, an assertive one for errors) that htmx answers fill, never
replace: a region inserted together with its text is often not announced."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from habitory.domain.habits import FREQUENCY_DAYS_MAX

from .conftest import HTMX, TODAY
from .test_habits_probe2_two_tabs import _sent_by
from .test_notifications import notify

LIVE_ROLES = {"alert", "status", "log"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# The two regions of Today's #messages as base.html draws them (no element inside them but <p>).
REGION = r'(<div id="messages"><div role="status">.*?</div><div role="alert">)(.*?)(</div></div>)'
POLITE = r'(<div id="messages"><div role="status">)(.*?)(</div>)'


class _LiveRegions(HTMLParser):
    """Each live region, with whether an ancestor of it is one too; and each message (a <p>
    of class flash) with the role of the live region that says it (its own or an ancestor's)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str, str]] = []  # (tag, live role or "", how it starts)
        self.nested: list[str] = []
        self.found = 0
        self.messages: list[list[str]] = []  # [class, role, text]
        self.in_message = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        role = attributes.get("role") if attributes.get("role") in LIVE_ROLES else ""
        if not role and attributes.get("aria-live", "off") != "off":
            role = attributes["aria-live"]
        shown = self.get_starttag_text()[:160]
        if role:
            self.found += 1
            outer = [start for _, is_live, start in self.open if is_live]
            if outer:
                self.nested.append(f"{shown} inside {outer[-1]}")
        css = attributes.get("class") or ""
        if tag == "p" and css.startswith("flash "):
            said = role or next((live for _, live, _ in reversed(self.open) if live), "")
            self.messages.append([css.removeprefix("flash "), said, ""])
            self.in_message = True
        if tag not in VOID:
            self.open.append((tag, role, shown))

    def handle_data(self, data):
        if self.in_message:
            self.messages[-1][2] += data

    def handle_endtag(self, tag):
        if tag == "p":
            self.in_message = False
        # An element left open (an <option>, a <li>) is closed by its parent's end tag.
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return


def nested_live_regions(page: str) -> tuple[int, list[str]]:
    """How many live regions the HTML has, and each one inside another."""
    parser = _LiveRegions()
    parser.feed(page)
    parser.close()
    return parser.found, parser.nested


def flashes(client, *messages: tuple[str, str]) -> None:
    """Leave these (kind, text) messages waiting for the next page, as flash() does."""
    with client.session_transaction() as session:
        session["_flashes"] = list(messages)


def messages_of(page: str) -> list[tuple[str, str, str]]:
    """(class, role of the live region that says it, text) of each message on the page."""
    parser = _LiveRegions()
    parser.feed(page)
    parser.close()
    return [tuple(message) for message in parser.messages]


def test_a_new_type_over_history_is_said_as_information_not_as_success(
        client, user, make_habit):
    habit = make_habit(user, "Run", done=[TODAY - timedelta(days=n) for n in range(30)])
    sent = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    sent.setlist("kind", ["quit"])
    saved = client.post(f"/habits/{habit.id}/edit", data=sent)
    assert saved.status_code == 303
    shown = messages_of(client.get(saved.headers["Location"]).get_data(as_text=True))
    assert [(css, role) for css, role, _ in shown] == [
        ("flash-success", "status"),  # Saved “Run”.
        ("flash-info", "status"),  # how its 30 logged days now read: news, neither good nor bad
    ]
    assert shown[0][2] == "Saved “Run”." and "30 logged days" in shown[1][2]


def test_each_kind_of_message_draws_as_what_it_means(client, user):
    kinds = {  # the kinds habitory flashes, Flask's default, and a warning
        "success": ("flash-success", "status"),
        "error": ("flash-error", "alert"),
        "info": ("flash-info", "status"),
        "warning": ("flash-warning", "status"),
        "message": ("flash-info", "status"),
    }
    flashes(client, *[(kind, f"A {kind} message") for kind in kinds])
    shown = messages_of(client.get("/").get_data(as_text=True))
    drawn = [(*drawn, f"A {kind} message") for kind, drawn in kinds.items()]
    # In the page's two regions: what is said politely, then the errors, said at once.
    assert shown == [m for m in drawn if m[1] == "status"] + [m for m in drawn if m[1] == "alert"]
    # The result of a test notification, drawn beside its button on Settings.
    flashes(client, ("push-error", "No device received it"))
    settings = client.get("/settings").get_data(as_text=True)
    assert messages_of(settings) == [("flash-error", "alert", "No device received it")]


PAGES = ["/", "/habits/new", "/habits/{id}", "/habits/{id}/edit", "/habits/archived",
         "/calendar", "/insights", "/notifications", "/settings", "/settings/account",
         "/settings/tokens", "/settings/import", "/settings/export/loop"]


@pytest.mark.parametrize("path", PAGES)
def test_no_live_region_is_inside_another_on_a_page_with_messages(
        client, user, make_habit, path):
    habit = make_habit(user, "Read", done=[TODAY])
    notify(user.id, 2)
    flashes(client, ("success", "Saved."), ("info", "For your information."),
            ("error", "Not saved."))
    page = client.get(path.format(id=habit.id)).get_data(as_text=True)
    assert "For your information." in page
    found, nested = nested_live_regions(page)
    assert found >= 3 and nested == []


def test_every_page_has_its_two_message_regions_from_the_start(client, user, make_habit):
    """Empty, they are there: a message an action brings later is said in a region the
    screen reader already knows."""
    habit = make_habit(user, "Read")
    client.get("/")  # the welcome flashed at sign-up is shown (and done with)
    for path in PAGES:
        page = client.get(path.format(id=habit.id)).get_data(as_text=True)
        assert '<div id="messages"><div role="status"></div><div role="alert"></div></div>' in page


def _oob_fill(answer: str) -> str:
    """What an answer puts into #messages' polite region, out of band (it never replaces
    #messages or the region itself)."""
    assert not re.search(r'id="messages"[^>]*hx-swap-oob', answer), answer
    found = re.search(r'<div hx-swap-oob="innerHTML:#messages>\[role=status\]">(.*?)</div>',
                      answer, re.S)
    assert found is not None, answer
    return found.group(1)


def test_htmx_answers_fill_the_message_regions_without_replacing_them(
        client, user, make_habit):
    read, run = make_habit(user, "Read"), make_habit(user, "Run")
    notify(user.id, 2)
    client.get("/")  # the welcome flashed at sign-up is shown (and done with)
    today = client.get("/").get_data(as_text=True)
    composed = []
    # An archived row, and all notifications read: the message fills the polite region.
    for answer in (client.post(f"/habits/{read.id}/archive", headers=HTMX),
                   client.post("/notifications/read-all", headers=HTMX)):
        said = _oob_fill(answer.get_data(as_text=True))
        start, end = re.search(POLITE, today, re.S).span(2)
        composed.append(today[:start] + said + today[end:])
    # A refused action: errors.py retargets its message to #messages, and app.js pours it
    # (without its own role) into the assertive region.
    refused = client.post(f"/habits/{run.id}/move", data={"direction": "sideways"},
                          headers=HTMX)
    assert refused.status_code == 422 and refused.headers["HX-Retarget"] == "#messages"
    body = refused.get_data(as_text=True)
    assert re.fullmatch(r'<p class="flash flash-error" role="alert">[^<]*</p>\s*', body)
    body = body.replace(' role="alert"', "")
    composed.append(re.sub(REGION, lambda found: found.group(1) + body + found.group(3),
                           today, count=1, flags=re.S))
    for page, (said, role) in zip(composed, (("Archived “Read”.", "status"),
                                             ("Marked 2 notifications read.", "status"),
                                             ("Direction must be up or down.", "alert")),
                                  strict=True):
        assert [(m[1], m[2]) for m in messages_of(page)] == [(role, said)]
        found, nested = nested_live_regions(page)
        assert found >= 2 and nested == []


@pytest.mark.parametrize("days", [FREQUENCY_DAYS_MAX, FREQUENCY_DAYS_MAX + 1])
def test_the_form_takes_the_schedules_the_api_and_imports_take(client, user, days):
    response = client.post("/habits", data={
        "form": "full", "name": "Yearly check-up", "kind": "yes_no", "schedule": "custom",
        "colour": "teal", "freq_num": "1", "freq_den": str(days)})
    if days == FREQUENCY_DAYS_MAX:  # once a year, also in a leap year
        assert response.status_code == 303
        return
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f"The number of days (D) must be between 1 and {FREQUENCY_DAYS_MAX}." in page
    assert f"D is at most {FREQUENCY_DAYS_MAX}." in page
