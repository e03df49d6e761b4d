"""Keyboard only: Tab, Shift+Tab, Space, Enter and typing — no mouse, no clicks. A person
completes a day's checklist, shares a story and signs up with a chapter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from advocacy.extensions import db
from advocacy.weeks.models import Week

from ..factories import build_week

pytestmark = pytest.mark.browser
STORY = ("Our library lent Wi-Fi hotspots to forty families during remote learning, and "
         "every child in the program finished the school year.")


def focused(page) -> str:
    """What a screen reader would announce for the focused element: its label or text."""
    return page.evaluate("""() => {
      const el = document.activeElement;
      if (!el) return '';
      const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
      return (label || el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
    }""")


def tab_to(page, text: str, limit: int = 150) -> None:
    """Press Tab until the focused element's label or text contains ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text.lower() in focused(page).lower():
            return
    raise AssertionError(f"Tab never reached {text!r}")


def submit_with_enter(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def fill(page, label: str, value: str) -> None:
    tab_to(page, label)
    page.keyboard.type(value)


def test_day_story_and_chapter_by_keyboard_alone(app, browser, live_server, make_chapter):
    with app.app_context():
        week = db.session.get(Week, build_week(actions_per_day=3))
        day_url = f"{live_server}/weeks/{week.slug}/{week.days[0].date.isoformat()}"
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    page = browser.new_context().new_page()

    page.goto(day_url)
    for count in (1, 2, 3):  # each "Mark as done" in turn (ticked in place by the script)
        tab_to(page, "Mark as done")
        page.keyboard.press("Enter")
        page.locator('button[aria-pressed="true"]').nth(count - 1).wait_for()
    progress = page.locator('[data-progress="day-progress"] [data-progress-text]')
    assert progress.inner_text() == "3 of 3 done · 50 of 50 minutes"

    page.goto(live_server + "/stories/new")
    fill(page, "Your name", "Rosa Reader")
    fill(page, "Email", "rosa@example.org")
    fill(page, "Your library", "Albany Public Library")
    fill(page, "City or town", "Albany")
    tab_to(page, "State")
    page.keyboard.type("New York")  # a native select picks by typing
    fill(page, "ZIP code", "12207")
    tab_to(page, "Remote learning")
    page.keyboard.press("Space")
    fill(page, "Title", "Hotspots kept school going")
    fill(page, "Your story", STORY)
    tab_to(page, "Share my story with my members of Congress")
    page.keyboard.press("Space")
    tab_to(page, "Share my story")
    while focused(page) != "Share my story":
        page.keyboard.press("Tab")
    submit_with_enter(page)
    expect(page.locator("body")).to_contain_text("Thank you for sharing your story")

    page.goto(live_server + "/chapters/")
    fill(page, "Your ZIP code", "10001")
    submit_with_enter(page)
    tab_to(page, "New York Library Advocates")
    submit_with_enter(page)
    fill(page, "Your name", "Rosa Reader")
    fill(page, "Email", "rosa@example.org")
    fill(page, "ZIP code", "10001")
    tab_to(page, "Share stories")
    page.keyboard.press("Space")
    tab_to(page, "The chapter may contact me")
    page.keyboard.press("Space")
    tab_to(page, "Sign up")
    submit_with_enter(page)
    expect(page.locator("body")).to_contain_text("Welcome to New York Library Advocates!")
