"""The day checklist: ticking, progress, the planner on the page, self-completing actions."""

from __future__ import annotations

import csv
import io
import threading
from datetime import UTC, date, datetime, timedelta

from advocacy.accounts.models import Participant
from advocacy.checklists.models import CallReport, Completion, MeetingReport
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.legislators.models import Legislator
from advocacy.weeks.models import Action, Week

from ..conftest import csrf_from, submit
from ..factories import build_week

START = date(2027, 5, 3)
DAY = f"/weeks/test-week/{START.isoformat()}"


def week_actions(app, slug="test-week") -> list[list[Action]]:
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.slug == slug)).scalar_one()
        return [[a for a in d.actions] for d in week.days]


def tick(client, day_url, action_id, done="1", json=False):
    page = client.get(day_url).get_data(as_text=True)
    headers = {"Accept": "application/json"} if json else {}
    return client.post(f"{day_url}/actions/{action_id}/tick",
                       data={"done": done, "csrf_token": csrf_from(page)}, headers=headers)


def completions(app) -> int:
    with app.app_context():
        return len(db.session.execute(db.select(Completion)).all())


def test_day_page_lists_the_checklist_with_minutes_and_progress(app, client):
    with app.app_context():
        build_week(actions_per_day=3)
    html = client.get(DAY).get_data(as_text=True)
    assert html.count('class="check-item') == 3
    assert "0 of 3 done · 0 of 50 minutes" in html
    assert "0 of 15 done · 0 of 250 minutes" in html
    assert '<progress max="50" value="0"' in html
    assert client.get("/weeks/test-week/2027-06-01").status_code == 404
    assert client.get("/weeks/test-week/2027-13-45").status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(Participant)).first() is None  # GET wrote nothing


def test_tick_and_untick_without_javascript(app, client):
    with app.app_context():
        build_week(actions_per_day=3)
    first, second, _ = week_actions(app)[0]
    response = tick(client, DAY, first.id)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{DAY}#action-{first.id}"
    assert client.get_cookie("advocacy_participant") is not None
    tick(client, DAY, second.id)
    html = client.get(DAY).get_data(as_text=True)
    assert "2 of 3 done · 20 of 50 minutes" in html and 'aria-pressed="true"' in html
    tick(client, DAY, first.id, done="0")
    assert "1 of 3 done · 15 of 50 minutes" in client.get(DAY).get_data(as_text=True)


def test_tick_answers_json_for_the_script(app, client):
    with app.app_context():
        build_week(actions_per_day=2)
    action = week_actions(app)[0][0]
    data = tick(client, DAY, action.id, json=True).get_json()
    assert data["done"] is True
    assert data["day"]["label"] == "1 of 2 done · 5 of 20 minutes"
    assert data["week"]["done"] == 1 and data["week"]["total"] == 10


def test_double_posts_give_one_completion_and_bad_posts_are_refused(app, client):
    with app.app_context():
        build_week(actions_per_day=2)
    days = week_actions(app)
    for _ in range(3):
        tick(client, DAY, days[0][0].id)
    assert completions(app) == 1
    assert tick(client, DAY, days[1][0].id).status_code == 404  # another day's action
    assert tick(client, DAY, days[0][0].id, done="maybe").status_code == 400
    assert client.post(f"{DAY}/actions/{days[0][0].id}/tick", data={"done": "1"}
                       ).status_code == 400  # no CSRF token


def test_concurrent_ticks_leave_one_completion(app):
    with app.app_context():
        build_week()
    action = week_actions(app)[0][0]
    client = app.test_client()
    page = client.get(DAY).get_data(as_text=True)
    token = csrf_from(page)
    # Make the participant first, so that every POST races on the same one.
    tick(client, DAY, action.id, done="0")
    cookie = client.get_cookie("advocacy_participant").value
    barrier = threading.Barrier(20)
    statuses = []

    def post():
        other = app.test_client()
        other.set_cookie("advocacy_participant", cookie)
        other.set_cookie("advocacy_session", client.get_cookie("advocacy_session").value)
        barrier.wait()
        statuses.append(other.post(f"{DAY}/actions/{action.id}/tick",
                                   data={"done": "1", "csrf_token": token}).status_code)

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302] * 20
    assert completions(app) == 1


def test_design_your_own_path_suggests_what_fits(app, client):
    with app.app_context():
        build_week(actions_per_day=3)  # 5, 15 and 30 minutes
    first = week_actions(app)[0][0]
    html = client.get(DAY + "?minutes=20").get_data(as_text=True)
    suggestion = html.split('class="suggestion"')[1].split("</ol>")[0]
    assert "#0" in suggestion and "#1" in suggestion and "#2" not in suggestion
    tick(client, DAY, first.id)
    suggestion = client.get(DAY + "?minutes=20").get_data(as_text=True).split(
        'class="suggestion"')[1].split("</ol>")[0]
    assert "#0" not in suggestion and "#1" in suggestion
    html = client.get(DAY + "?minutes=1").get_data(as_text=True)
    assert "Nothing left on this day fits" in html  # the test week is not today


def test_week_plan_spreads_the_remaining_actions(app, client):
    today = utcnow().date()
    with app.app_context():
        build_week(start=today, actions_per_day=2)
    html = client.get("/weeks/test-week/plan?minutes=20").get_data(as_text=True)
    assert html.count("<section") == 5
    assert html.count("(5 min)") == 5 and html.count("(15 min)") == 5


def test_registering_ticks_the_register_action(app, client):
    with app.app_context():
        week_id = build_week(start=utcnow().date() + timedelta(days=3))
        week = db.session.get(Week, week_id)
        live = week.days[0].sessions[0]
        db.session.add(Action(day_id=week.days[0].id, title="Register", minutes=30,
                              kind="register", session_id=live.id, position=5))
        week.updated_at = utcnow()
        db.session.commit()
        session_id, day = live.id, week.days[0].date
    submit(client, f"/sessions/{session_id}/register", {"name": "Ada", "email": "a@x.org"})
    html = client.get(f"/weeks/test-week/{day.isoformat()}").get_data(as_text=True)
    assert "1 of 2 done · 30 of 35 minutes" in html


def make_call_week(app):
    with app.app_context():
        week_id = build_week()
        week = db.session.get(Week, week_id)
        call = Action(day_id=week.days[1].id, title="Call the hotline", minutes=15,
                      kind="call", target="202-403-8221", instructions="Say hello.", position=5)
        db.session.add(call)
        db.session.commit()
        return call.id, week.days[1].date


def test_call_actions_show_the_number_and_take_a_report(app, client, organizer_client):
    call_id, day = make_call_week(app)
    url = f"/weeks/test-week/{day.isoformat()}"
    html = client.get(url).get_data(as_text=True)
    assert 'href="tel:2024038221"' in html and "Say hello." in html
    for outcome in ("voicemail", "voicemail", "talked", "no_answer"):
        response = submit(client, f"/weeks/test-week/actions/{call_id}/call",
                          {"outcome": outcome}, url)
        assert response.status_code == 302
    refused = submit(client, f"/weeks/test-week/actions/{call_id}/call", {"outcome": "x"}, url)
    assert refused.status_code == 400  # the day page again, with the message
    assert "Choose how the call went" in refused.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.execute(db.select(CallReport)).all()) == 4
    assert "1 of 2 done" in client.get(url).get_data(as_text=True)
    report = organizer_client.get("/organize/weeks/test-week/reports").get_data(as_text=True)
    row = report.split("Call the hotline</th>")[1].split("</tr>")[0]
    assert [c.split("</td>")[0] for c in row.split("<td>")[1:]] == ["2", "1", "1", "4"]


MEETING = {"legislator_name": "Rep. Jane Doe", "meeting_date": "2026-11-01",
           "format": "video", "attendees": "Me and two library trustees",
           "notes": "=HYPERLINK(\"http://x\")", "follow_up": "y",
           "contact_name": "Ada Lovelace", "contact_phone": "(202) 555-0143",
           "contact_consent": "y"}


def test_meeting_report_free_text_validation_and_organizer_csv(app, client, organizer_client):
    with app.app_context():
        build_week()
        db.session.add(Action(day_id=db.session.execute(db.select(Week)).scalar_one().days[4].id,
                              title="Report", minutes=5, kind="meeting_report", position=5))
        db.session.commit()
    url = "/weeks/test-week/meetings/new"
    response = submit(client, url, {**MEETING, "legislator_name": "", "format": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="format-error"' in html and "Me and two library trustees" in html
    response = submit(client, url, {**MEETING, "legislator_name": ""})
    assert "Say who you met with" in response.get_data(as_text=True)
    future = (utcnow().date() + timedelta(days=2)).isoformat()  # tomorrow everywhere
    assert "cannot be in the future" in submit(client, url, {**MEETING, "meeting_date": future}
                                               ).get_data(as_text=True)
    assert submit(client, url, MEETING).status_code == 302
    assert "1 of 2 done" in client.get("/weeks/test-week/2027-05-07").get_data(as_text=True)
    body = organizer_client.get("/organize/weeks/test-week/meetings.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 1 and rows[0]["legislator"] == "Rep. Jane Doe"
    assert rows[0]["notes"].startswith("'=")  # formula neutralised
    assert rows[0]["follow_up"] == "yes" and rows[0]["contact_phone"] == "'+12025550143"


def test_a_wanted_follow_up_asks_how_to_reach_the_person(app, client, make_chapter,
                                                         make_user):
    """Issue 15, item 10: name, an email or a phone, and consent; the coordinator of
    the legislator's state sees it."""
    from ..conftest import login

    make_chapter("new-york", states=("NY",))
    with app.app_context():
        build_week()
    url = "/weeks/test-week/meetings/new"
    response = submit(client, url, {**MEETING, "contact_name": "", "contact_phone": "",
                                    "contact_consent": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("contact_name", "contact_email", "contact_consent"):
        assert f'id="{field}-error"' in page, field
    assert submit(client, url, {**MEETING, "follow_up": "", "contact_name": "",
                                "contact_phone": "", "contact_consent": ""}).status_code == 302
    with app.app_context():
        from advocacy.checklists.models import MeetingReport
        from advocacy.checklists.services import MeetingData, submit_meeting_report
        submit_meeting_report(None, None, MeetingData(
            meeting_date=date(2026, 11, 2), format="phone", legislator_name="Sen. Roe",
            state="NY", follow_up=True, contact_name="Grace", contact_email="G@Example.org",
            contact_consent=True))
        db.session.commit()
        kept = db.session.execute(db.select(MeetingReport.contact_email).where(
            MeetingReport.follow_up.is_(False))).scalars().all()
        assert kept == [""]  # nothing kept when no follow-up was asked for
    coordinator = app.test_client()
    login(coordinator, make_user("coordinator", chapters=["new-york"]))
    chapter = coordinator.get("/coordinate/chapters/new-york").get_data(as_text=True)
    assert "reach Grace" in chapter and "mailto:g@example.org" in chapter


def test_a_meeting_today_in_a_zone_ahead_of_utc_is_not_in_the_future(app, client, monkeypatch):
    from advocacy.checklists import services

    with app.app_context():
        build_week()
    # 23:00 UTC on 1 November is already 2 November, 1 pm, in Kiribati (UTC+14).
    monkeypatch.setattr(services, "utcnow", lambda: datetime(2026, 11, 1, 23, 0, tzinfo=UTC))
    url = "/weeks/test-week/meetings/new"
    assert submit(client, url, {**MEETING, "meeting_date": "2026-11-02"}).status_code == 302
    refused = submit(client, url, {**MEETING, "meeting_date": "2026-11-03"})
    assert "cannot be in the future" in refused.get_data(as_text=True)


def test_meeting_report_picks_from_loaded_legislators(app, client):
    with app.app_context():
        build_week()
        member = Legislator(bioguide_id="X000001", first_name="Ann", last_name="Example",
                            official_name="Ann Example", chamber="senate", state="NY")
        db.session.add(member)
        db.session.commit()
        member_id = member.id
    url = "/weeks/test-week/meetings/new"
    assert "NY · Sen. Ann Example" in client.get(url).get_data(as_text=True)
    assert submit(client, url, {**MEETING, "legislator_name": "",
                                "legislator_id": str(member_id)}).status_code == 302
    with app.app_context():
        report = db.session.execute(db.select(MeetingReport)).scalar_one()
        assert (report.legislator_id, report.legislator_name, report.state) == (
            member_id, "Ann Example", "NY")


def test_day_page_costs_a_fixed_number_of_queries(app, count_queries):
    with app.app_context():
        build_week("small", days=1, actions_per_day=1, sessions_per_day=1)
        build_week("large", start=date(2027, 6, 7), days=5, actions_per_day=8,
                   sessions_per_day=2)
    counts = []
    for slug, day in (("small", START), ("large", date(2027, 6, 7))):
        client = app.test_client()
        url = f"/weeks/{slug}/{day.isoformat()}"
        tick(client, url, week_actions(app, slug)[0][0].id)  # a participant with progress
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= 6, counts


def test_the_legislator_list_starts_with_the_participants_own_members(app):
    """Issue 15, item 10."""
    from advocacy.legislators.services import legislator_choices

    with app.app_context():
        for n, (state, chamber, district) in enumerate(
                [("AK", "house", 0), ("AL", "house", 6), ("AL", "house", 7), ("AL", "senate", None),
                 ("NY", "senate", None)]):
            db.session.add(Legislator(bioguide_id=f"X00000{n}", first_name="M",
                                      last_name=f"Member{n}", official_name=f"Member {n}",
                                      chamber=chamber, state=state, district=district))
        db.session.commit()
        labels = [label for _, label in legislator_choices("AL", 7)]
        assert labels[:2] == ["AL · Sen. Member 3", "AL · Rep. Member 2 (AL-7)"]
        assert [label for _, label in legislator_choices()][0].startswith("AK")


def test_a_done_day_links_the_next_and_the_plan_links_its_actions(app, client):
    """Issue 15, item 3."""
    with app.app_context():
        build_week(actions_per_day=1)
    days = week_actions(app)
    tick(client, "/weeks/test-week/2027-05-03", days[0][0].id)
    page = client.get("/weeks/test-week/2027-05-03?minutes=15").get_data(as_text=True)
    assert "you have done everything" in page
    assert 'href="/weeks/test-week/2027-05-04?minutes=15"' in page
    plan = client.get("/weeks/test-week/plan?minutes=15").get_data(as_text=True)
    assert f'href="/weeks/test-week/2027-05-04#action-{days[1][0].id}"' in plan
