"""The layer in front of the app that serves public week pages again without Flask."""

from __future__ import annotations

import pytest
from flask import request_started

from advocacy.extensions import db
from advocacy.weeks import public_pages
from advocacy.weeks.models import Week

from ..conftest import login, submit
from ..factories import build_week

URL = "/weeks/test-week"


@pytest.fixture
def cached_app(make_app):
    app = make_app(WEEK_VERSION_MAX_AGE=30)
    with app.app_context():
        build_week(actions_per_day=2)
    return app


@pytest.fixture
def entered(cached_app):
    """The requests that reached Flask (the layer answers the others itself)."""
    seen: list[str] = []

    def note(sender, **_):
        from flask import request
        seen.append(request.path)

    request_started.connect(note, cached_app)
    yield seen
    request_started.disconnect(note, cached_app)


def test_a_public_page_is_served_again_without_entering_flask(cached_app, entered):
    client = cached_app.test_client()
    first = client.get(URL)
    again = client.get(URL)
    assert first.status_code == again.status_code == 200
    assert entered == [URL]
    assert again.get_data() == first.get_data()
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "ETag",
                   "Cache-Control", "Referrer-Policy"):
        assert again.headers.get(header) == first.headers.get(header), header
    not_modified = client.get(URL, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and entered == [URL]


def test_each_zone_has_its_own_copy_and_a_cookie_setting_answer_is_never_kept(
        cached_app, entered):
    client = cached_app.test_client()
    chosen = client.get(URL + "?tz=America/Los_Angeles")
    assert "Set-Cookie" in chosen.headers
    client.get(URL + "?tz=America/Los_Angeles")  # sets no cookie now: kept
    client.get(URL + "?tz=America/Los_Angeles")
    plain = cached_app.test_client().get(URL)
    assert entered == [URL, URL, URL]
    assert plain.get_data() != chosen.get_data()  # another zone, another page


def test_visitors_with_a_session_or_participant_cookie_always_reach_the_app(
        cached_app, entered, make_user):
    visitor = cached_app.test_client()
    visitor.get(URL)
    visitor.get("/login")  # the sign-in form gives this browser a session cookie
    visitor.get(URL)
    assert entered == [URL, "/login", URL]
    organizer = cached_app.test_client()
    assert login(organizer, make_user("organizer")).status_code == 302
    html = organizer.get(URL).get_data(as_text=True)
    assert "Sign out" in html  # their own page, not the anonymous copy
    assert entered[-1] == URL


def test_an_edit_in_this_process_shows_at_once(cached_app, entered, make_user):
    anonymous = cached_app.test_client()
    anonymous.get(URL)
    organizer = cached_app.test_client()
    login(organizer, make_user("organizer"))
    response = submit(organizer, "/organize/weeks/test-week/edit",
                      _week_form(cached_app, title="A freshly renamed week"))
    assert response.status_code == 302
    assert "A freshly renamed week" in anonymous.get(URL).get_data(as_text=True)


def test_a_kept_page_expires_after_the_version_age(cached_app, entered, monkeypatch):
    client = cached_app.test_client()
    client.get(URL)
    client.get(URL)
    assert entered == [URL]
    clock = public_pages.time.time() + 31
    monkeypatch.setattr(public_pages.time, "time", lambda: clock)
    client.get(URL)
    assert entered == [URL, URL]


def test_no_layer_when_versions_are_not_cached(make_app):
    app = make_app()  # the tests' default: WEEK_VERSION_MAX_AGE 0
    seen = []
    request_started.connect(lambda sender, **_: seen.append(1), app, weak=False)
    with app.app_context():
        build_week()
    client = app.test_client()
    client.get(URL)
    client.get(URL)
    assert len(seen) == 2


def _week_form(app, **changes) -> dict:
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        form = {"title": week.title, "slug": week.slug, "summary": week.summary,
                "timezone": week.timezone, "start_date": week.start_date.isoformat(),
                "end_date": week.end_date.isoformat(),
                "recordings_until": (week.recordings_until.isoformat()
                                     if week.recordings_until else ""),
                "hotline": week.hotline or "", "partners": ""}
    return {**form, **changes}
