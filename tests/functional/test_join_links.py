"""Members-only and private fields stay private (issue 14, item 7): the API and the
calendar files publish a session's join link only when the week's page shows it (a
public session, while it is live), for every session state."""

from __future__ import annotations

from datetime import timedelta

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks.models import LiveSession

from ..factories import build_week

# (minutes from now to the start, members only, cancelled) per session of the week.
CASES = {"upcoming": (120, False, False), "live": (-10, False, False),
         "ended": (-180, False, False), "cancelled": (-10, False, True),
         "members-upcoming": (120, True, False), "members-live": (-10, True, False),
         "members-ended": (-180, True, False)}


def test_the_api_and_calendars_show_a_join_link_exactly_when_the_page_does(app):
    now = utcnow()
    with app.app_context():
        build_week(slug="now-week", start=(now - timedelta(days=1)).date(), days=3,
                   sessions_per_day=3, timezone="UTC")
        sessions = db.session.execute(db.select(LiveSession).order_by(LiveSession.id)
                                      ).scalars().all()
        for live, (name, (minutes, members, cancelled)) in zip(sessions, CASES.items(),
                                                                 strict=False):
            live.title, live.members_only = f"S-{name}", members
            live.starts_at = now + timedelta(minutes=minutes)
            live.duration_minutes = 60
            live.join_url = f"https://meet.example.org/{name}?pwd=secret"
            live.cancelled_at = now if cancelled else None
        db.session.commit()
    client = app.test_client()
    page = client.get("/weeks/now-week").get_data(True)
    api = client.get("/api/v1/weeks/now-week").get_json()["week"]
    published = {s["title"][2:]: s for day in api["days"] for s in day["sessions"]
                 if s["title"].startswith("S-")}
    assert set(published) == set(CASES)
    for name in CASES:
        link = f"https://meet.example.org/{name}?pwd=secret"
        on_page = link.replace("?", "?").replace("&", "&amp;") in page
        assert (published[name]["join_url"] == link) == on_page, name
        assert on_page == (name == "live"), name
    assert published["members-live"]["state"] == "live"
    calendars = client.get("/weeks/now-week.ics").get_data(True)
    calendars += "".join(client.get(f"/sessions/{s['id']}.ics").get_data(True)
                         for s in published.values())
    assert "meet.example.org" not in calendars.replace("\r\n ", "")
