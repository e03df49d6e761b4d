"""Login, logout, session tokens, rate limits and cookie flags."""

from __future__ import annotations

from http.cookies import SimpleCookie

from advocacy.accounts.services import change_password, find_user_by_email
from advocacy.extensions import db

from ..conftest import PASSWORD, csrf_from, login, submit


def session_cookie(response) -> str:
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie(header)
        if "advocacy_session" in cookie:
            return cookie["advocacy_session"].value
    raise AssertionError("no session cookie set")


def test_login_redirects_staff_to_their_dashboard(client, make_user):
    email = make_user("organizer")
    response = login(client, email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/"
    assert client.get("/organize/").status_code == 200


def test_wrong_password_is_refused_with_a_message_and_keeps_the_email(client, make_user):
    email = make_user("organizer")
    response = login(client, email, "wrong password!")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "do not match an account" in html
    assert f'value="{email}"' in html
    assert client.get("/organize/").status_code == 302


def test_copied_session_cookie_fails_after_logout(app, make_user):
    email = make_user("organizer")
    browser = app.test_client()
    login(browser, email)
    stolen = browser.get_cookie("advocacy_session").value

    attacker = app.test_client()
    attacker.set_cookie("advocacy_session", stolen)
    assert attacker.get("/organize/").status_code == 200  # the copy works while signed in

    page = browser.get("/organize/").get_data(as_text=True)
    assert browser.post("/logout", data={"csrf_token": csrf_from(page)}).status_code == 302

    attacker.set_cookie("advocacy_session", stolen)
    response = attacker.get("/organize/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_password_change_signs_out_other_sessions(app, make_user):
    email = make_user("organizer")
    browser = app.test_client()
    login(browser, email)
    assert browser.get("/organize/").status_code == 200
    with app.app_context():
        change_password(find_user_by_email(email), "a brand new password")
        db.session.commit()
    assert browser.get("/organize/").status_code == 302
    assert login(app.test_client(), email, "a brand new password").status_code == 302


def test_session_id_changes_at_login(client, make_user):
    email = make_user("organizer")
    before_page = client.get("/login")
    before = client.get_cookie("advocacy_session").value
    token = csrf_from(before_page.get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token})
    after = session_cookie(response)
    assert after != before
    with client.session_transaction() as session:
        assert session.get("sid")
        assert "csrf_token" not in session  # the pre-login session was dropped


def test_eleventh_wrong_password_for_one_account_gives_429(client, make_user):
    email = make_user("organizer")
    for attempt in range(10):
        # A new address each time: only the per-account limit can trip.
        response = login(client, email, "wrong password!", REMOTE_ADDR=f"10.0.0.{attempt}")
        assert response.status_code == 200
    response = login(client, email, "wrong password!", REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert "Too many tries" in response.get_data(as_text=True)
    # Even the right password waits until the window passes.
    assert login(client, email, PASSWORD, REMOTE_ADDR="10.0.1.2").status_code == 429


def test_a_stranger_cannot_lock_the_owner_out(app, make_user):
    """Issue 14, item 12: the owner's browser (it signed in before: a device cookie)
    still signs in with the right password while strangers have locked the account;
    a browser without one waits; the device cookie has a limit of its own."""
    email = make_user("organizer")
    owner = app.test_client()
    assert login(owner, email, REMOTE_ADDR="10.9.0.1").status_code == 302
    assert owner.get_cookie("advocacy_device") is not None
    submit(owner, "/logout", {}, "/organize/")
    attacker = app.test_client()
    for attempt in range(11):
        login(attacker, email, "wrong password!", REMOTE_ADDR=f"10.8.0.{attempt}")
    assert login(app.test_client(), email, REMOTE_ADDR="10.8.1.1").status_code == 429
    assert login(owner, email, REMOTE_ADDR="10.9.0.2").status_code == 302
    submit(owner, "/logout", {}, "/organize/")
    # The cookie is for that account only, and wrong passwords from it are limited too.
    other = make_user("organizer")
    for attempt in range(10):
        assert login(owner, email, "wrong password!",
                     REMOTE_ADDR=f"10.7.0.{attempt}").status_code == 200
    assert login(owner, email, REMOTE_ADDR="10.7.1.1").status_code == 429
    assert login(owner, other, REMOTE_ADDR="10.7.1.2").status_code == 302


def test_eleventh_failure_from_one_address_gives_429(client, make_user):
    for attempt in range(10):
        response = login(client, f"nobody{attempt}@example.org", "wrong password!")
        assert response.status_code == 200
    assert login(client, "someone.else@example.org", "wrong password!").status_code == 429


def test_successful_logins_do_not_count_against_the_limit(app, make_user):
    email = make_user("organizer")
    for _ in range(12):
        assert login(app.test_client(), email).status_code == 302


def test_next_only_redirects_within_the_site(client, make_user):
    email = make_user("organizer")
    for bad in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"):
        page = client.get("/login", query_string={"next": bad}).get_data(as_text=True)
        response = client.post("/login", data={"email": email, "password": PASSWORD,
                                               "next": bad, "csrf_token": csrf_from(page)})
        assert response.headers["Location"] == "/organize/", bad
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(True))})
    page = client.get("/login?next=/coordinate/").get_data(as_text=True)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "next": "/coordinate/", "csrf_token": csrf_from(page)})
    assert response.headers["Location"] == "/coordinate/"


def test_denied_page_sends_anonymous_visitors_to_login_and_back(client, make_user):
    response = client.get("/organize/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/organize/"


def test_cookies_are_httponly_and_lax(client, make_user):
    response = login(client, make_user("organizer"))
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("advocacy_session="))
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header


def test_cookies_are_secure_under_https(make_app, make_user):
    app = make_app(HTTPS=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    client = app.test_client()
    from advocacy.accounts.services import create_user
    with app.app_context():
        create_user("secure@example.org", PASSWORD, "organizer")
        db.session.commit()
    token = csrf_from(client.get("/login", base_url="https://localhost").get_data(True))
    response = client.post("/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"},
                           data={"email": "secure@example.org", "password": PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 302
    header = next(h for h in response.headers.getlist("Set-Cookie")
                  if h.startswith("advocacy_session="))
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    assert "Strict-Transport-Security" in response.headers


def test_users_create_command_reads_password_from_stdin(app, runner, make_chapter):
    make_chapter("new-york")
    result = runner.invoke(args=["users", "create", "Coord@Example.org", "--role", "coordinator",
                                 "--chapter", "new-york", "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "a long enough password" not in result.output
    with app.app_context():
        user = find_user_by_email("coord@example.org")
        assert user.role == "coordinator"
        assert [c.slug for c in user.chapters] == ["new-york"]
    client = app.test_client()
    assert login(client, "coord@example.org", "a long enough password").status_code == 302


def test_users_create_refuses_short_password_and_duplicates(runner, make_user):
    result = runner.invoke(args=["users", "create", "x@example.org", "--password-stdin"],
                           input="short\n")
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    email = make_user("organizer")
    result = runner.invoke(args=["users", "create", email, "--password-stdin"],
                           input="a long enough password\n")
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_a_lost_password_is_set_from_the_command_line(app, runner, make_user):
    """Issue 15, item 17: `flask users set-password EMAIL`."""
    email = make_user("organizer")
    result = runner.invoke(args=["users", "set-password", email, "--password-stdin"],
                           input="a-brand-new-password\n")
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), email, "a-brand-new-password").status_code == 302
    result = runner.invoke(args=["users", "set-password", "nobody@example.org",
                                 "--password-stdin"], input="whatever-long-pw\n")
    assert result.exit_code != 0 and "No account uses" in result.output
