"""Insights in the browser: charts draw in both themes, the period selector swaps in place."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def give_history(app, email: str) -> None:
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit, User

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        today = date.today()
        for i, (name, colour) in enumerate((("Read", "blue"), ("Run", "orange"))):
            start = today - timedelta(days=200)
            habit = Habit(user_id=user_id, position=i, created_on=start, colour=colour)
            habit.rename(name)
            db.session.add(habit)
            db.session.flush()
            db.session.execute(sa.insert(CheckIn), [
                {"habit_id": habit.id, "day": start + timedelta(days=d), "state": "done"}
                for d in range(200) if (d + i) % 3])
        db.session.commit()


def test_charts_render_in_both_themes_and_the_period_swaps(page, register, live_app,
                                                           axe_check):
    email = register(page)
    give_history(live_app, email)
    page.goto("/insights")
    figures = page.locator("figure[data-chart]")
    expect(figures).to_have_count(5)
    for i in range(5):
        expect(figures.nth(i)).to_have_attribute("data-chart-ready", "true")
        expect(figures.nth(i).locator("canvas")).to_be_visible()
    axe_check(page)  # light and dark

    page.evaluate("() => { window.__sameDocument = true; }")
    page.get_by_role("link", name="1 year").click()
    expect(page.locator("#insights-period nav [aria-current='page']")).to_have_text("1 year")
    expect(page.locator("figure[data-chart]").first).to_have_attribute("data-chart-ready", "true")
    assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"
    assert page.url.endswith("/insights?period=365")

    page.locator("#theme-toggle").click()  # system -> dark: charts redraw in dark colours
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("figure[data-chart]").first).to_have_attribute("data-chart-ready", "true")


def test_without_javascript_the_tables_are_the_charts(new_page, register, live_app):
    page = new_page(java_script_enabled=False)
    email = register(page)
    give_history(live_app, email)
    page.goto("/insights")
    tables = page.locator("figure[data-chart] details[open] table")
    expect(tables).to_have_count(5)
    expect(tables.first).to_contain_text("Read")
    page.get_by_role("link", name="30 days").click()
    assert page.url.endswith("/insights?period=30")
