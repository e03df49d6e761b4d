"""The daily "today's actions" email: double opt-in, 08:00 in each subscriber's zone on
a fixed clock, the planner's choice, nothing on a finished day or after the week, a
one-click unsubscribe, and the progress link (a GET shows, a POST opens)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from advocacy.daily import sending
from advocacy.daily.models import DailySubscription
from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.models import Message
from advocacy.weeks.models import Action, Day

from ..concurrency import at_once
from ..conftest import submit
from .conftest import WEEK_START

START = WEEK_START


@pytest.fixture
def mail_app(week_mail_app):
    return week_mail_app


def at(day: date, hour: int, minute: int, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute,
                    tzinfo=ZoneInfo(zone)).astimezone(UTC)


def opt_in(client, email: str, minutes: str = "15", zone: str = "America/New_York"):
    url = "/weeks/test-week/daily"
    return submit(client, url, {"email": email, "minutes": minutes, "timezone": zone})


def texts(app) -> list[tuple[str, str, str]]:
    """(to, subject, text part) of every message the SMTP server received."""
    return [(r.recipients[0], r.message["Subject"],
             r.message.get_body(("plain",)).get_content().replace("\r\n", "\n"))
            for r in app.mail_server.messages]


def link(text: str, part: str) -> str:
    url = re.search(rf"https://advocacy\.example\.org(\S*{part}\S*)", text).group(1)
    return urlsplit(url).path


def confirmed(app, client, email: str, **asked) -> None:
    assert "Check your email" in opt_in(client, email, **asked).get_data(as_text=True)
    with app.app_context():
        ledger.send_due()
    text = [t for to, _s, t in texts(app) if to == email][-1]
    confirm = link(text, "/daily/confirm/")
    assert "Yes, email me" in client.get(confirm).get_data(as_text=True)
    assert submit(client, confirm, {}).status_code == 302


def sweep_and_send(app, now: datetime) -> dict:
    with app.app_context():
        queued = sending.sweep(now)
        sent = ledger.send_due(now)
    return {"queued": queued, **sent}


def test_nothing_is_sent_before_the_confirmation_link_is_followed(mail_app):
    app, client = mail_app, mail_app.test_client()
    page = client.get("/weeks/test-week/daily").get_data(as_text=True)
    assert "Email me each day" in page and "08:00" in page
    response = opt_in(client, "ada@example.org")
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert sweep_and_send(app, at(START, 8, 5, "America/New_York")) == {"queued": 0, "sent": 1}
    ((to, subject, text),) = texts(app)  # the confirmation only
    assert to == "ada@example.org" and subject.startswith("Confirm:")
    confirm = link(text, "/daily/confirm/")
    client.get(confirm)  # a GET shows the button and changes nothing
    with app.app_context():
        assert db.session.execute(db.select(DailySubscription.confirmed_at)).scalar_one() is None
    assert submit(client, confirm, {}).status_code == 302
    assert sweep_and_send(app, at(START, 8, 6, "America/New_York")) == {"queued": 1, "sent": 1}
    assert texts(app)[-1][1].startswith("Today in Week test-week")


def test_bad_input_is_refused_next_to_the_field_and_kept(mail_app):
    client = mail_app.test_client()
    response = opt_in(client, "not-an-address", minutes="7", zone="Mars/Olympus")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="not-an-address"' in page and 'id="minutes-error"' in page
    with mail_app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Message)).scalar() == 0


def test_a_week_of_daily_emails_at_eight_in_new_york_and_honolulu(mail_app):
    app = mail_app
    confirmed(app, app.test_client(), "ny@example.org", minutes="15")
    confirmed(app, app.test_client(), "hi@example.org", minutes="0", zone="Pacific/Honolulu")
    before = len(texts(app))
    for offset in range(5):
        day = START + timedelta(days=offset)
        for zone, email in (("America/New_York", "ny@example.org"),
                            ("Pacific/Honolulu", "hi@example.org")):
            assert sweep_and_send(app, at(day, 7, 59, zone))["queued"] == 0, (day, zone)
            assert sweep_and_send(app, at(day, 8, 0, zone)) == {"queued": 1, "sent": 1}
            assert sweep_and_send(app, at(day, 9, 30, zone))["queued"] == 0  # once a day
            to, subject, text = texts(app)[-1]
            assert to == email and f"Action {day}" in text
            if email == "ny@example.org":  # 15 minutes: the 15-minute action, not the 5
                assert f"For your 15 minutes:\n- Action {day} #1 (15 minutes)\n\n" in text
                assert f"If you have more time:\n- Action {day} #0" in text
            else:  # any time: everything left
                assert all(f"Action {day} #{n}" in text.split("If you have")[0]
                           for n in range(3))
    assert len(texts(app)) == before + 10
    after = START + timedelta(days=5)
    assert sweep_and_send(app, at(after, 8, 0, "America/New_York"))["queued"] == 0


def test_no_email_on_a_day_with_nothing_left_and_progress_opens_on_another_device(mail_app):
    app, phone = mail_app, mail_app.test_client()
    confirmed(app, phone, "ada@example.org", minutes="30")
    sweep_and_send(app, at(START, 8, 0, "America/New_York"))
    text = texts(app)[-1][2]
    progress = link(text, "/daily/progress/")
    laptop = app.test_client()
    laptop.get(progress)
    assert laptop.get_cookie("advocacy_participant") is None  # a GET writes nothing
    response = submit(laptop, progress, {})
    # The real clock is before the week: its page (during it, today's checklist).
    assert response.status_code == 302 and response.headers["Location"] == "/weeks/test-week"
    assert laptop.get_cookie("advocacy_participant") is not None
    tuesday = START + timedelta(days=1)
    day_url = f"/weeks/test-week/{tuesday}"
    with app.app_context():
        action_ids = db.session.execute(db.select(Action.id).join(Day).where(
            Day.date == tuesday).order_by(Action.id)).scalars().all()
    for action_id in action_ids:  # the laptop ticks all of Tuesday for the same person
        assert submit(laptop, f"{day_url}/actions/{action_id}/tick", {"done": "1"},
                      day_url).status_code == 302
    outcome = sweep_and_send(app, at(START + timedelta(days=1), 8, 0, "America/New_York"))
    assert outcome == {"queued": 1, "skipped": 1}
    with app.app_context():
        row = db.session.execute(db.select(Message).order_by(Message.id.desc())).scalars().first()
        assert row.last_error == "Nothing left to do that day."


def test_one_click_unsubscribe_stops_the_next_days(mail_app):
    app, client = mail_app, mail_app.test_client()
    confirmed(app, client, "ada@example.org")
    sweep_and_send(app, at(START, 8, 0, "America/New_York"))
    message = app.mail_server.messages[-1].message
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = urlsplit(re.search(r"<(https://[^>]+)>", message["List-Unsubscribe"]).group(1))
    assert app.test_client().post(unsubscribe.path,
                                  data={"List-Unsubscribe": "One-Click"}).status_code == 204
    assert sweep_and_send(app, at(START + timedelta(days=1), 8, 0, "America/New_York")) == {
        "queued": 1, "suppressed": 1}


def test_a_stranger_who_types_someones_address_changes_nothing(mail_app):
    app = mail_app
    confirmed(app, app.test_client(), "ada@example.org", minutes="30")
    stranger = app.test_client()
    response = opt_in(stranger, "ada@example.org", minutes="5")
    assert "Check your email" in response.get_data(as_text=True)  # the same page for all
    with app.app_context():
        assert db.session.execute(db.select(DailySubscription.minutes)).scalar_one() == 30


def test_the_sweeps_query_count_does_not_grow_with_the_subscribers(mail_app):
    from sqlalchemy import event

    app = mail_app

    def statements_of_a_sweep(subscribers: int) -> int:
        with app.app_context():
            week_id = db.session.execute(db.select(Day.week_id)).scalars().first()
            db.session.add_all(DailySubscription(
                week_id=week_id, email=f"s{subscribers}-{n}@example.org", minutes=15,
                timezone="America/New_York", confirmed_at=at(START, 0, 0, "UTC"))
                for n in range(subscribers))
            db.session.commit()
            seen = []
            listener = lambda *args: seen.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                sending.sweep(at(START + timedelta(days=subscribers % 5), 8, 1,
                                 "America/New_York"))
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            return len(seen)

    assert statements_of_a_sweep(3) == statements_of_a_sweep(200)


def test_the_same_request_twice_at_once_makes_one_row_and_two_ordinary_answers(mail_app):
    from ..conftest import CSRF_RE

    url = "/weeks/test-week/daily"
    clients = [mail_app.test_client() for _ in range(4)]
    tokens = [CSRF_RE.search(c.get(url).get_data(as_text=True)).group(1) for c in clients]
    codes = at_once([(client, url, {"email": "ada@example.org", "minutes": "15",
                                    "timezone": "America/New_York", "csrf_token": token})
                     for client, token in zip(clients, tokens, strict=True)])
    assert codes == [200] * len(clients)
    with mail_app.app_context():
        assert db.session.execute(
            db.select(db.func.count()).select_from(DailySubscription)).scalar() == 1
