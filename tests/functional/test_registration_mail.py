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
    url = f"/sessions/{session_id}/register"
    return submit(client, url, {"name": "Ada Núñez", "email": email, "reminders": "y",
                                **extra}, url + "?another=1")


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
    token_page = "/my/data"
    exported = submit(client, "/my/data/export", {"export-confirm": "y"}, token_page)
    messages = json.loads(exported.get_data(as_text=True))["messages"]
    assert [(m["kind"], m["to"], m["status"]) for m in messages] == [
        ("registration.confirmation", "ada@example.org", "queued")]
    assert submit(client, "/my/data/delete", {"delete-confirm": "y"}, token_page
                  ).status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(Message)).first() is None


def cancel_link(text: str) -> str:
    (link,) = [line.strip() for line in text.splitlines() if "/registrations/cancel/" in line]
    return link


def test_the_cancel_link_asks_then_frees_the_place(mail_app, smtp):
    app = mail_app
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    client = app.test_client()
    assert register(client, session_id).status_code == 302
    with app.app_context():
        ledger.send_due()
    (received,) = smtp.messages
    link = cancel_link(received.message.get_body(("plain",)).get_content())
    assert link.startswith("https://advocacy.example.org/registrations/cancel/")
    path = link.removeprefix("https://advocacy.example.org")
    stranger = app.test_client()  # another browser: the link alone is enough
    page = stranger.get(path)
    assert page.status_code == 200 and "Cancel my registration" in page.text
    with app.app_context():
        from advocacy.weeks.models import LiveSession
        from advocacy.weeks.registration import places_left
        before = places_left(db.session.get(LiveSession, session_id))
    stranger.post(path)  # no CSRF token: the page again, nothing changes
    with app.app_context():
        assert places_left(db.session.get(LiveSession, session_id)) == before
    response = submit(stranger, path, {}, path)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/{session_id}/register")
    with app.app_context():
        assert places_left(db.session.get(LiveSession, session_id)) == before + 1
    again = stranger.get(path)
    assert "already cancelled" in again.text
    assert submit(stranger, path, {}, f"/sessions/{session_id}/register").status_code == 302
    with app.app_context():
        assert places_left(db.session.get(LiveSession, session_id)) == before + 1
    # registering again takes a place again
    assert register(client, session_id).status_code == 302
    with app.app_context():
        assert places_left(db.session.get(LiveSession, session_id)) == before


def test_an_altered_or_foreign_cancel_link_does_nothing(app):
    from advocacy.tokens import sign

    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    client = app.test_client()
    register(client, session_id)
    with app.test_request_context():
        from advocacy.weeks.models import SessionRegistration
        (registration,) = db.session.execute(db.select(SessionRegistration)).scalars().all()
        from advocacy.weeks.registration import cancel_token
        good = cancel_token(registration)
        other_purpose = sign("unsubscribe", [registration.id, good.split(".")[0]])
    for token in (good[:-3] + "abc", other_purpose, "x" * 2000, "%00"):
        response = client.get(f"/registrations/cancel/{token}")
        assert response.status_code == 404, token
        assert "does not work" in response.text
    # erasing the person's data kills the link
    token_page = "/my/data"
    submit(client, "/my/data/delete", {"delete-confirm": "y"}, token_page)
    assert client.get(f"/registrations/cancel/{good}").status_code == 404


def test_the_in_process_worker_writes_the_confirmation_within_five_seconds(make_app):
    """What `make run` does: the app's own worker, the default file transport."""
    import time
    from pathlib import Path

    app = make_app(TASKS_WORKER="in-process")
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    started = time.monotonic()
    assert register(app.test_client(), session_id).status_code == 302
    folder = Path(app.config["MAIL_FILE_PATH"])
    while not list(folder.glob("*.eml")):
        assert time.monotonic() - started < 5, "no confirmation in instance/mail within 5 s"
        time.sleep(0.05)
    assert folder == Path(app.instance_path).parent / "instance" / "mail"
