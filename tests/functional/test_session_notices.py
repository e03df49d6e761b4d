"""Reminders, change and cancellation notices and recording notices, on a fixed clock
(``now`` given to the sweep and the sender; nothing sleeps), through a real SMTP
server; and leaving a list with the List-Unsubscribe link."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.models import Message
from advocacy.weeks import editing, notices
from advocacy.weeks.models import LiveSession, SessionRegistration, Week
from advocacy.weeks.registration import cancel, register

from ..factories import build_week


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def setup_week(app, start=date(2027, 3, 15), session_time=time(10, 0), people=(
        ("ada@example.org", "America/New_York", True),)) -> int:
    """A published week (New York) whose first session people register for; its id."""
    with app.app_context():
        build_week(start=start, days=2, session_time=session_time)
        live = db.session.execute(db.select(LiveSession).order_by(LiveSession.starts_at)
                                  ).scalars().first()
        for email, zone, reminders in people:
            register(live.id, email.split("@")[0].title(), email, reminders, timezone=zone)
        db.session.commit()
        ledger.send_due()  # the confirmations
        return live.id


def run(app, now: datetime) -> dict[str, int]:
    """One minute of the worker at ``now``: the sweep, then sending what is due."""
    with app.app_context():
        notices.sweep(now)
        db.session.commit()
        return ledger.send_due(now)


def sent(app, kind_prefix: str = "registration.reminder") -> list[tuple[str, str]]:
    with app.app_context():
        return [(m.kind, m.recipient) for m in db.session.execute(
            db.select(Message).where(Message.kind.startswith(kind_prefix),
                                     Message.status == "sent").order_by(Message.id)).scalars()]


def test_reminders_go_at_eleven_the_day_before_in_each_zone_across_dst(mail_app, smtp):
    # US clocks go forward at 2:00 on Sunday 2027-03-14: 11:00 that day is 15:00 UTC,
    # not 16:00. The session: Monday 10:00 New York (EDT) = 14:00 UTC.
    setup_week(mail_app, people=(("ada@example.org", "America/New_York", True),
                                 ("kenji@example.org", "Asia/Tokyo", True),
                                 ("no@example.org", "America/New_York", False)))
    run(mail_app, at("2027-03-14T01:59"))
    assert sent(mail_app) == []
    run(mail_app, at("2027-03-14T02:00"))  # 11:00 Sunday in Tokyo
    assert sent(mail_app) == [(notices.REMINDER_DAY, "kenji@example.org")]
    run(mail_app, at("2027-03-14T14:59"))  # 10:59 EDT
    assert len(sent(mail_app)) == 1
    run(mail_app, at("2027-03-14T15:00"))  # 11:00 EDT (it would be 16:00 UTC in EST)
    run(mail_app, at("2027-03-14T15:01"))  # a second sweep adds nothing
    assert sent(mail_app)[1:] == [(notices.REMINDER_DAY, "ada@example.org")]
    run(mail_app, at("2027-03-15T12:59"))
    assert len(sent(mail_app)) == 2
    run(mail_app, at("2027-03-15T13:00"))  # one hour before
    run(mail_app, at("2027-03-15T13:30"))
    assert sorted(sent(mail_app)[2:]) == [(notices.REMINDER_HOUR, "ada@example.org"),
                                          (notices.REMINDER_HOUR, "kenji@example.org")]
    run(mail_app, at("2027-03-15T14:05"))  # after the start: nothing new
    assert len(sent(mail_app)) == 4
    hour = [m for m in smtp.messages if m.message["Subject"].startswith("In one hour")]
    message = hour[0].message
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<https://advocacy.example.org/unsubscribe/" in message["List-Unsubscribe"]
    assert "mailto:" in message["List-Unsubscribe"]
    text = message.get_body(("plain",)).get_content()
    assert "/registrations/cancel/" in text and "Unsubscribe" in text


def test_a_reminder_due_before_sending_is_skipped_once_the_session_starts(mail_app, smtp):
    setup_week(mail_app)
    with mail_app.app_context():
        notices.sweep(at("2027-03-15T13:00"))
        db.session.commit()
        assert ledger.send_due(at("2027-03-15T14:00")) == {"skipped": 1}  # the worker was down
    assert sent(mail_app) == []


def test_a_moved_session_sends_exactly_one_reminder_for_its_new_time(mail_app, smtp):
    session_id = setup_week(mail_app)
    with mail_app.app_context():
        notices.sweep(at("2027-03-15T13:00"))  # queued for 14:00 UTC, not sent yet
        db.session.commit()
        week = db.session.get(Week, db.session.get(LiveSession, session_id).day.week_id)
        live = db.session.get(LiveSession, session_id)
        editing.save_session(week, live, editing.SessionData(
            title=live.title, starts_local=datetime(2027, 3, 16, 12, 0), duration_minutes=30,
            capacity=100), None)  # Tuesday 12:00 EDT = 16:00 UTC
        db.session.commit()
    assert run(mail_app, at("2027-03-15T13:01")).get("skipped") == 1  # the old time's
    assert [k for k, _ in sent(mail_app, "session.changed")] == [notices.CHANGED]
    for minute in ("2027-03-16T14:59", "2027-03-16T15:00", "2027-03-16T15:01"):
        run(mail_app, at(minute))
    hour = [k for k, _ in sent(mail_app) if k == notices.REMINDER_HOUR]
    assert hour == [notices.REMINDER_HOUR]
    changed = [m for m in smtp.messages if m.message["Subject"].startswith("Changed")]
    assert "Tuesday" in changed[0].message.get_body(("plain",)).get_content()


def test_a_cancelled_registration_gets_no_reminder(mail_app, smtp):
    setup_week(mail_app)
    with mail_app.app_context():
        notices.sweep(at("2027-03-14T15:00"))  # the day-before one is queued
        db.session.commit()
        (registration,) = db.session.execute(db.select(SessionRegistration)).scalars().all()
        cancel(registration)
        db.session.commit()
    run(mail_app, at("2027-03-14T15:01"))
    run(mail_app, at("2027-03-15T13:00"))
    assert sent(mail_app) == []


def test_cancelling_a_session_tells_its_registrants_and_closes_it(mail_app, smtp, client):
    session_id = setup_week(mail_app, people=(("ada@example.org", "America/New_York", True),
                                              ("bo@example.org", "Europe/London", False)))
    with mail_app.app_context():
        live = db.session.get(LiveSession, session_id)
        assert editing.cancel_session(live.day.week, live, None) == 2
        assert editing.cancel_session(live.day.week, live, None) == 0  # once
        db.session.commit()
        ledger.send_due()
    subjects = sorted(m.message["Subject"] for m in smtp.messages
                      if m.message["Subject"].startswith("Cancelled"))
    assert len(subjects) == 2
    assert "List-Unsubscribe" not in smtp.messages[-1].message  # a notice, not a list
    run(mail_app, at("2027-03-15T13:00"))
    assert sent(mail_app) == []  # no reminders for a cancelled session
    page = mail_app.test_client().get(f"/sessions/{session_id}/register")
    assert "has been cancelled" in page.text


def test_the_recording_notice_goes_once_after_the_session(mail_app, smtp):
    session_id = setup_week(mail_app, people=(("ada@example.org", "America/New_York", False),))
    with mail_app.app_context():
        live = db.session.get(LiveSession, session_id)
        live.recording_url = "https://video.example.org/r/1"
        db.session.commit()
    run(mail_app, at("2027-03-15T14:10"))  # still on (30 minutes)
    assert sent(mail_app, "session.recording") == []
    run(mail_app, at("2027-03-15T14:31"))
    run(mail_app, at("2027-03-15T15:00"))
    assert sent(mail_app, "session.recording") == [(notices.RECORDING, "ada@example.org")]
    (received,) = [m for m in smtp.messages if m.message["Subject"].startswith("Recording")]
    text = received.message.get_body(("plain",)).get_content()
    assert "https://video.example.org/r/1" in text and "stays up until" in text


def test_one_click_unsubscribe_stops_that_list_at_once(mail_app, smtp):
    setup_week(mail_app)
    run(mail_app, at("2027-03-14T15:00"))
    (day_before,) = [m for m in smtp.messages if m.message["Subject"].startswith("Tomorrow")]
    header = " ".join(str(day_before.message["List-Unsubscribe"]).split())
    link = header.split(">")[0].lstrip("<")
    path = link.removeprefix("https://advocacy.example.org")
    client = mail_app.test_client()  # no session, no CSRF token: RFC 8058's POST
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    run(mail_app, at("2027-03-15T13:00"))
    with mail_app.app_context():
        statuses = dict(db.session.execute(db.select(Message.kind, Message.status)).all())
    assert statuses[notices.REMINDER_HOUR] == "suppressed"
    page = client.get(path)  # the page a person sees from the footer link
    assert page.status_code == 200 and "Unsubscribe" in page.text
    assert client.get(path[:-4] + "abcd").status_code == 404
