"""Through the UI only: an organizer builds and publishes a week; an advocate views it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import sign_in_ui

pytestmark = pytest.mark.browser

SESSIONS = [("2027-05-03T16:00", "Connecting with elected officials"),
            ("2027-05-05T16:00", "Chapter advocacy exchange")]
ACTIONS = [(0, "Share your story", "5", "story", "/stories/new"),
           (0, "Thank your member of Congress", "15", "link", "https://example.org/thanks"),
           (1, "Call the hotline", "15", "call", "202-403-8221"),
           (2, "Sign up with your chapter", "5", "chapter_signup", "/chapters"),
           (3, "Watch the mock meeting", "30", "link", "https://example.org/watch"),
           (4, "Report your meeting", "5", "meeting_report", "")]


def test_organizer_builds_previews_publishes_and_advocate_switches_zone(
        page, browser, live_server, make_user, tmp_path):

    email = make_user("organizer")
    sign_in_ui(page, live_server, email)
    page.get_by_role("link", name="New week").click()

    page.get_by_label("Title").fill("Library Legislative Week 2027")
    page.get_by_label("Address (slug)").fill("llw-2027")
    page.get_by_label("Summary").fill("Five days of advocacy from home.")
    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_label("First day").fill("2027-05-03")
    page.get_by_label("Last day").fill("2027-05-07")
    page.get_by_role("button", name="Create week").click()
    expect(page.locator("body")).to_contain_text("Week created as a draft")
    expect(page.locator("section.editor-day")).to_have_count(5)

    for starts, title in SESSIONS:
        page.get_by_role("link", name="Add a live session").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Starts (in the week's time zone)").fill(starts)
        page.get_by_label("Duration (minutes)").fill("30")
        page.get_by_label("Places").fill("100")
        page.get_by_role("button", name="Save session").click()
        expect(page.locator("body")).to_contain_text("Session saved")

    for day_index, title, minutes, kind, target in ACTIONS:
        page.get_by_role("link", name="Add an action", exact=True).click()
        page.get_by_label("Day").select_option(index=day_index + 1)  # 0: "— choose the day —"
        page.get_by_label("Title").fill(title)
        page.get_by_label("Minutes it takes").fill(minutes)
        page.get_by_label("Kind").select_option(kind)
        page.get_by_label("Target (phone number or address)").fill(target)
        page.get_by_role("button", name="Save action").click()
        expect(page.locator("body")).to_contain_text("Action saved")

    page.get_by_role("link", name="Preview").click()
    expect(page.locator("body")).to_contain_text("Draft preview")
    expect(page.locator("li.action")).to_have_count(6)
    page.get_by_role("link", name="Back to editing").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("body")).to_contain_text("The week is now published")

    advocate = browser.new_context().new_page()
    advocate.goto(live_server + "/weeks/llw-2027")
    first = advocate.locator("li.session").first
    assert "4:00 PM EDT" in first.inner_text()
    advocate.get_by_label("Show times in").select_option("America/Los_Angeles")
    advocate.get_by_role("button", name="Show times").click()
    expect(advocate.locator("li.session").first).to_contain_text("1:00 PM PDT")
    advocate.goto(live_server + "/weeks/llw-2027")  # remembered
    assert "1:00 PM PDT" in advocate.locator("li.session").first.inner_text()
    advocate.screenshot(path=str(tmp_path / "week-in-la.png"), full_page=True)
    advocate.context.close()
