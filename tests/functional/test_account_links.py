"""Account links by email: staff invitations, "Forgot your password?", advocates'
sign-in links and the claim link; single use, short-lived, stored hashed, and the
same answer whether or not an address has an account."""

from __future__ import annotations

from datetime import timedelta

from advocacy.accounts.models import AccountLink, User
from advocacy.database import utcnow
from advocacy.extensions import db

from ..conftest import PASSWORD, csrf_from, emailed_link, login, submit
from ..factories import build_week
from .test_checklists import tick, week_actions
from .test_my_data import day_url

NEW_PASSWORD = "a brand new password"


def set_password(client, link: str, password: str = NEW_PASSWORD):
    return submit(client, link, {"password": password, "confirm": password}, link)


def test_an_invitation_sets_a_password_once(app, organizer_client):
    response = submit(organizer_client, "/organize/users/invite", {
        "email": "Jose.Nunez@Bücher.example", "display_name": "José Núñez", "role": "coordinator"})
    assert response.status_code == 302
    refused = submit(organizer_client, "/organize/users/invite", {
        "email": "boss@example.org", "role": "admin"})  # an organizer cannot make admins
    assert refused.status_code == 400
    link = emailed_link(app, "/account/password/", to="xn--bcher-kva.example")
    invited = app.test_client()
    assert "Choose a password" in invited.get(link).text
    assert login(invited, "jose.nunez@bücher.example", "anything-at-all").status_code != 302
    response = set_password(invited, link)
    assert response.status_code == 302 and response.headers["Location"] == "/coordinate/"
    assert invited.get(link).status_code == 404  # spent
    assert "already used" in invited.get(link).text
    assert login(app.test_client(), "jose.nunez@bücher.example", NEW_PASSWORD).status_code == 302
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.role == "coordinator")).scalar_one()
        assert user.email_verified_at is not None


def test_forgot_password_answers_the_same_and_mails_only_a_real_account(app, make_user):
    email = make_user("coordinator")
    answers = []
    for address in (email, "nobody@example.org"):
        client = app.test_client()
        response = submit(client, "/login/forgot", {"email": address})
        page = client.get(response.headers["Location"]).text
        flash = page.split('class="flash')[1].split("</p>")[0]
        answers.append((response.status_code, response.headers["Location"], flash))
    assert answers[0] == answers[1]
    link = emailed_link(app, "/account/password/")
    with app.app_context():
        (row,) = db.session.execute(db.select(AccountLink)).scalars().all()
        assert row.email == email and row.purpose == "reset"
        assert link.rsplit("/", 1)[1] not in repr(row.__dict__)  # only the hash is kept
    signed_in = app.test_client()
    assert login(signed_in, email).status_code == 302
    assert set_password(app.test_client(), link).status_code == 302
    assert signed_in.get("/coordinate/").status_code == 302  # signed out everywhere else
    assert login(app.test_client(), email, PASSWORD).status_code != 302
    assert login(app.test_client(), email, NEW_PASSWORD).status_code == 302


def test_a_reset_link_expires_after_an_hour_and_a_newer_one_replaces_it(app, make_user):
    email = make_user("organizer")
    client = app.test_client()
    submit(client, "/login/forgot", {"email": email})
    first = emailed_link(app, "/account/password/")
    submit(client, "/login/forgot", {"email": email})
    second = emailed_link(app, "/account/password/")
    assert first != second and client.get(first).status_code == 404
    with app.app_context():
        for link in db.session.execute(db.select(AccountLink)).scalars():
            link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(second)
    assert response.status_code == 404 and "expired" in response.text


def test_forgot_password_is_rate_limited(app):
    client = app.test_client()
    codes = [submit(client, "/login/forgot", {"email": f"n{i}@example.org"}).status_code
             for i in range(6)]
    assert codes == [302] * 5 + [429]


def test_a_sign_in_link_opens_my_progress_here_and_merges_this_browser(app, make_user):
    with app.app_context():
        build_week(actions_per_day=2)
    days = week_actions(app)
    device_a = app.test_client()
    tick(device_a, day_url(app, 0), days[0][0].id)
    response = submit(device_a, "/my/claim", {"email": "ada@example.org",
                                              "password": PASSWORD, "confirm": PASSWORD})
    assert "Check your email" in device_a.get(response.headers["Location"]).text
    with app.app_context():  # nothing counts as claimed before the link is followed
        assert db.session.execute(db.select(User)).scalars().all() == []
    claim_link = emailed_link(app, "/my/signin/", to="ada@example.org")
    assert submit(device_a, claim_link, {}, claim_link).headers["Location"] == "/my/"
    device_b = app.test_client()
    tick(device_b, day_url(app, 1), days[1][0].id)
    page = device_b.get("/my/").text
    response = device_b.post("/my/link", data={"csrf_token": csrf_from(page),
                                               "email": "ada@example.org"})
    assert response.status_code == 302
    link = emailed_link(app, "/my/signin/", to="ada@example.org")
    assert link != claim_link
    assert "Sign in as ada@example.org" in device_b.get(link).text  # a GET spends nothing
    assert submit(device_b, link, {}, link).headers["Location"] == "/my/"
    assert "2</strong> actions" in device_b.get("/my/").text
    assert device_b.get(link).status_code == 404


def test_my_link_answers_the_same_for_an_unknown_address_and_sends_nothing(app):
    client = app.test_client()
    page = client.get("/my/").text
    response = client.post("/my/link", data={"csrf_token": csrf_from(page),
                                             "email": "nobody@example.org"})
    assert "If an account uses that address" in client.get(response.headers["Location"]).text
    with app.app_context():
        assert db.session.execute(db.select(AccountLink)).scalars().all() == []


def test_account_emails_reach_a_real_smtp_server_without_list_headers(make_app, make_user):
    from ..mail_server import MailServer

    with MailServer() as smtp:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{smtp.port}?starttls=0",
                       PUBLIC_URL="https://advocacy.example.org")
        with app.app_context():
            from advocacy.accounts import links
            from advocacy.accounts.services import create_user
            from advocacy.mail import ledger

            create_user("ada@example.org", PASSWORD, "advocate")
            create_user("org@example.org", PASSWORD, "organizer", display_name="Orla")
            links.invite("new@example.org", "coordinator", "Nico")
            links.request_reset("org@example.org")
            links.request_sign_in("ada@example.org")
            links.request_claim(None, "fresh@example.org", PASSWORD)
            db.session.commit()
            assert ledger.send_due() == {"sent": 4}
        by_subject = {m.message["Subject"]: m.message for m in smtp.messages}
    assert set(by_subject) == {"You're invited to Advocacy", "Reset your Advocacy password",
                               "Your sign-in link", "Finish saving your progress"}
    for message in by_subject.values():
        assert "List-Unsubscribe" not in message and message["Message-ID"]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "https://advocacy.example.org/" in text and "<a href=" in html
        assert "works once" in text
    assert "72 hours" in by_subject["You're invited to Advocacy"].get_body(
        ("plain",)).get_content()
    assert "1 hour" in by_subject["Reset your Advocacy password"].get_body(
        ("plain",)).get_content()
