"""Messages in a real browser, after the htmx actions that bring them: each is announced once
(no live region inside another, which a screen reader may read twice), in a live region that
was in the page before the action (one inserted together with its text is often not read),
and an information notice is drawn in the page's neutral colours, not as a green success."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from browser_support import settled, wait_wired
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = "[role=alert], [role=status], [role=log], [aria-live]:not([aria-live=off])"
HABITBULL = (  # one day twice: the preview warns about it
    "HabitName,HabitDescription,HabitCategory,CalendarDate,Value,CommentText\n"
    "Stretch,,Fitness,2026-03-15,1,\n"
    "Stretch,,Fitness,2026-03-15,1,\n"
    "Stretch,,Fitness,2026-03-16,1,\n"
)
# DESIGN.md's text and surface colours: an information notice is the page's own text.
NEUTRAL = {"light": ("rgb(55, 53, 47)", "rgb(247, 247, 245)"),
           "dark": ("rgb(230, 230, 228)", "rgb(32, 32, 32)")}


def assert_announced_once(page, said: str) -> None:
    """`said` is on the page inside a live region, and no live region is inside another."""
    expect(page.locator("#main")).to_contain_text(said)
    found = page.evaluate("""([live, said]) => {
        const regions = [...document.querySelectorAll(live)];
        return {
            saying: regions.filter(r => r.textContent.includes(said)).length,
            nested: regions.filter(r => r.parentElement && r.parentElement.closest(live))
                .map(r => r.outerHTML.slice(0, 160) + " inside "
                     + r.parentElement.closest(live).outerHTML.slice(0, 80)),
        };
    }""", [LIVE, said])
    assert found["nested"] == [], f"after “{said}”"
    assert found["saying"] >= 1, f"“{said}” is in no live region"


def give_notifications(app, email: str) -> None:
    from habitory.domain.notifications import NewNotification, insert_new
    from habitory.extensions import db
    from habitory.models import User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        insert_new(user_id, [NewNotification(kind="missed", category="alerts", title="Slipped",
                                             body="Not done for 2 days.", dedup_key="polish")])
        db.session.commit()


def test_each_message_an_action_brings_is_announced_once(page, register, add_habit, live_app,
                                                         browser_watch):
    browser_watch.allow_http_error(422, "/habits")
    browser_watch.allow_http_error(422, r"/habits/\d+/move")
    email = register(page)
    assert_announced_once(page, "Welcome to Habitory")

    # A refused "Add a habit": the form comes back with its message at the field.
    page.get_by_label("Add a habit").press("Enter")
    assert_announced_once(page, "Give the habit a name.")
    read, walk = add_habit(page, "Read"), add_habit(page, "Walk")

    # A refusal errors.py retargets into the page's message area.
    wait_wired(page, f"#habit-{read} form[hx-post]")
    page.evaluate("""id => htmx.ajax("POST", `/habits/${id}/move`,
        {source: `#toggle-${id}`, values: {direction: "sideways"}})""", read)
    assert_announced_once(page, "Direction must be up or down.")

    # A row archived from its menu: the message comes out of band.
    wait_wired(page, f"#menu-{walk}")
    page.locator(f"#menu-{walk}").click()
    expect(page.locator(f"#rename-link-{walk}")).to_be_attached()
    settled(page)
    page.locator(f"#habit-{walk}").get_by_role("button", name="Archive").click()
    assert_announced_once(page, "Archived “Walk”.")

    # A server out of reach (app.js says so in the message area).
    page.route("**/habits/*/actions", lambda route: route.abort("internetdisconnected"))
    wait_wired(page, f"#menu-{read}")
    page.locator(f"#menu-{read}").click()
    assert_announced_once(page, "Could not reach the server.")
    browser_watch.problems[:] = [p for p in browser_watch.problems if "/actions" not in p]
    page.unroute("**/habits/*/actions")

    # Notifications all read, out of band from the list.
    give_notifications(live_app, email)
    page.goto("/notifications")
    page.get_by_role("button", name="Mark all read").click()
    assert_announced_once(page, "Marked 1 notification read.")

    # A CSV whose preview warns, then the import's summary on Today.
    page.goto("/settings/import")
    page.set_input_files("#file", files=[{"name": "habitbull.csv", "mimeType": "text/csv",
                                          "buffer": HABITBULL.encode()}])
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#csv-result .text-warning")).not_to_have_count(0)
    assert page.evaluate("live => !document.querySelector('#csv-result').closest(live)", LIVE)
    page.get_by_role("button", name="Import").click()
    assert_announced_once(page, "Imported 1 new habit")


def test_a_new_type_over_history_is_said_in_neutral_colours(page, register, add_habit,
                                                           live_server, axe_check):
    register(page)
    habit = add_habit(page, "Run")
    wait_wired(page, f"#habit-{habit} form[hx-post]")
    page.locator(f"#toggle-{habit}").click()
    expect(page.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "true")
    page.goto(f"/habits/{habit}/edit")
    page.get_by_label("Quit: a day counts unless I slip").check()
    page.get_by_role("button", name="Save").click()
    notice = page.locator("#messages > [role=status] > .flash", has_text="1 logged day")
    expect(notice).to_be_visible()
    assert_announced_once(page, "its new type reads it differently")
    saved = page.locator("#messages .flash", has_text="Saved “Run”.")
    for theme, (text, surface) in NEUTRAL.items():
        page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
        expect(notice).to_have_css("color", text)
        expect(notice).to_have_css("background-color", surface)
        assert notice.evaluate("el => getComputedStyle(el).color") != saved.evaluate(
            "el => getComputedStyle(el).color"), f"the notice looks like a success ({theme})"
    axe_check(page, context="#messages")


def keep_regions(page) -> None:
    """Hold on to the page's live regions as they are now (window.keptRegions)."""
    page.evaluate("live => { window.keptRegions = [...document.querySelectorAll(live)]; }", LIVE)


def assert_said_in_kept_region(page, said: str, role: str) -> None:
    """`said` appeared inside one of the regions kept before the action, of the given role,
    still in the page."""
    expect(page.locator("#messages")).to_contain_text(said)
    found = page.evaluate("""said => window.keptRegions
        .filter(r => r.isConnected && r.textContent.includes(said))
        .map(r => r.getAttribute("role"))""", said)
    assert found == [role], f"“{said}” is not in a region that was there before ({found})"


def test_messages_are_said_in_regions_that_were_there_before_the_action(
        page, register, add_habit, live_app, browser_watch):
    browser_watch.allow_http_error(422, r"/habits/\d+/move")
    email = register(page)
    # The first habit empties the welcome out of band: the regions stay, emptied.
    keep_regions(page)
    read = add_habit(page, "Read")
    expect(page.locator("#messages")).not_to_contain_text("Welcome")
    assert page.evaluate("""() => window.keptRegions.filter(r => r.closest("#messages"))
        .map(r => [r.isConnected, r.getAttribute("role"), r.textContent])""") == [
        [True, "status", ""], [True, "alert", ""]]
    walk = add_habit(page, "Walk")

    # Archived from the row's menu: the message comes out of band.
    wait_wired(page, f"#menu-{walk}")
    page.locator(f"#menu-{walk}").click()
    expect(page.locator(f"#rename-link-{walk}")).to_be_attached()
    settled(page)
    keep_regions(page)
    page.locator(f"#habit-{walk}").get_by_role("button", name="Archive").click()
    assert_said_in_kept_region(page, "Archived “Walk”.", "status")

    # A refusal errors.py retargets to #messages: said at once, in the assertive region, and
    # the success before it is gone.
    keep_regions(page)
    wait_wired(page, f"#habit-{read} form[hx-post]")
    page.evaluate("""id => htmx.ajax("POST", `/habits/${id}/move`,
        {source: `#toggle-${id}`, values: {direction: "sideways"}})""", read)
    assert_said_in_kept_region(page, "Direction must be up or down.", "alert")
    expect(page.locator("#messages")).not_to_contain_text("Archived")
    assert_announced_once(page, "Direction must be up or down.")

    # Notifications all read, out of band from the list.
    give_notifications(live_app, email)
    page.goto("/notifications")
    wait_wired(page, "#notification-read-all form")
    keep_regions(page)
    page.get_by_role("button", name="Mark all read").click()
    assert_said_in_kept_region(page, "Marked 1 notification read.", "status")
    assert_announced_once(page, "Marked 1 notification read.")
