"""Ticking a day's checklist in Chromium, with JavaScript off and on."""

from __future__ import annotations

import re

import pytest

from advocacy.extensions import db
from advocacy.weeks.models import Week

from ..factories import build_week

pytestmark = pytest.mark.browser
DONE, MARK = re.compile(r"^Done"), re.compile(r"^Mark as done")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_tick_three_actions_across_two_days_and_untick_one(
        browser, live_server, app, javascript, tmp_path):
    with app.app_context():
        week_id = build_week(actions_per_day=3)  # 5, 15 and 30 minutes a day
        week = db.session.get(Week, week_id)
        first, second = (f"{live_server}/weeks/{week.slug}/{d.date.isoformat()}"
                         for d in week.days[:2])
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def tick(title):
        item = page.locator("li.check-item", has_text=title)
        item.get_by_role("button", name=MARK).click()
        item.get_by_role("button", name=DONE).wait_for()

    def progress(which):
        return page.locator(f'[data-progress="{which}"] [data-progress-text]').inner_text()

    page.goto(first)
    if javascript:
        page.evaluate("window.__sameDocument = true")
    tick("#0")
    tick("#2")
    assert progress("day-progress") == "2 of 3 done · 35 of 50 minutes"
    if javascript:  # ticked in place: no reload happened
        assert page.evaluate("window.__sameDocument === true")
    page.goto(second)
    tick("#1")
    assert progress("week-progress") == "3 of 15 done · 50 of 250 minutes"

    page.reload()
    assert progress("week-progress") == "3 of 15 done · 50 of 250 minutes"
    page.goto(first)
    assert progress("day-progress") == "2 of 3 done · 35 of 50 minutes"
    assert page.locator('button[aria-pressed="true"]').count() == 2

    item = page.locator("li.check-item", has_text="#2")
    item.get_by_role("button", name=DONE).click()
    item.get_by_role("button", name=MARK).wait_for()
    assert progress("day-progress") == "1 of 3 done · 5 of 50 minutes"
    assert progress("week-progress") == "2 of 15 done · 20 of 250 minutes"
    page.reload()
    assert progress("week-progress") == "2 of 15 done · 20 of 250 minutes"
    # The bar itself reports the numbers to assistive technology.
    assert page.locator('[data-progress="day-progress"] progress').get_attribute("value") == "5"
    page.screenshot(path=str(tmp_path / f"checklist-{javascript}.png"), full_page=True)
    assert errors == []
    context.close()
