"""Messages draw as what they say (an info notice is not a green success) and are announced
once: no live region (role=alert/status/log, aria-live) sits inside another, on a page or
after the htmx answers that bring a message."""

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
# Today's #messages as base.html draws it: empty, or with the flashes (no element inside them
# but <p>), so the first </div> closes it.
MESSAGES = re.compile(r'<div id="messages"[^>]*>.*?</div>', re.S)


class _LiveRegions(HTMLParser):
    """Each live region, with whether an ancestor of it is one too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool, str]] = []  # (tag, is live, how it starts)
        self.nested: list[str] = []
        self.found = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        live = (attributes.get("role") in LIVE_ROLES
                or attributes.get("aria-live", "off") != "off")
        shown = self.get_starttag_text()[:160]
        if live:
            self.found += 1
            outer = [start for _, is_live, start in self.open if is_live]
            if outer:
                self.nested.append(f"{shown} inside {outer[-1]}")
        if tag not in VOID:
            self.open.append((tag, live, shown))

    def handle_endtag(self, tag):
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
    """(class, role, text) of each message drawn on the page."""
    return [(css, role, html.unescape(text)) for css, role, text in re.findall(
        r'<p class="flash ([^"]*)" role="([^"]*)">([^<]*)</p>', page)]


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
    assert shown == [(*drawn, f"A {kind} message") for kind, drawn in kinds.items()]
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


def test_htmx_answers_bring_their_message_outside_any_other_live_region(
        client, user, make_habit):
    read, run = make_habit(user, "Read"), make_habit(user, "Run")
    notify(user.id, 2)
    today = client.get("/").get_data(as_text=True)
    composed = []
    # An archived row: the message comes out of band, replacing #messages.
    answer = client.post(f"/habits/{read.id}/archive", headers=HTMX).get_data(as_text=True)
    composed.append(MESSAGES.sub(lambda _: MESSAGES.search(answer).group(0), today, count=1))
    # All notifications read: the same, from the notifications list.
    answer = client.post("/notifications/read-all", headers=HTMX).get_data(as_text=True)
    composed.append(MESSAGES.sub(lambda _: MESSAGES.search(answer).group(0), today, count=1))
    # A refused action: errors.py retargets its message into #messages.
    refused = client.post(f"/habits/{run.id}/move", data={"direction": "sideways"},
                          headers=HTMX)
    assert refused.status_code == 422 and refused.headers["HX-Retarget"] == "#messages"
    body = refused.get_data(as_text=True)
    composed.append(MESSAGES.sub(
        lambda found: found.group(0).replace("</div>", body + "</div>"), today, count=1))
    for page, said in zip(composed, ("Archived “Read”.", "Marked 2 notifications read.",
                                     "Direction must be up or down."), strict=True):
        assert said in html.unescape(page)
        found, nested = nested_live_regions(page)
        assert found >= 1 and nested == []


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
