"""Issue 15, items 5 and 7: what a participant typed once fills their later forms in
the same browser (kept on their own record, not in a cookie; never shown to another
browser; erased with their data), the chapter directory puts their state's chapter
first, and a chapter sign-up shows what was sent with "Change my sign-up"."""

from __future__ import annotations

import html
import re

from advocacy.accounts.models import Participant
from advocacy.extensions import db

from ..conftest import submit
from ..factories import build_week
from .test_stories import STORY
from .test_weeks_public import first_session_id


def value_of(page: str, name: str) -> str | None:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"',
                      page)
    return html.unescape(found.group(1) or found.group(2)) if found else None


def test_a_story_fills_the_later_forms_of_the_same_browser_only(app, make_chapter):
    make_chapter("alabama", states=("AL",), name="Alabama Library Advocates")
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    with app.app_context():
        build_week()
    client = app.test_client()
    assert submit(client, "/stories/new", {**STORY, "state": "NY", "zip": "12207"}
                  ).status_code == 302
    signup = client.get("/chapters/new-york").get_data(True)
    assert value_of(signup, "name") == STORY["author_name"]
    assert value_of(signup, "email") == STORY["email"]
    assert value_of(signup, "zip") == "12207"
    register = client.get(f"/sessions/{first_session_id(app)}/register").get_data(True)
    assert value_of(register, "name") == STORY["author_name"]
    assert value_of(client.get("/my/claim").get_data(True), "email") == STORY["email"]
    again = client.get("/stories/new").get_data(True)
    assert value_of(again, "library") == STORY["library"]
    # The directory puts the chapter of the state they gave first.
    directory = client.get("/chapters/").get_data(True)
    assert directory.index("New York Library Advocates") < directory.index(
        "Alabama Library Advocates")
    # Another browser sees nothing of it; the cookie does not carry it.
    stranger = app.test_client().get("/chapters/new-york").get_data(True)
    assert STORY["email"] not in stranger and STORY["author_name"] not in stranger
    assert STORY["email"] not in client.get_cookie("advocacy_participant").value
    # Erasing the data erases the details too.
    submit(client, "/my/data/delete", {"delete-confirm": "y"}, "/my/data")
    with app.app_context():
        assert db.session.execute(db.select(Participant).where(
            Participant.email.is_not(None))).first() is None


def test_a_sign_up_shows_what_was_sent_and_can_be_changed(app, make_chapter):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    client = app.test_client()
    data = {"name": "Grace Hopper", "email": "grace@example.org", "zip": "10001",
            "consent": "y"}
    page = submit(client, "/chapters/new-york", data, follow_redirects=True).get_data(True)
    card = html.unescape(page)
    assert "You're signed up" in card and "grace@example.org" in card
    assert "Change my sign-up" in card and 'name="email"' not in page
    change = client.get("/chapters/new-york?change=1").get_data(True)
    assert value_of(change, "email") == "grace@example.org"
    # A stranger's browser sending a known address sees the same page as for a new one.
    known = submit(app.test_client(), "/chapters/new-york", data, follow_redirects=True)
    fresh = submit(app.test_client(), "/chapters/new-york",
                   {**data, "email": "new@example.org"}, follow_redirects=True)
    assert known.get_data(True).replace("grace@", "X@") == fresh.get_data(True).replace(
        "new@", "X@")


def test_a_claimed_record_fills_forms_only_for_its_account_signed_in(app):
    from .test_my_data import claim

    with app.app_context():
        build_week()
    client = app.test_client()
    submit(client, "/stories/new", {**STORY, "state": "NY", "zip": "12207"})
    cookie = client.get_cookie("advocacy_participant").value
    assert claim(client, email=STORY["email"], app=app).status_code == 302
    assert value_of(client.get("/stories/new").get_data(True),
                    "author_name") == STORY["author_name"]
    # A copy of the cookie, without the account's sign-in, opens nothing of it.
    copy = app.test_client()
    copy.set_cookie("advocacy_participant", cookie)
    for path in ("/stories/new", "/chapters/", f"/sessions/{first_session_id(app)}/register"):
        page = copy.get(path).get_data(True)
        assert STORY["author_name"] not in page and STORY["email"] not in page, path
