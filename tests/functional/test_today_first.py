"""Issue 15, items 1 and 2: during a live week the week page (and /) opens with today
— its actions, this browser's progress, its sessions — above the summary; every day
shows the browser's progress; before the week, how long to wait and what to register
for; after it, the recordings and what advocates did."""

from __future__ import annotations

import html
from datetime import timedelta

from advocacy.database import utcnow
from advocacy.weeks.timezones import date_in_zone

from ..factories import build_week
from .test_checklists import tick, week_actions


def text(response) -> str:
    return html.unescape(response.get_data(True))


def test_a_live_week_opens_with_today_and_shows_progress_per_day(app):
    today = utcnow().date()
    with app.app_context():
        build_week(slug="live", start=today - timedelta(days=1), days=3, actions_per_day=2,
                   timezone="UTC")
    actions = week_actions(app, "live")
    client = app.test_client()
    for url in ("/", "/weeks/live"):
        page = text(client.get(url))
        assert page.index('id="today-heading"') < page.index('class="lead"'), url
        assert page.index(actions[1][0].title) < page.index('class="lead"'), url
        assert "You: " not in page  # no progress yet, none shown
    tick(client, f"/weeks/live/{today.isoformat()}", actions[1][0].id)
    tick(client, f"/weeks/live/{(today - timedelta(days=1)).isoformat()}", actions[0][0].id)
    page = text(client.get("/weeks/live"))
    today_card = page.split('id="today"', 1)[1].split("</section>", 1)[0]
    assert "You: 1 of 2 done" in today_card
    assert page.count("You: 1 of 2 done") == 3  # the card, yesterday and today in the list
    assert "You: 0 of 2 done" in page  # tomorrow
    # Another browser's (anonymous, cached) page shows no one's progress.
    assert "You: " not in text(app.test_client().get("/weeks/live"))


def test_before_and_after_the_week(app):
    today = date_in_zone(utcnow(), "America/New_York")  # the weeks' zone
    with app.app_context():
        build_week(slug="soon", start=today + timedelta(days=3), days=2)
        build_week(slug="past", start=today - timedelta(days=30), days=2)
    soon = text(app.test_client().get("/weeks/soon"))
    assert "Starts in 3 days" in soon and "Register now for the live sessions" in soon
    client = app.test_client()
    past = text(client.get("/weeks/past"))
    assert "This week is over" in past
