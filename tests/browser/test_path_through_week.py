"""Issue 15, acceptance: in Chromium, on a phone and a desktop, during a live week, each of
the six successes (a story, a day's last tick, a chapter sign-up, a registration, a
meeting report, a call report) offers a next step that opens an action not done yet;
what the person typed once is already in their next form; no page is wider than the
screen."""

from __future__ import annotations

import re

import pytest

from ..conftest import BACKEND
from ..seeding import live_demo_week

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(BACKEND != "sqlite",
                                 reason="the flows' rules run on both databases in "
                                        "tests/functional/test_next_steps.py")]

NAME, EMAIL = "Ada Lovelace", "ada@example.org"


def live_ids(week) -> dict:
    """What the flows need of the live demo week (its second day is today)."""
    first = week.days[0]
    return {"slug": week.slug, "first_day": first.date.isoformat(),
            "first_day_register": next(a.id for a in first.actions if a.kind == "register"),
            "last_session": week.days[-1].sessions[0].id}


def follow_next_step(page, viewport) -> None:
    """The success page offers a next step; it opens an action this browser has not done."""
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0], page.url
    link = page.locator("section.next-step a.button").first
    link.wait_for()
    target = link.get_attribute("href")
    anchor = re.search(r"#(action-\d+)$", target)
    assert anchor, f"{page.url}: the next step {target!r} is not an action"
    link.click()
    page.wait_for_url(re.compile(re.escape(target.split("#")[0])))
    action = page.locator(f"#{anchor.group(1)}")
    assert action.is_visible()
    assert "check-item--done" not in (action.get_attribute("class") or "")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0], page.url


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
def test_each_success_leads_on_and_nothing_is_asked_twice(app, browser, live_server,
                                                          viewport):
    week = live_demo_week(app, live_ids, chapters=True)
    base, slug = live_server, week["slug"]
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()

    # 1. A story (which ticks the first day's story action).
    page.goto(base + "/stories/new")
    for name, value in (("author_name", NAME), ("email", EMAIL), ("library", "Albany Public"),
                        ("city", "Albany"), ("zip", "12207"), ("title", "Hotspots"),
                        ("body", "Our library lent hotspots to forty families, who then "
                                 "applied for jobs from home.")):
        page.locator(f"[name={name}]").fill(value)
    page.locator("select[name=state]").select_option("NY")
    page.locator("input[name=impact_areas]").first.check()
    page.locator("input[name=consent_share]").check()
    page.get_by_role("button", name="Share my story").click()
    page.wait_for_url(re.compile(r"/stories/\d+/thanks"))
    follow_next_step(page, viewport)

    # 2. The first day's last action ticked: that day is done.
    page.goto(f"{base}/weeks/{slug}/{week['first_day']}")
    page.locator(f"#action-{week['first_day_register']} button.tick").click()
    page.wait_for_load_state()
    page.get_by_text("This day is done").wait_for()
    follow_next_step(page, viewport)

    # 3. A chapter sign-up: name and email are already there.
    page.goto(base + "/chapters/new-york")
    assert page.locator("input[name=name]").input_value() == NAME
    assert page.locator("input[name=email]").input_value() == EMAIL
    assert page.locator("input[name=zip]").input_value() == "12207"
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.get_by_text("You're signed up").wait_for()
    follow_next_step(page, viewport)

    # 4. A registration for the last day's session, pre-filled.
    page.goto(f"{base}/sessions/{week['last_session']}/register")
    assert page.locator("input[name=name]").input_value() == NAME
    assert page.locator("input[name=email]").input_value() == EMAIL
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url(re.compile(r"/registered"))
    follow_next_step(page, viewport)

    # 5. A meeting report (its contact details pre-filled when help is asked for).
    page.goto(f"{base}/weeks/{slug}/meetings/new")
    page.locator("input[name=legislator_name]").fill("Rep. Paul Tonko")
    page.locator("input[name=meeting_date]").fill(week["first_day"])
    page.locator("input[name=format]").first.check()
    page.locator("input[name=follow_up]").check()
    assert page.locator("input[name=contact_name]").input_value() == NAME
    assert page.locator("input[name=contact_email]").input_value() == EMAIL
    page.locator("input[name=contact_consent]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    if "meetings/new" in page.url:
        errors = page.locator(".error").all_inner_texts()
        raise AssertionError(f"the meeting report was refused: {errors}")
    page.get_by_text("Thank you for telling us about your meeting").wait_for()
    follow_next_step(page, viewport)

    # 6. A call report on today's hotline action (today's only action: today is done).
    page.goto(f"{base}/weeks/{slug}")
    page.locator("#today a", has_text="Leave a voicemail").first.click()
    page.locator(".call-form input[value=talked]").check()
    page.locator(".call-form button[type=submit]").click()
    page.get_by_text("Today is done").wait_for()
    follow_next_step(page, viewport)
    context.close()
