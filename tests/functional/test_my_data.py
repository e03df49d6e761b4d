"""My progress, claiming it into an account, merging devices, exporting and erasing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, Text

from advocacy.checklists.models import Completion
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks.models import Week

from ..conftest import emailed_link, login, submit
from ..factories import build_week
from .test_checklists import tick, week_actions

EMAIL, NAME = "canary.person@example.org", "Zebediah Canaryname"


def day_url(app, index: int) -> str:
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        return f"/weeks/{week.slug}/{week.days[index].date.isoformat()}"


def completion_pairs(app) -> list[tuple[int, int]]:
    with app.app_context():
        return sorted((p, a) for p, a in db.session.execute(
            db.select(Completion.participant_id, Completion.action_id)))


def test_my_progress_shows_history_and_streak(app, client):
    today = utcnow().astimezone(ZoneInfo("America/New_York")).date()  # the week's zone
    with app.app_context():
        build_week(start=today - timedelta(days=2), actions_per_day=2)
    days = week_actions(app)
    for index in (0, 1, 2):
        tick(client, day_url(app, index), days[index][0].id)
    html = client.get("/my/").get_data(as_text=True)
    assert "3</strong> actions" in html and "15</strong> minutes" in html
    assert "<strong>3</strong> days in a row" in html
    tick(client, day_url(app, 1), days[1][0].id, done="0")
    assert "<strong>1</strong> day in a row" in client.get("/my/").get_data(as_text=True)


def test_streak_counts_days_in_the_weeks_own_zone(app, client, monkeypatch):
    from advocacy.my import views as my_views

    with app.app_context():
        build_week(start=date(2027, 5, 3), actions_per_day=2)  # America/New_York
    days = week_actions(app)
    tick(client, day_url(app, 0), days[0][0].id)
    # 4 May, 9 pm in New York (5 May in UTC): day two is today and not done yet,
    # so the streak still runs to yesterday.
    monkeypatch.setattr(my_views, "utcnow", lambda: datetime(2027, 5, 5, 1, 0, tzinfo=UTC))
    assert "<strong>1</strong> day in a row" in client.get("/my/").get_data(as_text=True)


def claim(client, email=EMAIL, app=None):
    """Save progress to an account: the form, then the link it emails (when ``app``)."""
    response = submit(client, "/my/claim", {"email": email, "password": "a long password!",
                                            "confirm": "a long password!"})
    if app is None or response.status_code != 302:
        return response
    link = emailed_link(app, "/my/signin/", to=email)
    return submit(client, link, {}, link)


def test_claim_then_merge_devices_without_duplicates(app):
    with app.app_context():
        build_week(actions_per_day=3)
    days = week_actions(app)
    device_a, device_b = app.test_client(), app.test_client()
    tick(device_a, day_url(app, 0), days[0][0].id)
    tick(device_a, day_url(app, 0), days[0][1].id)
    response = claim(device_a, app=app)
    assert response.status_code == 302 and response.headers["Location"] == "/my/"
    tick(device_b, day_url(app, 0), days[0][1].id)   # the same action on both devices
    tick(device_b, day_url(app, 1), days[1][0].id)
    assert login(device_b, EMAIL, "a long password!").headers["Location"] == "/my/"
    pairs = completion_pairs(app)
    assert len(pairs) == 3 and len({p for p, _ in pairs}) == 1  # one participant, union
    for device in (device_a, device_b):
        html = device.get("/my/").get_data(as_text=True)
        assert "3</strong> actions" in html
    # Signing out leaves nothing of the account in the browser's anonymous view.
    page = device_b.get("/my/").get_data(as_text=True)
    from ..conftest import csrf_from
    device_b.post("/logout", data={"csrf_token": csrf_from(page)})
    assert "not ticked any action" in device_b.get("/my/").get_data(as_text=True)


def test_claim_refuses_a_taken_email_and_mismatched_passwords(app, client, make_user):
    email = make_user("advocate")
    with app.app_context():
        build_week()
    tick(client, day_url(app, 0), week_actions(app)[0][0].id)
    response = claim(client, email)  # the same answer as for a new address
    assert "Check your email" in client.get(response.headers["Location"]).text
    response = submit(client, "/my/claim", {"email": "new@example.org",
                                            "password": "a long password!", "confirm": "nope"})
    assert response.status_code == 400 and "passwords differ" in response.get_data(True)


def fill_everything(app, client):
    """Every flow that stores personal data, with the canary values."""
    with app.app_context():
        week_id = build_week(start=utcnow().date() + timedelta(days=5), actions_per_day=2)
        session_id = db.session.get(Week, week_id).days[0].sessions[0].id
    tick(client, day_url(app, 0), week_actions(app)[0][0].id)
    submit(client, f"/sessions/{session_id}/register", {"name": NAME, "email": EMAIL,
                                                         "reminders": "y"})
    submit(client, "/weeks/test-week/meetings/new", {
        "legislator_name": "Rep. Jane Doe", "meeting_date": "2026-11-01", "format": "phone",
        "attendees": f"{NAME} and friends", "notes": f"Write to {EMAIL}"})
    submit(client, "/weeks/test-week/daily", {"email": EMAIL, "minutes": "15",
                                              "timezone": "America/New_York"})
    claim(client, app=app)


def test_export_holds_everything_linked_to_me(app, client):
    fill_everything(app, client)
    response = submit(client, "/my/data/export", {"export-confirm": "y"}, "/my/data")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = response.get_json()
    assert data["account"]["email"] == EMAIL
    assert data["session_registrations"][0]["name"] == NAME
    assert data["meeting_reports"][0]["attendees"].startswith(NAME)
    assert data["daily_emails"] == [{"email": EMAIL, "minutes": 15, "timezone":
                                     "America/New_York", "confirmed_at": None,
                                     "stopped": False}]
    # One manual tick (this week's actions are links: registering ticks none).
    assert [a["minutes"] for a in data["completed_actions"]] == [5]


def test_export_and_delete_need_confirmation(app, client):
    fill_everything(app, client)
    response = submit(client, "/my/data/export", {}, "/my/data")
    assert response.status_code == 302
    response = submit(client, "/my/data/delete", {}, "/my/data", follow_redirects=True)
    assert "Tick the box to confirm" in response.get_data(as_text=True)


def text_columns_containing(app, needles) -> list[str]:
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            if not columns:
                continue
            for row in db.session.execute(db.select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    if value and any(n.lower() in str(value).lower() for n in needles):
                        found.append(f"{table.name}.{column.name}")
    return found


def test_deleting_my_data_leaves_no_copy_of_email_or_name(app, client):
    fill_everything(app, client)
    assert text_columns_containing(app, [EMAIL, NAME])  # the scan can find them
    before = len(completion_pairs(app))
    response = submit(client, "/my/data/delete", {"delete-confirm": "y"}, "/my/data")
    assert response.status_code == 302
    assert text_columns_containing(app, [EMAIL, NAME, "Canaryname"]) == []
    assert len(completion_pairs(app)) == before  # anonymous counts stay
    assert client.get_cookie("advocacy_participant") is None
    assert "not ticked any action" in client.get("/my/").get_data(as_text=True)


def test_my_progress_shows_times_in_the_weeks_zone(app, client):
    """Issue 15, item 11: not in UTC."""
    with app.app_context():
        build_week(start=utcnow().date() - timedelta(days=1), timezone="Pacific/Honolulu")
    tick(client, day_url(app, 0), week_actions(app)[0][0].id)
    page = client.get("/my/").get_data(as_text=True)
    assert "HST" in page and "UTC" not in page.split("<main", 1)[1].split("</main>")[0]
