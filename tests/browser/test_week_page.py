"""The demo week as a browser shows it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_demo_week_opens_in_chromium_and_is_screenshotted(page, live_server, demo, tmp_path):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(
        message.text))
    response = page.goto(live_server + "/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "National Library Legislative Week from Home"
    assert page.locator("li.day").count() == 5
    assert page.locator("li.action").count() == 8
    assert page.get_by_role("link", name="Call 202-403-8221").count() == 1
    # The stylesheet loaded (no CDN, served by the app) and applied.
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    # Keyboard: the first Tab reaches the skip link.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    shot = tmp_path / "demo-week.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert console_errors == []
