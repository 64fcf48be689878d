"""Probe (2026-12-07): a deploy while the app is installed, and a tab closed offline. The new
release's worker takes over the open page without the user closing every tab, the page online
is the server's current one (never the saved copy), and offline the saved copy still reads;
a tick made offline in a tab closed since is sent when the app is opened again online."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import wait_for_worker
from flask import Response
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SAVED = re.compile(r"Offline — showing what you saw at")


def test_a_new_release_takes_over_and_never_serves_the_saved_page_online(
        page, register, add_habit, give_habits, live_app, monkeypatch):
    email = register(page)
    add_habit(page, "Read")
    wait_for_worker(page)
    page.reload()  # saved by the first release's worker
    page.wait_for_timeout(300)

    worker = Path(live_app.static_folder, "js", "sw.js").read_text(encoding="utf-8")

    def new_release():  # the same worker, other bytes: what a deploy serves
        return Response(worker + "\n// release 2\n", mimetype="text/javascript",
                        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})

    monkeypatch.setitem(live_app.view_functions, "pwa.service_worker", new_release)
    give_habits(email, [{"name": "Walk"}])  # added on the laptop since
    took_over = page.evaluate("""() => new Promise(async (resolve) => {
        navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true));
        setTimeout(() => resolve("no new worker in 10 s"), 10000);
        await (await navigator.serviceWorker.getRegistration()).update();
    })""")
    assert took_over is True
    page.reload()
    expect(page.get_by_role("link", name="Walk", exact=True)).to_be_visible()
    expect(page.locator("#offline-status")).to_be_hidden()
    page.wait_for_timeout(300)  # the new worker saves this copy
    page.context.set_offline(True)
    try:
        page.reload()
        expect(page.locator("#offline-status")).to_contain_text(SAVED)
        expect(page.get_by_role("link", name="Walk", exact=True)).to_be_visible()
    finally:
        page.context.set_offline(False)
    # Back online, the saved copy makes way for the server's page by itself (offline.js).
    expect(page.locator("html")).not_to_have_attribute("data-offline-saved-at", re.compile(""))
    expect(page.locator("#offline-status")).to_be_hidden()


def test_a_tick_made_in_a_tab_closed_offline_is_sent_when_the_app_opens_again(
        page, register, add_habit):
    register(page)
    read = add_habit(page, "Read")
    wait_for_worker(page)
    page.reload()
    page.wait_for_timeout(300)
    context = page.context
    context.set_offline(True)
    page.locator(f"#toggle-{read}").click()
    expect(page.locator("#offline-status")).to_contain_text("1 change waiting")
    page.close()
    again = context.new_page()  # opened from the home screen, still offline
    again.goto("/")
    expect(again.locator("#offline-status")).to_contain_text("1 change waiting")
    expect(again.locator(f"#toggle-{read}")).to_have_attribute("data-pending", "true")
    context.set_offline(False)
    expect(again.locator("#offline-status")).to_be_hidden()
    expect(again.locator(f"#toggle-{read}")).to_have_attribute("aria-pressed", "true")
    expect(again.locator(f"#toggle-{read}")).not_to_have_attribute("data-pending", "true")
