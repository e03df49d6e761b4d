"""Issue 15, item 4: every success page says what happened and offers the next step
(an action not done yet), with plain share links; the week, day and stories pages
carry Open Graph and Twitter-card tags."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks.models import Week

from ..conftest import submit
from ..factories import build_week
from .test_checklists import tick, week_actions
from .test_stories import STORY


def next_link(page: str) -> str:
    section = page.split('id="next-step-heading"', 1)[1].split("</section>", 1)[0]
    return re.search(r'<a class="button" href="([^"]+)"', section).group(1)


def test_every_success_offers_an_undone_action_and_sharing(app, make_chapter):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    today = utcnow().date()
    with app.app_context():
        build_week(slug="live", start=today - timedelta(days=1), days=3, actions_per_day=2,
                   timezone="UTC")
    client = app.test_client()
    actions = week_actions(app, "live")
    done = set()

    def assert_next(page: str) -> None:
        link = html.unescape(next_link(page))
        action_id = int(link.rsplit("#action-", 1)[1])
        assert action_id not in done and "/weeks/live/" in link
        assert "mailto:?subject=" in page and "x.com/intent/post" in page
        assert "<script src=\"https://" not in page

    thanks = client.get(submit(client, "/stories/new", {**STORY, "state": "NY",
                                                        "zip": "12207"}).headers["Location"])
    assert_next(thanks.get_data(True))
    signup = submit(client, "/chapters/new-york", {"name": "Ada", "email": "a@example.org",
                                                   "zip": "10001", "consent": "y"},
                    follow_redirects=True)
    assert_next(signup.get_data(True))
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.slug == "live")).scalar_one()
        tomorrow_session = week.days[2].sessions[0].id
    registered = submit(client, f"/sessions/{tomorrow_session}/register",
                        {"name": "Ada", "email": "a@example.org"}, follow_redirects=True)
    assert_next(registered.get_data(True))
    # Ticking the last action of today: the day is done, the next step is tomorrow's.
    day_url = f"/weeks/live/{today.isoformat()}"
    for action in actions[1]:
        tick(client, day_url, action.id)
        done.add(action.id)
    page = client.get(day_url).get_data(True)
    assert "is done: every action ticked" in page
    # The share links come from ADVOCACY_PUBLIC_URL, never from a forged Host header.
    name = app.config["PARTICIPANT_COOKIE_NAME"]
    same_browser = app.test_client()
    same_browser.set_cookie(name, client.get_cookie(name).value, domain="evil.example")
    forged = same_browser.get(day_url, base_url="http://evil.example")
    assert "is done" in forged.get_data(True)
    assert "evil.example" not in forged.get_data(True)
    assert f"/weeks/live/{(today + timedelta(days=1)).isoformat()}#action-" in next_link(page)


def test_shared_pages_carry_open_graph_tags(app):
    with app.app_context():
        build_week()
    client = app.test_client()
    for url in ("/weeks/test-week", "/weeks/test-week/2027-05-03", "/stories/"):
        page = client.get(url).get_data(True)
        assert '<meta property="og:title"' in page and 'name="twitter:card"' in page, url
        assert 'property="og:url" content="http' in page, url


def test_reports_and_a_scripted_last_tick_offer_the_next_step(app):
    """The call and meeting reports land on the day with their thanks and a next step; a
    tick made by the page's script that finishes the day gets the same notice and step
    in its answer."""
    today = utcnow().date()
    with app.app_context():
        week = db.session.get(Week, build_week(slug="live", start=today, days=2,
                                               actions_per_day=2, timezone="UTC"))
        week.days[0].actions[0].kind = "call"
        week.days[0].actions[0].target = "202-403-8221"
        db.session.commit()
    actions = week_actions(app, "live")
    client = app.test_client()
    day_url = f"/weeks/live/{today.isoformat()}"
    call = submit(client, f"/weeks/live/actions/{actions[0][0].id}/call",
                  {"outcome": "talked"}, day_url)
    assert call.headers["Location"].endswith(day_url)  # the top: the thanks, then the step
    page = client.get(call.headers["Location"]).get_data(True)
    assert "Thank you for calling" in page
    assert next_link(page).endswith(f"#action-{actions[0][1].id}")
    meeting = submit(client, "/weeks/live/meetings/new", {
        "legislator_name": "Rep. Ada", "meeting_date": today.isoformat(), "format": "video"},
        follow_redirects=True).get_data(True)
    assert "Thank you for telling us about your meeting" in meeting
    assert next_link(meeting).endswith(f"#action-{actions[0][1].id}")
    answer = tick(client, day_url, actions[0][1].id, json=True).get_json()
    assert "Today is done" in answer["day_done_html"]
    assert f"/weeks/live/{(today + timedelta(days=1)).isoformat()}#action-" in next_link(
        answer["day_done_html"])
    undone = tick(client, day_url, actions[0][1].id, done="0", json=True).get_json()
    assert undone["day_done_html"] == ""
    # Without the script, the last tick lands on the notice.
    assert tick(client, day_url, actions[0][1].id).headers["Location"].endswith("#day-done")
