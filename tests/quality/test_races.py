"""Races answer cleanly (issue 14, item 2): twelve browsers sending one new address at
the same moment make one row and twelve ordinary answers, on SQLite and PostgreSQL;
and a database error's DETAIL (the row's values) never reaches a log line."""

from __future__ import annotations

import io
import logging

import psycopg
import pytest

from advocacy.accounts.models import User
from advocacy.chapters.models import ChapterSignup
from advocacy.core.logging import OneLineUTCFormatter
from advocacy.extensions import db

from ..concurrency import at_once
from ..conftest import BACKEND, CSRF_RE, _libpq, emailed_link

RACERS = 12


def race(app, url: str, data: dict) -> list[int]:
    """POST ``data`` to ``url`` from RACERS fresh browsers at once; their status codes."""
    clients = [app.test_client() for _ in range(RACERS)]
    tokens = [CSRF_RE.search(c.get(url).get_data(True)).group(1) for c in clients]
    return at_once([(client, url, {**data, "csrf_token": token})
                    for client, token in zip(clients, tokens, strict=True)])


def test_concurrent_sign_ups_with_one_new_email_make_one_row(app, make_chapter):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    codes = race(app, "/chapters/new-york", {
        "name": "Racer", "email": "racer@example.org", "zip": "10001", "consent": "y"})
    assert codes == [302] * RACERS
    with app.app_context():
        rows = db.session.execute(db.select(ChapterSignup)).scalars().all()
    assert [row.email for row in rows] == ["racer@example.org"]


def test_concurrent_claim_links_followed_at_once_make_one_account(app):
    client = app.test_client()
    page = client.get("/my/claim").get_data(True)
    client.post("/my/claim", data={"email": "claimer@example.org",
                                   "password": "a-long-password-1",
                                   "confirm": "a-long-password-1",
                                   "csrf_token": CSRF_RE.search(page).group(1)})
    link = emailed_link(app, "/my/signin/", to="claimer@example.org")
    codes = race(app, link, {})
    assert sorted(set(codes)) in ([302, 404], [302]) and codes.count(302) == 1
    with app.app_context():
        assert db.session.execute(db.select(User.email)).scalars().all() == [
            "claimer@example.org"]


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL's DETAIL line")
def test_a_database_errors_detail_never_reaches_the_log(app, database_url):
    canary = "canary.detail@example.org"
    with psycopg.connect(_libpq(database_url), autocommit=True) as connection:
        connection.execute("CREATE TABLE canary (email text UNIQUE)")
        connection.execute("INSERT INTO canary VALUES (%s)", (canary,))
        with pytest.raises(psycopg.errors.UniqueViolation) as raised:
            connection.execute("INSERT INTO canary VALUES (%s)", (canary,))
    assert canary in str(raised.value)  # what the driver says: the row's values
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineUTCFormatter("%(levelname)s %(name)s: %(message)s"))
    loggers = [app.logger, logging.getLogger("huey"), logging.getLogger("gunicorn.error")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        for logger in loggers:
            try:
                raise RuntimeError(f"wrapped: {raised.value}") from raised.value
            except RuntimeError:
                logger.exception("failed: %s", raised.value)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    text = stream.getvalue()
    assert text.count("failed:") == 3 and "UniqueViolation" in text
    assert canary not in text and "Key (email)" not in text


def test_one_coordinators_alert_choices_saved_twice_at_once_make_one_row(
        app, make_chapter, make_user):
    from advocacy.alerts.models import AlertSetting

    from ..conftest import login

    make_chapter("new-york", states=("NY",))
    email = make_user("coordinator", chapters=["new-york"])
    clients = [app.test_client() for _ in range(RACERS)]
    for client in clients:
        assert login(client, email).status_code == 302
    tokens = [CSRF_RE.search(c.get("/coordinate/alerts").get_data(True)).group(1)
              for c in clients]
    with app.app_context():
        from advocacy.chapters.models import Chapter
        scope = str(db.session.execute(db.select(Chapter.id)).scalar_one())
    codes = at_once([(client, "/coordinate/alerts", {"csrf_token": token,
                                                      f"{scope}-stories": "instant"})
                     for client, token in zip(clients, tokens, strict=True)])
    assert codes == [303] * len(clients)
    with app.app_context():
        rows = db.session.execute(db.select(AlertSetting)).scalars().all()
    assert [(row.scope, row.stories) for row in rows] == [(scope, "instant")]
