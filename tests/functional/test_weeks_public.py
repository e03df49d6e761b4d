"""Advocates' week pages: time zones, session states, registration, ICS, API, cost."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks.models import LiveSession, SessionRegistration, Week

from ..conftest import submit
from ..factories import build_week


def first_session_id(app, slug="test-week") -> int:
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.slug == slug)).scalar_one()
        return week.days[0].sessions[0].id


def test_times_show_in_the_chosen_zone_and_the_choice_is_remembered(app, client):
    with app.app_context():
        build_week()
    html = client.get("/weeks/test-week").get_data(as_text=True)
    assert "4:00 PM EDT" in html and "1:00 PM PDT" not in html
    response = client.get("/weeks/test-week?tz=America/Los_Angeles")
    assert "1:00 PM PDT" in response.get_data(as_text=True)
    assert client.get_cookie("advocacy_tz").value == "America/Los_Angeles"
    assert "1:00 PM PDT" in client.get("/weeks/test-week").get_data(as_text=True)
    html = client.get("/weeks/test-week?tz=Nowhere/Atlantis").get_data(as_text=True)
    assert "That time zone is not known" in html and "1:00 PM PDT" in html


def test_day_totals_and_minutes_are_shown(app, client):
    with app.app_context():
        build_week(actions_per_day=3)
    html = client.get("/weeks/test-week").get_data(as_text=True)
    assert html.count("3 actions · 50 minutes in all") == 5


def set_session_start(app, session_id, starts_at):
    with app.app_context():
        live = db.session.get(LiveSession, session_id)
        live.starts_at = starts_at
        live.join_url = "https://meet.example/live"
        live.recording_url = "https://video.example/rec"
        live.day.week.updated_at = utcnow()
        db.session.commit()


def test_session_state_follows_the_clock(app, client):
    today = utcnow().date()
    with app.app_context():
        build_week(start=today - timedelta(days=2), days=5)
    session_id = first_session_id(app)
    now = utcnow()
    set_session_start(app, session_id, now + timedelta(hours=2))
    html = client.get("/weeks/test-week").get_data(as_text=True)
    assert f"/sessions/{session_id}/register" in html
    set_session_start(app, session_id, now - timedelta(minutes=10))
    html = client.get("/weeks/test-week").get_data(as_text=True)
    assert "Live now" in html and "https://meet.example/live" in html
    set_session_start(app, session_id, now - timedelta(hours=2))
    html = client.get("/weeks/test-week").get_data(as_text=True)
    assert "https://video.example/rec" in html
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        # Yesterday in the week's own zone (the UTC date is a day ahead in the evening).
        week.recordings_until = utcnow().astimezone(ZoneInfo(week.timezone)).date() - \
            timedelta(days=1)
        week.updated_at = utcnow()
        db.session.commit()
    html = client.get("/weeks/test-week").get_data(as_text=True)
    assert "Recording no longer available" in html
    assert "https://video.example/rec" not in html


def register(client, session_id, email="ada@example.org", name="Ada", **extra):
    url = f"/sessions/{session_id}/register"
    # ?another=1: the form even when this browser is registered already (it then shows
    # "You're registered" first).
    return submit(client, url, {"name": name, "email": email, "reminders": "y", **extra},
                  url + "?another=1")


def test_registration_confirms_offers_ics_and_is_idempotent(app, client):
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    response = register(client, session_id)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are registered" in page and f"/sessions/{session_id}.ics" in page
    response = register(client, session_id, email="  ADA@example.org ")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are registered: we are sending the confirmation" in page  # same words
    with app.app_context():
        rows = db.session.execute(db.select(SessionRegistration)).scalars().all()
        assert len(rows) == 1 and rows[0].consent_reminders_at is not None


def test_registration_errors_keep_the_input(app, client):
    with app.app_context():
        build_week()
    response = register(client, first_session_id(app), email="not-an-email", name="Grace")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="email-error"' in html and 'value="Grace"' in html


def test_members_only_sessions_say_so(app, client):
    with app.app_context():
        build_week()
        live = db.session.execute(db.select(LiveSession)).scalars().first()
        live.members_only = True
        db.session.commit()
        session_id = live.id
    assert "Members only" in client.get(f"/sessions/{session_id}/register").get_data(True)


def test_concurrent_registrations_never_overbook(app):
    capacity, extra = 5, 5
    with app.app_context():
        build_week(capacity=capacity)
    session_id = first_session_id(app)
    barrier = threading.Barrier(capacity + extra)
    outcomes: list[str] = []

    def attempt(n: int):
        client = app.test_client()
        url = f"/sessions/{session_id}/register"
        page = client.get(url).get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        barrier.wait()
        response = client.post(url, data={"name": f"P{n}", "email": f"p{n}@example.org",
                                          "csrf_token": token})
        body = response.get_data(as_text=True)
        outcomes.append("ok" if response.status_code == 302 else
                        "full" if "this session is full" in body else
                        f"other {response.status_code}")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(capacity + extra)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["full"] * extra + ["ok"] * capacity
    with app.app_context():
        assert len(db.session.execute(db.select(SessionRegistration)).all()) == capacity


def parse_ics(response) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_week_and_session_ics_give_the_right_instants_across_dst(app, client):
    # New York falls back on 2027-11-07: 4 pm is 20:00 UTC before, 21:00 UTC after.
    with app.app_context():
        build_week(start=date(2027, 11, 4), days=5)
    calendar = parse_ics(client.get("/weeks/test-week.ics"))
    events = calendar.walk("VEVENT")
    starts = [e.decoded("dtstart").astimezone(UTC) for e in events]
    assert starts == [datetime(2027, 11, d, h, 0, tzinfo=UTC)
                      for d, h in ((4, 20), (5, 20), (6, 20), (7, 21), (8, 21))]
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "America/New_York"
    assert len({e["uid"] for e in events}) == 5
    assert all(e["url"].startswith("http://localhost/sessions/") for e in events)
    again = parse_ics(client.get("/weeks/test-week.ics")).walk("VEVENT")
    assert [e["uid"] for e in again] == [e["uid"] for e in events]  # stable
    session_id = first_session_id(app)
    single = parse_ics(client.get(f"/sessions/{session_id}.ics")).walk("VEVENT")
    assert len(single) == 1 and single[0]["uid"] == events[0]["uid"]
    assert single[0]["description"]


def test_drafts_have_no_calendar_or_registration(app, client):
    with app.app_context():
        build_week(status="draft")
    session_id = first_session_id(app)
    for url in ("/weeks/test-week.ics", f"/sessions/{session_id}.ics",
                f"/sessions/{session_id}/register", "/api/v1/weeks/test-week"):
        assert client.get(url).status_code == 404, url


def test_api_serves_published_weeks_with_etags(app, client):
    with app.app_context():
        build_week()
        build_week("hidden", status="draft")
    listing = client.get("/api/v1/weeks")
    assert [w["slug"] for w in listing.get_json()["weeks"]] == ["test-week"]
    assert client.get("/api/v1/weeks", headers={"If-None-Match": listing.headers["ETag"]}
                      ).status_code == 304
    detail = client.get("/api/v1/weeks/test-week")
    week = detail.get_json()["week"]
    assert len(week["days"]) == 5
    assert week["days"][0]["sessions"][0]["starts_at"] == "2027-05-03T20:00:00Z"
    assert detail.headers["Last-Modified"]
    etag = detail.headers["ETag"]
    assert client.get("/api/v1/weeks/test-week", headers={"If-None-Match": etag}
                      ).status_code == 304
    with app.app_context():
        db.session.execute(db.select(Week).where(Week.slug == "test-week")).scalar_one(
        ).updated_at = utcnow() + timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/weeks/test-week", headers={"If-None-Match": etag}
                      ).status_code == 200
    assert client.get("/api/v1/weeks/hidden").status_code == 404


def test_print_page_is_one_glance(app, client):
    with app.app_context():
        build_week(actions_per_day=2)
    html = client.get("/weeks/test-week/print").get_data(as_text=True)
    assert html.count('class="glance__day"') == 5 and "css/glance.css" in html


def test_week_page_costs_a_fixed_number_of_queries(make_app, count_queries, app):
    app.config["WEEK_PAGE_CACHE"] = False
    with app.app_context():
        build_week("small", days=1, actions_per_day=1, sessions_per_day=1)
        build_week("large", start=date(2027, 6, 7), days=5, actions_per_day=8,
                   sessions_per_day=3)
    client = app.test_client()
    small = count_queries(client, "/weeks/small")
    large = count_queries(client, "/weeks/large")
    assert small == large <= 6


def test_render_cache_serves_anonymous_views_and_is_invalidated_by_edits(app, count_queries,
                                                                         organizer_client):
    with app.app_context():
        build_week(actions_per_day=4)
    client = app.test_client()
    first = client.get("/weeks/test-week")
    assert count_queries(client, "/weeks/test-week") == 1  # served from the cache
    assert client.get("/weeks/test-week", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        action_id = week.days[0].actions[0].id
        day_id = week.days[0].id
    response = submit(organizer_client, f"/organize/weeks/test-week/actions/{action_id}/edit",
                      {"day_id": str(day_id), "title": "Freshly edited action", "minutes": "15",
                       "kind": "link", "target": "https://example.org", "session_id": ""})
    assert response.status_code == 302
    after = client.get("/weeks/test-week", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200
    assert "Freshly edited action" in after.get_data(as_text=True)
    # Staff never get the anonymous cached copy.
    staff = organizer_client.get("/weeks/test-week")
    assert "Sign out" in staff.get_data(as_text=True)
    assert staff.headers["Cache-Control"] == "no-store"


def test_index_shows_the_current_or_next_week(app, client):
    today = utcnow().date()
    with app.app_context():
        build_week("past", start=today - timedelta(days=30))
        build_week("next", start=today + timedelta(days=10))
        build_week("later", start=today + timedelta(days=40))
    assert "Week next" in client.get("/").get_data(as_text=True)
    with app.app_context():
        build_week("now", start=today - timedelta(days=1),
                   session_time=time(12, 0))
    assert "Week now" in client.get("/").get_data(as_text=True)


def test_current_or_next_slug_prefers_under_way_then_next_then_last_ended(app):
    from advocacy.weeks.services import current_or_next_slug

    noon = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
    today = noon.date()
    with app.app_context():
        assert current_or_next_slug(noon) is None
        build_week("long-ago", start=today - timedelta(days=90))
        build_week("ended-last", start=today - timedelta(days=20))
        build_week("draft-now", start=today - timedelta(days=1), status="draft")
        assert current_or_next_slug(noon) == "ended-last"
        build_week("far", start=today + timedelta(days=60))
        build_week("soon", start=today + timedelta(days=5))
        assert current_or_next_slug(noon) == "soon"
        build_week("now", start=today - timedelta(days=4))  # ends today: still under way
        assert current_or_next_slug(noon) == "now"


def test_a_week_is_under_way_until_its_last_day_ends_in_its_own_zone(app):
    from advocacy.weeks.services import current_or_next_slug

    with app.app_context():
        build_week("new-york", start=date(2027, 5, 3), timezone="America/New_York")
        build_week("next", start=date(2027, 6, 7))
        # 8 May 02:00 UTC is still 7 May, 10 pm, in New York: the last day.
        assert current_or_next_slug(datetime(2027, 5, 8, 2, 0, tzinfo=UTC)) == "new-york"
        assert current_or_next_slug(datetime(2027, 5, 8, 4, 30, tzinfo=UTC)) == "next"
        # 3 May 02:00 UTC is still 2 May in New York: that week has not begun, while
        # a week on UTC starting the same day has.
        build_week("on-utc", start=date(2027, 5, 3), timezone="UTC")
        assert current_or_next_slug(datetime(2027, 5, 3, 2, 0, tzinfo=UTC)) == "on-utc"
