"""Issue 15, item 13: on a 390 px phone no page scrolls sideways, for any role (the
anonymous pages and, as an admin, every staff page); wide tables scroll inside their
own container."""

from __future__ import annotations

import pytest

from ..conftest import BACKEND
from ..seeding import live_demo_week, seed_everything
from .test_quality import opened_pages

pytestmark = pytest.mark.browser
WIDTH = 390


@pytest.mark.skipif(BACKEND != "sqlite", reason="layout does not depend on the database")
def test_no_page_is_wider_than_a_phone(app, browser, live_server):
    seeded = seed_everything(app, text=lambda name: f"Example {name} withaverylongwordthat"
                                                     "doesnotbreakanywhereatall")
    problems, checked = [], 0
    for role in ("anonymous", "admin"):  # an admin opens every staff page
        context = browser.new_context(viewport={"width": WIDTH, "height": 844})
        page = context.new_page()
        for url in opened_pages(page, app, seeded, live_server, role):
            checked += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                problems.append(f"{role} {url}: {width} px wide")
        context.close()
    assert checked >= 60
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 900)])
def test_todays_first_action_is_on_the_first_screen(app, browser, live_server, viewport):
    """Issue 15, item 1: during a live week, on a phone and a desktop."""
    live_demo_week(app)  # the real, long week
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(live_server + "/")
    first = page.locator(".today__actions li a").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport[1], box
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    context.close()
