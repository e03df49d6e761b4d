"""The registration confirmation: queued with the registration, sent by the ledger to a
real SMTP server, times in the registrant's zone, the session as an .ics attachment."""

from __future__ import annotations

from icalendar import Calendar

from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.models import Message

from ..conftest import submit
from ..factories import build_week
from ..mail_server import MailServer
from .test_weeks_public import first_session_id


def register(client, session_id: int, email: str = "ada@example.org", **extra):
    return submit(client, f"/sessions/{session_id}/register",
                  {"name": "Ada Núñez", "email": email, "reminders": "y", **extra})


def test_a_registration_is_confirmed_in_the_registrants_zone_with_a_calendar(make_app):
    with MailServer() as server:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{server.port}?starttls=0",
                       PUBLIC_URL="https://advocacy.example.org")
        with app.app_context():
            build_week()
        session_id = first_session_id(app)
        client = app.test_client()
        client.set_cookie("advocacy_tz", "America/Los_Angeles")
        assert register(client, session_id).status_code == 302
        with app.app_context():
            (row,) = db.session.execute(db.select(Message)).scalars().all()
            assert (row.kind, row.status, row.subject_id) == (
                "registration.confirmation", "queued", row.subject_id)
            assert ledger.send_due() == {"sent": 1}
        (received,) = server.messages
    message = received.message
    assert received.recipients == ["ada@example.org"]
    assert message["Subject"].startswith("You're registered: ")
    assert message["To"].addresses[0].display_name == "Ada Núñez"
    text = message.get_body(("plain",)).get_content()
    assert "PST" in text or "PDT" in text  # the zone the registrant was viewing in
    assert "https://advocacy.example.org/weeks/test-week" in text
    assert "remind you" in text
    lines = text.splitlines()  # each fact on its own line (trim_blocks eats block newlines)
    assert any(line.startswith("When: ") and line.endswith(")") for line in lines)
    assert any(line.startswith("Length: ") for line in lines)
    (attachment,) = [part for part in message.iter_attachments()]
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_content())
    (event,) = calendar.walk("VEVENT")
    assert event.walk("VALARM") and calendar.walk("VTIMEZONE")
    assert str(event["url"]).startswith("https://advocacy.example.org/sessions/")


def test_registering_again_resends_at_most_once_an_hour(app):
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    client = app.test_client()
    for _ in range(3):
        assert register(client, session_id).status_code == 302
    register(client, session_id, email="grace@example.org")
    with app.app_context():
        keys = db.session.execute(db.select(Message.recipient)).scalars().all()
    assert sorted(keys) == ["ada@example.org", "grace@example.org"]


def test_my_data_lists_the_emails_and_erasing_removes_them(app):
    import json

    with app.app_context():
        build_week()
    client = app.test_client()
    session_id = first_session_id(app)
    register(client, session_id)
    token_page = f"/sessions/{session_id}/register"  # a form with a plain csrf_token
    exported = submit(client, "/my/data/export", {"export-confirm": "y"}, token_page)
    messages = json.loads(exported.get_data(as_text=True))["messages"]
    assert [(m["kind"], m["to"], m["status"]) for m in messages] == [
        ("registration.confirmation", "ada@example.org", "queued")]
    assert submit(client, "/my/data/delete", {"delete-confirm": "y"}, token_page
                  ).status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(Message)).first() is None
