"""Knowing someone's email gives a stranger nothing (issue 14, item 1): a sign-up,
registration or account made by one browser is changed or moved only after the link
emailed to its address is followed, and every such form answers the same words
whether or not the address is known."""

from __future__ import annotations

import re

from advocacy.chapters.models import ChapterSignup
from advocacy.extensions import db
from advocacy.weeks.models import SessionRegistration

from ..conftest import emailed_link, submit
from ..factories import build_week
from .test_weeks_public import first_session_id

SIGNUP = {"name": "Grace Hopper", "email": "grace@example.org", "zip": "10001",
          "phone": "(202) 555-0143", "interests": ["share_stories"], "consent": "y"}
ATTACK = {**SIGNUP, "name": "Mallory", "zip": "99501", "phone": "(907) 555-0100",
          "interests": ["host_events"]}


def flash_of(response) -> str:
    found = re.search(r'<p class="flash[^"]*">(.*?)</p>', response.get_data(True), re.S)
    assert found, response.get_data(True)[:500]
    return re.sub(r"\s+", " ", found.group(1)).strip()


def the_signup(app) -> ChapterSignup:
    with app.app_context():
        return db.session.execute(db.select(ChapterSignup)).scalar_one()


def test_a_strangers_sign_up_with_a_known_email_changes_nothing_until_confirmed(
        app, make_chapter):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    victim, attacker, phone = app.test_client(), app.test_client(), app.test_client()
    fresh = submit(victim, "/chapters/new-york", SIGNUP, follow_redirects=True)
    before = the_signup(app)
    answer = submit(attacker, "/chapters/new-york", ATTACK, follow_redirects=True)
    unknown = submit(app.test_client(), "/chapters/new-york",
                     {**ATTACK, "email": "nobody@example.org"}, follow_redirects=True)
    assert flash_of(answer) == flash_of(unknown) == flash_of(fresh)
    with app.app_context():
        row = db.session.execute(db.select(ChapterSignup).where(
            ChapterSignup.email == "grace@example.org")).scalar_one()
        assert (row.name, row.zip, row.phone, row.interests, row.participant_id) == (
            before.name, before.zip, before.phone, before.interests, before.participant_id)
    # The victim still sees the sign-up; the attacker's erasure cannot touch it.
    export = submit(victim, "/my/data/export", {"export-confirm": "y"}, "/my/data")
    assert "grace@example.org" in export.get_data(True)
    submit(attacker, "/my/data/delete", {"delete-confirm": "y"}, "/my/data")
    assert the_signup_named(app, "grace@example.org").name == "Grace Hopper"
    # The address's owner follows the emailed link (on a phone): the details apply, and
    # the sign-up now belongs to the browser that followed it.
    link = emailed_link(app, "/chapters/confirm/", to="grace@example.org")
    page = phone.get(link)
    assert page.status_code == 200 and "Mallory" in page.get_data(True)
    assert the_signup_named(app, "grace@example.org").name == "Grace Hopper"  # GET: nothing
    done = submit(phone, link, {}, link, follow_redirects=True)
    assert "are updated" in flash_of(done)
    row = the_signup_named(app, "grace@example.org")
    assert (row.name, row.zip, row.interests, row.pending_details) == (
        "Mallory", "99501", ["host_events"], None)
    assert "grace@example.org" in submit(phone, "/my/data/export", {"export-confirm": "y"},
                                         "/my/data").get_data(True)
    assert phone.get(link).status_code == 404  # spent: nothing waits any more


def the_signup_named(app, email: str) -> ChapterSignup:
    with app.app_context():
        return db.session.execute(db.select(ChapterSignup).where(
            ChapterSignup.email == email)).scalar_one()


def test_registration_answers_the_same_and_a_stranger_cannot_take_a_cancelled_one(app):
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    url = f"/sessions/{session_id}/register"
    victim, attacker = app.test_client(), app.test_client()
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "reminders": "y"}
    first = submit(victim, url, data, follow_redirects=True)
    known = submit(attacker, url, {**data, "name": "Mallory"}, follow_redirects=True)
    unknown = submit(app.test_client(), url, {**data, "email": "new@example.org"},
                     follow_redirects=True)
    assert flash_of(first) == flash_of(known) == flash_of(unknown)
    assert known.status_code == unknown.status_code == 200

    with app.app_context():
        row = db.session.execute(db.select(SessionRegistration).where(
            SessionRegistration.email == "ada@example.org")).scalar_one()
        owner = row.participant_id
        row.cancelled_at = row.created_at  # the owner cancelled
        db.session.commit()
    submit(attacker, url, {**data, "name": "Mallory", "reminders": ""})
    with app.app_context():
        row = db.session.execute(db.select(SessionRegistration).where(
            SessionRegistration.email == "ada@example.org")).scalar_one()
        assert row.cancelled_at is None  # the place is taken, as any registration may be
        assert (row.name, row.participant_id) == ("Ada Lovelace", owner)
        assert row.consent_reminders_at is not None


def test_claim_answers_the_same_and_is_rate_limited(make_app, make_user):
    app = make_app(LINK_RATE_LIMIT="3 per hour")
    make_user("advocate", email="member@example.org")
    answers = []
    for email in ("member@example.org", "stranger@example.org"):
        response = submit(app.test_client(), "/my/claim", {
            "email": email, "password": "a-long-password-1", "confirm": "a-long-password-1"},
            follow_redirects=True)
        answers.append((response.status_code, flash_of(response)))
    assert answers[0] == answers[1]
    client = app.test_client()
    codes = [submit(client, "/my/claim", {
        "email": "member@example.org", "password": "a-long-password-1",
        "confirm": "a-long-password-1"}).status_code for _ in range(3)]
    assert codes[-1] == 429 and 302 in codes
