"""Chapter sign-up and story receipts through a real SMTP server, and the organizer's
ledger page (counts by kind and status, failures with their reason, masked addresses)."""

from __future__ import annotations

from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.models import Message

from ..conftest import submit
from ..factories import build_week
from ..mail_server import MailServer
from .test_registration_mail import register
from .test_weeks_public import first_session_id

STORY = {"author_name": "José Núñez", "email": "jose@example.org", "library": "Main Library",
         "city": "Albany", "state": "NY", "zip": "12207", "impact_areas": ["connectivity"],
         "title": "Hotspots", "body": "Our library lent hotspots to students all year long."}


def test_sign_up_and_story_receipts_say_what_happens_next(make_app):
    with MailServer() as server:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{server.port}?starttls=0")
        with app.app_context():
            from advocacy.chapters.models import Chapter, ChapterState
            chapter = Chapter(slug="new-york", name="New York Library Association",
                              contact_name="Pat Coordinator", contact_email="pat@nyla.example",
                              states=[ChapterState(state="NY")])
            db.session.add(chapter)
            db.session.commit()
        client = app.test_client()
        assert submit(client, "/chapters/new-york", {
            "name": "José Núñez", "email": "jose@example.org", "zip": "12207",
            "interests": ["share_stories"], "consent": "y"}).status_code in (200, 302)
        assert submit(client, "/stories/new", {**STORY, "consent_share": "y"}).status_code == 302
        assert submit(client, "/stories/new", {**STORY, "title": "Private",
                                               "body": STORY["body"] + " Again."}
                      ).status_code == 302
        with app.app_context():
            assert ledger.send_due() == {"sent": 3}
        by_subject = {m.message["Subject"]: m.message for m in server.messages}
    welcome = by_subject["Welcome to New York Library Association"]
    text = welcome.get_body(("plain",)).get_content()
    assert "Pat Coordinator" in text and "Share stories" in text
    assert welcome["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    shared = by_subject["We received your story: Hotspots"].get_body(("plain",)).get_content()
    assert "The coordinators of New York Library Association review" in shared
    assert "goes as a letter to" in shared
    private = by_subject["We received your story: Private"].get_body(("plain",)).get_content()
    assert "will not be sent to anyone" in private


def test_the_week_ledger_page_counts_and_masks(app, organizer_client):
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    client = app.test_client()
    register(client, session_id, email="ada@example.org")
    register(client, session_id, email="grace@example.org")
    with app.app_context():
        row = db.session.execute(db.select(Message).where(
            Message.recipient == "grace@example.org")).scalar_one()
        row.status, row.last_error = "failed", "550 <grace@example.org>: no such user"
        db.session.commit()
    page = organizer_client.get("/organize/weeks/test-week/mail")
    assert page.status_code == 200
    assert "registration.confirmation" in page.text
    assert "grace@example.org" not in page.text and "ada@example.org" not in page.text
    assert "g****@e******.org" in page.text and "no such user" in page.text
    assert app.test_client().get("/organize/weeks/test-week/mail").status_code == 302
