"""Exception types the browser tests raise, importable by test modules for precise
`xfail(raises=...)` marks: a test expected to fail for one known reason still fails loudly
for any other."""

from __future__ import annotations


class ThemeNotApplied(AssertionError):
    """The page did not take the colours of the theme it was switched to."""


class AxeViolations(AssertionError):
    """axe-core found serious or critical accessibility violations."""


def progress(page):
    """Today's "N of M done" line: the first #day-progress in the page.

    (The first, because partials/habit_list.html also renders a dormant out-of-band copy after
    the list on a full page; test_today_shows_the_progress_line_once pins that bug.)
    """
    return page.locator("#day-progress").first


def wait_wired(page, selector: str) -> None:
    """Until htmx has processed the element: it does so as a swap settles, and a robot's click
    or Enter before that takes the plain link or form instead of the htmx one."""
    page.wait_for_function(
        "s => { const e = document.querySelector(s); return !!(e && e['htmx-internal-data']); }",
        arg=selector)


def settled(page) -> None:
    """Until htmx has wired up what it swapped in (a quick second action would otherwise meet a
    plain, unenhanced form or link)."""
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-settling, .htmx-added")).to_have_count(0)
