"""A day changed offline is drawn as the change will make it, and its label says the same:
the state it now shows, in the page's language, then "(not sent yet)". It used to keep the
server's old state ("Walk, today: not done yet (not sent yet)" on a ticked button), after an
offline reload too."""

from __future__ import annotations

import re

import pytest
from browser_support import choose_language, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _saved_today(page) -> None:
    wait_for_worker(page)
    page.reload()  # the worker saves this copy of Today
    page.wait_for_timeout(300)


def test_a_toggle_ticked_offline_says_done_then_skipped_after_a_reload_too(page, register,
                                                                          add_habit):
    register(page)
    walk = add_habit(page, "Walk")
    _saved_today(page)
    toggle = page.locator(f"#toggle-{walk}")
    today_cell = page.locator(f"#habit-{walk} .week button").last
    expect(toggle).to_have_attribute("aria-label", "Walk, today: not done yet")
    page.context.set_offline(True)
    try:
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_have_attribute("aria-label", "Walk, today: done (not sent yet)")
        # The week's today, changed with it, names the same state after its day.
        expect(today_cell).to_have_attribute("aria-label", re.compile(r"^\w{3} \d{1,2} \w{3}: "
                                                                      r"done \(not sent yet\)$"))
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "mixed")
        expect(toggle).to_have_attribute("aria-label", "Walk, today: skipped (not sent yet)")
        page.reload()  # the saved copy, drawn before the changes, with them drawn over it
        expect(toggle).to_have_attribute("aria-pressed", "mixed")
        expect(toggle).to_have_attribute("aria-label", "Walk, today: skipped (not sent yet)")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-label", "Walk, today: skipped")  # the server's


def test_a_slip_logged_offline_says_slipped(page, register, give_habits):
    email = register(page)
    [smoke] = give_habits(email, [{"name": "Smoking", "kind": "quit"}])
    _saved_today(page)
    toggle = page.locator(f"#toggle-{smoke}")
    expect(toggle).to_have_attribute("aria-label", "Smoking: log a slip, today: clean")
    page.context.set_offline(True)
    try:
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(toggle).to_have_attribute(
            "aria-label", "Smoking: log a slip, today: slipped (not sent yet)")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()


def test_a_calendar_day_tapped_offline_says_its_new_state(page, register, give_habits):
    email = register(page)
    [read] = give_habits(email, [{"name": "Read"}])
    wait_for_worker(page)
    page.goto(f"/habits/{read}")
    cell = page.locator("#habit-calendar button.heat").last
    day = re.compile(r"^[^:]+: ")
    page.context.set_offline(True)
    try:
        cell.click()
        expect(cell).to_have_attribute("data-status", "done")
        expect(cell).to_have_attribute("aria-label", re.compile(day.pattern +
                                                                r"done \(not sent yet\)$"))
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()


def test_a_french_page_says_the_new_state_in_french(page, register, add_habit):
    register(page)
    water, walk = add_habit(page, "Water2"), add_habit(page, "Marche")
    choose_language(page, "fr")
    page.goto("/")
    page.locator(f"#toggle-{water}").click()  # online: done
    marche = page.locator(f"#toggle-{walk}")
    marche.click()
    expect(marche).to_have_attribute("aria-pressed", "true")
    marche.click()  # online: skipped, so the page says "passé" once
    expect(marche).to_have_attribute("aria-pressed", "mixed")
    _saved_today(page)
    toggle = page.locator(f"#toggle-{water}")
    expect(toggle).to_have_attribute("aria-label", re.compile(r"^Water2, .*fait$"))
    page.context.set_offline(True)
    try:
        toggle.click()  # done → skipped
        expect(toggle).to_have_attribute("aria-pressed", "mixed")
        expect(toggle).to_have_attribute(
            "aria-label", re.compile(r"^Water2, aujourd.hui\s?: passé \(pas encore envoyé\)$"))
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()


def test_a_state_no_page_has_shown_yet_is_said_in_the_page_language(page, register, add_habit):
    """A new French account has never seen "passé" on a page: the words come from the server,
    fetched while online, so the first skip made offline says it in French too."""
    register(page)
    walk = add_habit(page, "Marche")
    choose_language(page, "fr")
    page.goto("/")
    _saved_today(page)
    kept = "() => JSON.parse(localStorage.getItem('habitory-state-words:fr') || '{}')"
    page.wait_for_function(f"() => ({kept})().skipped")
    assert page.evaluate(kept)["skipped"] == "passé"
    toggle = page.locator(f"#toggle-{walk}")
    page.context.set_offline(True)
    try:
        page.reload()  # the saved copy: nothing on it says "passé"
        toggle.click()
        toggle.click()  # done → skipped
        expect(toggle).to_have_attribute("aria-pressed", "mixed")
        expect(toggle).to_have_attribute(
            "aria-label", re.compile(r"^Marche, aujourd.hui\s?: passé \(pas encore envoyé\)$"))
        slip = page.locator(f"#habit-{walk} .week button").last
        expect(slip).to_have_attribute("aria-label", re.compile(r": passé \(pas encore envoyé\)$"))
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
