"""The Nu HTML Checker on the pages a crawl of GET routes never sees (issue 15, item 18):
a live week (today first, progress, session states), the six success pages, and every
public and staff form sent back with its errors. One JVM for all of them."""

from __future__ import annotations

from datetime import timedelta

from advocacy.daily import services as daily
from advocacy.daily.models import DailySubscription
from advocacy.daily.sending import progress_token
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.mail.messages import settings_url
from advocacy.weeks import waitlist
from advocacy.weeks.models import LiveSession, WaitlistEntry

from ..conftest import submit
from ..seeding import live_demo_week, seed_staff
from .html_checker import check_pages

MEETING = {"legislator_name": "Rep. Ada", "meeting_date": "", "format": "video",
           "attendees": "Me", "notes": "Good.", "follow_up": "y", "contact_name": "",
           "contact_email": "", "contact_consent": ""}


def live_ids(week) -> dict:
    """What the test needs of the live demo week (its second day is today)."""
    today = week.days[1]
    return {"slug": week.slug, "today": today.date, "actions": [a.id for a in today.actions],
            "call": next(a.id for d in week.days for a in d.actions if a.kind == "call"),
            "session": next(s.id for d in week.days[2:] for s in d.sessions)}


def test_live_week_successes_and_form_errors_are_valid_html(app):
    seeded = seed_staff(app)
    live = live_demo_week(app, live_ids)
    slug, today = live["slug"], live["today"].isoformat()
    day_url = f"/weeks/{slug}/{today}"
    pages: dict[str, str] = {}
    advocate = app.test_client()

    def keep(name, response):
        assert response.status_code < 500, (name, response.status_code)
        pages[name] = response.get_data(as_text=True)

    for url in ("/", f"/weeks/{slug}", day_url, f"/weeks/{slug}/plan?minutes=15",
                "/stories/new", "/chapters/", "/chapters/new-york",
                f"/weeks/{slug}/meetings/new", f"/sessions/{live['session']}/register"):
        keep(f"anonymous {url}", advocate.get(url))
    # Every public form sent empty: the messages at the fields.
    for url, form_url in (("/stories/new", None), ("/chapters/new-york", None),
                          (f"/weeks/{slug}/meetings/new", None),
                          (f"/sessions/{live['session']}/register", None),
                          (f"/weeks/{slug}/actions/{live['call']}/call", day_url),
                          ("/login", None), ("/my/claim", "/my/"),
                          (f"/weeks/{slug}/daily", None)):
        keep(f"errors {url}", submit(advocate, url, {}, form_url))
    keep("errors story district step", submit(advocate, "/stories/new", {
        "state": "NY", "zip": "12207", "find_district": "1"}))
    # The six successes, each followed to the page it lands on.
    keep("success story", submit(advocate, "/stories/new", {
        "author_name": "Ada", "email": "ada@example.org", "library": "Albany Public",
        "city": "Albany", "state": "NY", "zip": "12207", "impact_areas": ["connectivity"],
        "title": "Hotspots",
        "body": "Our library lent hotspots to forty families, who could then apply for jobs.",
        "consent_share": "y"}, follow_redirects=True))
    keep("success signup", submit(advocate, "/chapters/new-york", {
        "name": "Ada", "email": "ada@example.org", "zip": "12207", "consent": "y"},
        follow_redirects=True))
    keep("success registration", submit(advocate, f"/sessions/{live['session']}/register", {
        "name": "Ada", "email": "ada@example.org"}, follow_redirects=True))
    keep("success meeting", submit(advocate, f"/weeks/{slug}/meetings/new", {
        **MEETING, "meeting_date": today, "follow_up": ""}, follow_redirects=True))
    keep("success call", submit(advocate, f"/weeks/{slug}/actions/{live['call']}/call",
                                {"outcome": "talked"}, day_url, follow_redirects=True))
    keep("success daily email", submit(advocate, f"/weeks/{slug}/daily", {
        "email": "ada@example.org", "minutes": "15", "timezone": "America/New_York"}))
    with app.app_context():
        subscription = db.session.execute(db.select(DailySubscription)).scalar_one()
        confirm = daily.confirm_token(daily.Request(subscription.id, 15, "America/New_York",
                                                    None))
        progress = progress_token(subscription)
    keep("daily confirm", advocate.get(f"/daily/confirm/{confirm}"))
    keep("daily confirm, a broken link", advocate.get(f"/daily/confirm/{confirm[:-3]}"))
    keep("daily progress", advocate.get(f"/daily/progress/{progress}"))
    with app.app_context():
        subscription.confirmed_at = utcnow()
        db.session.add(subscription)
        db.session.commit()
        settings = settings_url("ada@example.org").split("/my/email/", 1)[1]
    keep("email settings", advocate.get(f"/my/email/{settings}"))
    keep("email settings, a broken link", advocate.get(f"/my/email/{settings[:-3]}"))
    keep("email settings, ask for the link", advocate.get("/my/email"))
    keep("errors email settings link", submit(advocate, "/my/email", {}))
    assert "Daily actions: " in pages["email settings"]
    # A full session: its waitlist form, sent empty, and an offer's page.
    register_url = f"/sessions/{live['session']}/register"
    with app.app_context():
        session_row = db.session.get(LiveSession, live["session"])
        session_row.capacity = 1  # Ada's registration above fills it
        entry = WaitlistEntry(session_id=session_row.id, name="Bo", email="bo@example.org",
                              offered_at=utcnow(), hold_until=utcnow() + timedelta(hours=24))
        db.session.add(entry)
        db.session.commit()
        accept = waitlist.accept_token(entry)
    keep("full session", app.test_client().get(register_url))
    keep("errors waitlist", submit(app.test_client(),
                                   f"/sessions/{live['session']}/waitlist", {}, register_url))
    keep("waitlist offer", app.test_client().get(f"/waitlist/accept/{accept}"))
    assert "Join the waitlist" in pages["full session"] and "Take my place" in pages[
        "waitlist offer"] and 'id="email-error"' in pages["errors waitlist"]
    for action_id in live["actions"]:
        submit(advocate, f"{day_url}/actions/{action_id}/tick", {"done": "1"}, day_url)
    for url in (day_url, f"/weeks/{slug}", "/", "/my/", "/chapters/new-york",
                f"/sessions/{live['session']}/register", "/stories/new"):
        keep(f"participant {url}", advocate.get(url))
    # Staff forms sent with their errors.
    organizer = seeded.clients["organizer"]
    for url in ("/organize/weeks/new", f"/organize/weeks/{slug}/edit",
                f"/organize/weeks/{slug}/clone", "/organize/chapters/new"):
        keep(f"organizer errors {url}", submit(organizer, url, {"title": ""}))
    landed = {name: page.split("<h1", 1)[1].split("</h1>", 1)[0] for name, page in
              pages.items() if name.startswith("success")}
    assert "Thank you" in landed["success story"] and "registered" in landed["success registration"]
    errors = check_pages(pages)
    assert errors == [], "\n".join(errors)
