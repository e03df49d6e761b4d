"""Organizer announcements: compose with safe Markdown, an audience and its count, a
preview, a test to oneself, send now or later; exactly the audience minus the
suppressed, once each, throttled by MAIL_RATE; coordinators their own chapters only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from advocacy.announcements import services
from advocacy.announcements.models import Announcement
from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.models import Message
from advocacy.weeks import registration
from advocacy.weeks.models import LiveSession

from ..conftest import login, submit
from ..factories import build_week

MESSAGES = "/organize/weeks/test-week/messages"


@pytest.fixture
def week(mail_app, make_chapter):
    with mail_app.app_context():
        build_week()
        session_id = db.session.execute(db.select(LiveSession.id).order_by(LiveSession.id)
                                        ).scalars().first()
        for name in ("ada", "bo", "cy", "di"):
            registration.register(session_id, name.title(), f"{name}@example.org", False)
        registration.cancel(db.session.execute(db.select(
            registration.SessionRegistration).filter_by(email="cy@example.org")).scalar_one())
        ledger.suppress("di@example.org", "announcements", "unsubscribed")
        db.session.execute(db.delete(Message))  # the registration confirmations
        db.session.commit()
    make_chapter("new-york", states=("NY",))
    make_chapter("pacific", states=("CA",))
    with mail_app.app_context():
        for slug, email in (("new-york", "ny-member@example.org"),
                            ("pacific", "ca-member@example.org")):
            chapter = db.session.execute(db.select(Chapter).filter_by(slug=slug)).scalar_one()
            db.session.add(ChapterSignup(chapter_id=chapter.id, name="M", email=email,
                                         zip="10001"))
        db.session.commit()
    return session_id


def staff_client(app, make_user, role="organizer", chapters=()):
    client = app.test_client()
    email = make_user(role, chapters=chapters)
    assert login(client, email).status_code == 302
    return client, email


def compose(client, audience: str, subject="Tonight's training",
            body="**Bring a friend.** See [the week](https://advocacy.example.org/)."):
    return submit(client, f"{MESSAGES}/new", {"audience": audience, "subject": subject,
                                             "body": body})


def test_a_sessions_registrants_get_it_once_each_minus_the_suppressed(
        mail_app, smtp, make_user, week):
    app = mail_app
    client, organizer = staff_client(app, make_user)
    response = compose(client, f"session:{week}")
    assert response.status_code == 302
    detail = response.headers["Location"]
    page = client.get(detail).get_data(as_text=True)
    assert "3 addresses now" in page  # ada, bo, di (cy cancelled)
    assert "<strong>Bring a friend.</strong>" in page
    assert submit(client, f"{detail}/test", {}, detail).status_code == 302
    with app.app_context():
        ledger.send_due()
    (test,) = smtp.messages
    assert test.recipients == [organizer] and test.message["Subject"].startswith("[Test] ")
    assert submit(client, f"{detail}/send", {"when": "now"}, detail).status_code == 302
    with app.app_context():
        assert services.sweep() == 3
        assert services.sweep() == 0  # once per (announcement, recipient)
        ledger.send_due(utcnow() + timedelta(minutes=5))
    got = sorted(m.recipients[0] for m in smtp.messages[1:])
    assert got == ["ada@example.org", "bo@example.org"]
    text = smtp.messages[1].message.get_body(("plain",)).get_content()
    assert "**Bring a friend.**" in text and "Unsubscribe from announcements:" in text
    html = smtp.messages[1].message.get_body(("html",)).get_content()
    assert "<strong>Bring a friend.</strong>" in html
    listing = client.get(f"{MESSAGES}/").get_data(as_text=True)
    assert re.search(r"<td>0</td><td>2</td><td>0</td><td>1</td>", listing)  # q/s/f/unsub


def test_the_markdown_is_a_safe_subset(mail_app, make_user, week):
    client, _ = staff_client(mail_app, make_user)
    response = compose(client, "daily", body=(
        "<script>alert(1)</script> [x](javascript:alert(1)) ![pixel](https://t.example/p.gif)"
        " <img src=x onerror=alert(1)>"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    preview = page.split('<div class="message-preview">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in preview and "<img" not in preview
    assert 'href="javascript' not in preview and "&lt;script&gt;" in preview


def test_a_coordinator_reaches_only_their_own_chapter(mail_app, make_user, week):
    app = mail_app
    client, _ = staff_client(app, make_user, "coordinator", chapters=["new-york"])
    with app.app_context():
        ny, ca = (db.session.execute(db.select(Chapter.id).filter_by(slug=slug)).scalar_one()
                  for slug in ("new-york", "pacific"))
    form = client.get(f"{MESSAGES}/new").get_data(as_text=True)
    assert f'value="chapter:{ny}"' in form and f'value="chapter:{ca}"' not in form
    assert f'value="session:{week}"' not in form and 'value="daily"' not in form
    refused = compose(client, f"chapter:{ca}")
    assert refused.status_code == 400 and "Not a valid choice" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Announcement)
                                  ).scalar() == 0
    organizer, _ = staff_client(app, make_user)
    other = compose(organizer, f"chapter:{ca}").headers["Location"]
    assert client.get(other).status_code == 404
    assert submit(client, f"{other}/send", {"when": "now"}, f"{MESSAGES}/").status_code == 404
    own = compose(client, f"chapter:{ny}")
    assert own.status_code == 302
    assert "1 address now" in client.get(own.headers["Location"]).get_data(as_text=True)


def test_a_set_time_and_the_rate_spread_the_sends(mail_app, make_user, week):
    app = mail_app
    app.config["MAIL_RATE"] = 1
    client, _ = staff_client(app, make_user)
    detail = compose(client, f"session:{week}").headers["Location"]
    refused = submit(client, f"{detail}/send", {"when": "later", "send_at": ""}, detail)
    assert refused.status_code == 400 and "Choose when to send it." in refused.get_data(
        as_text=True)
    for far in ("9999-12-31T23:59", "0001-01-01T00:00"):  # refused at the field, no 500
        refused = submit(client, f"{detail}/send", {"when": "later", "send_at": far}, detail)
        assert refused.status_code == 400 and "within the next year" in refused.get_data(
            as_text=True)
    send_at = (utcnow() + timedelta(days=30)).strftime("%Y-%m-%dT09:00")
    assert submit(client, f"{detail}/send", {"when": "later", "send_at": send_at},
                  detail).status_code == 302
    with app.app_context():
        announcement = db.session.execute(db.select(Announcement)).scalar_one()
        start = announcement.send_at
        assert services.sweep(start - timedelta(minutes=1)) == 0
        assert services.sweep(start) == 3
        due = sorted(db.session.execute(db.select(Message.next_attempt_at)).scalars())
    assert [d - start for d in due] == [timedelta(0), timedelta(minutes=1),
                                        timedelta(minutes=2)]


def test_bad_input_is_shown_next_to_the_field_and_kept(mail_app, make_user, week):
    client, _ = staff_client(mail_app, make_user)
    response = compose(client, "daily", subject="  ", body="Kept text")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="subject-error"' in page and "Kept text" in page


def test_a_copy_is_about_the_persons_row_so_export_lists_it_and_erasure_removes_it(
        mail_app, make_user, week):
    app = mail_app
    advocate = app.test_client()
    register = f"/sessions/{week}/register"
    assert submit(advocate, register, {"name": "Ed", "email": "ed@example.org"}
                  ).status_code == 302
    client, _ = staff_client(app, make_user)
    detail = compose(client, f"session:{week}").headers["Location"]
    submit(client, f"{detail}/send", {"when": "now"}, detail)
    with app.app_context():
        assert services.sweep() == 4
    exported = submit(advocate, "/my/data/export", {"export-confirm": "y"}, "/my/data")
    kinds = [m["kind"] for m in exported.get_json()["messages"]]
    assert "announcement" in kinds
    submit(advocate, "/my/data/delete", {"delete-confirm": "y"}, "/my/data")
    with app.app_context():
        assert db.session.execute(db.select(Message.id).where(
            Message.recipient == "ed@example.org")).first() is None
        assert db.session.execute(db.select(db.func.count()).select_from(Message).where(
            Message.kind == "announcement")).scalar() == 3


def test_a_coordinator_sees_no_draft_weeks_messages(mail_app, make_user, week):
    app = mail_app
    with app.app_context():
        build_week(slug="draft-week", status="draft")
        db.session.commit()
    client, _ = staff_client(app, make_user, "coordinator", chapters=["new-york"])
    assert client.get("/organize/weeks/draft-week/messages/").status_code == 404
    organizer, _ = staff_client(app, make_user)
    assert organizer.get("/organize/weeks/draft-week/messages/").status_code == 200


def test_one_worker_queues_at_a_time_and_a_dead_ones_job_is_finished(
        mail_app, make_user, week):
    app = mail_app
    client, _ = staff_client(app, make_user)
    detail = compose(client, f"session:{week}").headers["Location"]
    submit(client, f"{detail}/send", {"when": "now"}, detail)
    now = utcnow()
    with app.app_context():
        announcement = db.session.execute(db.select(Announcement)).scalar_one()
        announcement.status, announcement.claimed_at = "sending", now  # another worker's
        db.session.commit()
        assert services.sweep(now + timedelta(minutes=1)) == 0
        assert services.queue_messages(announcement.id, now) == 0
        assert services.sweep(now + services.CLAIM_STALE + timedelta(minutes=1)) == 3
        assert db.session.get(Announcement, announcement.id).status == "sent"
