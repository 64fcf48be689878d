"""Today's "N of M done" counts the check-ins made offline, as the server will once they are
sent: when they are queued, and on the saved copy of Today reloaded offline, where they are
drawn. A tick adds one done, a skip takes the habit out of the day, a measurable habit counts
when its amount meets its target, a quit habit is done until a slip; the words are the page's
own (German too), with their numbers changed."""

from __future__ import annotations

import pytest
from browser_support import WATER, choose_language, progress, wait_for_worker
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def line(page):
    return progress(page).locator("p")


def bar(page):
    return progress(page).locator("progress")


def test_ticks_queued_offline_count_in_the_progress(page, register, add_habit):
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    expect(line(page)).to_have_text("0 of 2 done")
    today = page.locator(f"#toggle-{read}").get_attribute("value")
    page.context.set_offline(True)
    try:
        toggle = page.locator(f"#toggle-{read}")
        toggle.click()  # done, queued
        expect(toggle).to_have_attribute("data-pending", "true")
        expect(line(page)).to_have_text("1 of 2 done")
        expect(bar(page)).to_have_attribute("value", "1")
        expect(bar(page)).to_have_attribute("max", "2")
        expect(bar(page)).to_have_attribute("aria-label", "1 of 2 habits done today")
        toggle.click()  # skipped: not due today, as the server counts it
        expect(line(page)).to_have_text("0 of 1 done")
        toggle.click()  # clear
        expect(line(page)).to_have_text("0 of 2 done")
        page.locator(f"#day-{walk}-{today}").click()  # today in Walk's week: done
        expect(line(page)).to_have_text("1 of 2 done")
        toggle.click()  # the day finished offline: said as the server would say it
        expect(line(page)).to_have_text("2 of 2 done · all done today")
        expect(bar(page)).to_have_attribute("value", "2")
        expect(page.locator("#offline-status")).to_contain_text("5 changes waiting")
    finally:
        page.context.set_offline(False)
    # Sent: the server's own count.
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(page.locator(f"#toggle-{read}")).not_to_have_attribute("data-pending", "true")
    expect(line(page)).to_have_text("2 of 2 done · all done today")


def test_all_done_goes_and_comes_back_with_the_queued_changes(page, register, add_habit):
    register(page)
    read = add_habit(page, "Read")
    walk = add_habit(page, "Walk")
    for habit in (read, walk):
        page.locator(f"#toggle-{habit}").click()
        expect(page.locator(f"#toggle-{habit}")).to_have_attribute("aria-pressed", "true")
    expect(line(page)).to_have_text("2 of 2 done · all done today")
    page.context.set_offline(True)
    try:
        toggle = page.locator(f"#toggle-{read}")
        toggle.click()  # skipped: one habit left, and it is done
        expect(line(page)).to_have_text("1 of 1 done · all done today")
        toggle.click()  # clear: due again, not done
        expect(line(page)).to_have_text("1 of 2 done")
        expect(bar(page)).to_have_attribute("value", "1")
        toggle.click()  # done again
        expect(line(page)).to_have_text("2 of 2 done · all done today")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(line(page)).to_have_text("2 of 2 done · all done today")


def test_the_saved_copy_reloaded_offline_counts_what_waits(page, register, give_habits):
    email = register(page)
    read, water, smoking = give_habits(email, [
        {"name": "Read"}, WATER, {"name": "Smoking", "kind": "quit"}])
    page.reload()
    # A quit habit is clean (done) until a slip is logged.
    expect(line(page)).to_have_text("1 of 3 done")
    wait_for_worker(page)
    page.reload()  # the worker saves this copy of Today
    page.wait_for_timeout(300)
    amount = page.locator(f"#amount-{water}")
    page.context.set_offline(True)
    try:
        amount.fill("5")  # 5 of at least 8 glasses: not done
        page.locator(f"#habit-{water}").get_by_role("button", name="Save").click()
        expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
        expect(line(page)).to_have_text("1 of 3 done")
        amount.fill("8")
        page.locator(f"#habit-{water}").get_by_role("button", name="Save").click()
        expect(page.locator("#offline-status")).to_contain_text("2 changes waiting")
        expect(line(page)).to_have_text("2 of 3 done")
        page.locator(f"#toggle-{read}").click()  # done
        expect(line(page)).to_have_text("3 of 3 done · all done today")
        page.locator(f"#toggle-{smoking}").click()  # a slip
        expect(line(page)).to_have_text("2 of 3 done")
        expect(page.locator("#offline-status")).to_contain_text("4 changes waiting")

        page.reload()  # the saved copy, drawn before all of it: "1 of 3"
        expect(page.locator("#offline-status")).to_contain_text("4 changes waiting")
        expect(page.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
        expect(amount).to_have_value("8")  # the amount waiting, not the one drawn
        expect(line(page)).to_have_text("2 of 3 done")
        expect(bar(page)).to_have_attribute("value", "2")
        page.locator(f"#toggle-{smoking}").click()  # the slip skipped: Smoking not due
        expect(line(page)).to_have_text("2 of 2 done · all done today")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(line(page)).to_have_text("2 of 2 done · all done today")


def test_the_count_keeps_the_pages_language(page, register, add_habit):
    register(page)
    read = add_habit(page, "Lesen")
    add_habit(page, "Laufen")
    choose_language(page, "de")
    page.goto("/")
    expect(line(page)).to_contain_text("0 von 2")
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{read}").click()
        expect(line(page)).to_contain_text("1 von 2")
        expect(bar(page)).to_have_attribute("aria-label", "1 von 2 Gewohnheiten heute erledigt")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(line(page)).to_contain_text("1 von 2")


def test_the_words_agree_with_the_count_offline(page, register, add_habit):
    """French says "1 sur 2 faite" but "2 sur 2 faites": counted offline, the words change
    with the count as the server's would."""
    register(page)
    read = add_habit(page, "Lire")
    walk = add_habit(page, "Marcher")
    choose_language(page, "fr")
    page.goto("/")
    expect(line(page)).to_have_text("0 sur 2 faite")
    page.context.set_offline(True)
    try:
        page.locator(f"#toggle-{read}").click()
        expect(line(page)).to_have_text("1 sur 2 faite")
        expect(bar(page)).to_have_attribute("aria-label", "1 habitude sur 2 faite aujourd’hui")
        page.locator(f"#toggle-{walk}").click()
        expect(line(page)).to_have_text("2 sur 2 faites · tout est fait aujourd’hui")
        expect(bar(page)).to_have_attribute("aria-label", "2 habitudes sur 2 faites aujourd’hui")
        page.locator(f"#toggle-{walk}").click()  # skipped: 1 of 1, the singular again
        expect(line(page)).to_have_text("1 sur 1 faite · tout est fait aujourd’hui")
    finally:
        page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden()
    expect(line(page)).to_have_text("1 sur 1 faite · tout est fait aujourd’hui")
