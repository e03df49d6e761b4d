"""Erase means gone (issue 14, item 8): erasing revokes the participant's token, so a
copy of the old cookie opens nothing; the cookie expires after 400 days and is
re-issued when a browser uses one older than a day."""

from __future__ import annotations

import time

import itsdangerous.timed

from ..conftest import submit
from ..factories import build_week
from .test_checklists import tick, week_actions
from .test_my_data import day_url

COOKIE = "advocacy_participant"


def test_a_copy_of_the_cookie_opens_nothing_after_erasure(app, client):
    with app.app_context():
        build_week()
    tick(client, day_url(app, 0), week_actions(app)[0][0].id)
    copy = client.get_cookie(COOKIE).value
    stolen = app.test_client()
    stolen.set_cookie(COOKIE, copy)
    exported = submit(stolen, "/my/data/export", {"export-confirm": "y"}, "/my/data")
    assert exported.headers.get("Content-Disposition", "").startswith("attachment")
    assert submit(client, "/my/data/delete", {"delete-confirm": "y"}, "/my/data"
                  ).status_code == 302
    again = app.test_client()
    again.set_cookie(COOKIE, copy)
    assert "not ticked any action" in again.get("/my/").get_data(True)
    assert "No data is linked to this browser" in again.get("/my/data").get_data(True)


def test_the_cookie_expires_and_is_renewed_on_use(app, client, monkeypatch):
    with app.app_context():
        build_week()
    tick(client, day_url(app, 0), week_actions(app)[0][0].id)
    cookie = client.get_cookie(COOKIE)
    assert cookie.max_age == 400 * 24 * 3600 or cookie.expires is not None
    value = cookie.value
    assert not any(COOKIE in c for c in client.get("/my/").headers.getlist("Set-Cookie"))
    # Two days later a request using it gets a fresh copy; 401 days later it is void.
    real = time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 2 * 86400)
    renewed = client.get("/my/")
    assert any(COOKIE in c for c in renewed.headers.getlist("Set-Cookie"))
    assert "not ticked any action" not in renewed.get_data(True)
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 401 * 86400)
    old = app.test_client()
    old.set_cookie(COOKIE, value)
    assert "not ticked any action" in old.get("/my/").get_data(True)
