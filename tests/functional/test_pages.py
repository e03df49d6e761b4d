"""Layout, security headers, error pages, body limit and the health check."""

from __future__ import annotations

import pytest
from flask import Blueprint

from advocacy import policy
from advocacy.security import CSP


def test_every_page_has_the_security_headers(client, demo):
    for url in ("/", f"/weeks/{demo['week_slug']}", "/login", "/healthz", "/nope",
                "/static/css/app.css", "/organize/"):
        response = client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, url
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_layout_is_accessible_in_structure(client, demo):
    html = client.get(f"/weeks/{demo['week_slug']}").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert '<html lang="en">' in html
    assert " style=" not in html and "<script>" not in html  # the CSP would block them


def test_login_fields_have_labels(client):
    html = client.get("/login").get_data(as_text=True)
    for field in ("email", "password"):
        assert f'<label for="{field}">' in html


@pytest.mark.parametrize("code,title", [(404, "Page not found"), (405, "Method not allowed")])
def test_error_pages_use_the_layout(client, code, title):
    response = client.get("/nope") if code == 404 else client.post("/healthz")
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert title in html and 'class="skip-link"' in html


def test_request_body_limit_gives_413(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)


def test_unexpected_errors_show_a_page_never_a_traceback(make_app, monkeypatch, caplog):
    app = make_app()
    boom = Blueprint("boom", __name__)

    @boom.get("/boom")
    def explode():
        raise RuntimeError("secret internals")

    policy.guard(boom, policy.ANYONE)
    app.register_blueprint(boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html
    assert "Traceback" not in html and "secret internals" not in html
    assert 'class="skip-link"' in html


def test_a_route_missing_from_the_policy_is_refused(make_app):
    app = make_app()
    extra = Blueprint("extra", __name__)
    extra.add_url_rule("/extra", "page", lambda: "should not be served")
    app.register_blueprint(extra)
    assert app.test_client().get("/extra").status_code == 403


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(make_app, tmp_path):
    app = make_app(create_schema=False,
                   DATABASE_URL="sqlite:///" + str(tmp_path / "missing-dir" / "x.sqlite3"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_static_files_are_served(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "text/css" in response.content_type


def test_empty_site_says_no_week_yet(client):
    html = client.get("/").get_data(as_text=True)
    assert "No advocacy week is published yet" in html


def test_drafts_are_not_public(app, client, demo):
    from advocacy.extensions import db
    from advocacy.weeks.models import Week

    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        week.status = "draft"
        db.session.commit()
    assert client.get(f"/weeks/{demo['week_slug']}").status_code == 404
    assert "No advocacy week" in client.get("/").get_data(as_text=True)


def test_healthz_reports_a_database_that_cannot_be_written(make_app, database_url):
    """A read-only SQLite file (opened as such) or a PostgreSQL database whose
    transactions are read-only: readable, so SELECT 1 passes, but not healthy."""
    import psycopg

    from ..conftest import BACKEND, _libpq

    app = make_app()  # the schema exists and is writable
    assert app.test_client().get("/healthz").status_code == 200
    if BACKEND == "postgresql":
        with psycopg.connect(_libpq(database_url), autocommit=True) as connection:
            connection.execute("ALTER DATABASE advocacy_test SET "
                               "default_transaction_read_only = on")
        try:
            response = make_app(create_schema=False).test_client().get("/healthz")
        finally:
            with psycopg.connect(_libpq(database_url), autocommit=True) as connection:
                connection.execute("SET default_transaction_read_only = off")
                connection.execute("ALTER DATABASE advocacy_test RESET "
                                   "default_transaction_read_only")
    else:
        path = database_url.removeprefix("sqlite:///")
        read_only = make_app(create_schema=False,
                             DATABASE_URL=f"sqlite:///file:{path}?mode=ro&uri=true")
        response = read_only.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "read-only"}


def test_a_signed_in_post_over_the_body_limit_gets_the_413_page(app, make_user):
    """Issue 14, item 9: the error page must not read the body again (it gave a 500)."""
    from ..conftest import login

    client = app.test_client()
    login(client, make_user("organizer"))
    response = client.post("/organize/letters/", data={"intro": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413 and "Too large" in response.get_data(True)
