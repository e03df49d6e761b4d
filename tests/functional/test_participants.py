"""Anonymous participants: a signed cookie, created only when needed."""

from __future__ import annotations

from flask import Blueprint

from advocacy import policy
from advocacy.accounts.models import Participant
from advocacy.accounts.participants import current_participant, ensure_participant
from advocacy.extensions import db


def count_participants(app) -> int:
    with app.app_context():
        return len(db.session.execute(db.select(Participant)).scalars().all())


def add_probe_routes(app, monkeypatch):
    """A route that needs a participant (as ticking an action will)."""
    probe = Blueprint("probe", __name__)

    @probe.post("/probe/act")
    def act():
        participant = ensure_participant()
        db.session.commit()
        return {"id": participant.id}

    @probe.get("/probe/who")
    def who():
        participant = current_participant()
        return {"id": participant.id if participant else None}

    policy.guard(probe, policy.ANYONE)
    app.register_blueprint(probe)


def test_plain_gets_never_create_a_participant(app, client, demo):
    for url in ("/", f"/weeks/{demo['week_slug']}", "/login", "/healthz", "/nowhere"):
        client.get(url)
    assert count_participants(app) == 0
    assert client.get_cookie("advocacy_participant") is None


def test_first_action_creates_one_participant_and_a_signed_cookie(make_app, monkeypatch):
    app = make_app(WTF_CSRF_ENABLED=False)
    add_probe_routes(app, monkeypatch)
    client = app.test_client()
    first = client.post("/probe/act").get_json()["id"]
    cookie = client.get_cookie("advocacy_participant")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert client.post("/probe/act").get_json()["id"] == first
    assert client.get("/probe/who").get_json()["id"] == first
    assert count_participants(app) == 1


def test_a_forged_or_tampered_cookie_is_ignored(make_app, monkeypatch):
    app = make_app(WTF_CSRF_ENABLED=False)
    add_probe_routes(app, monkeypatch)
    client = app.test_client()
    client.post("/probe/act")
    value = client.get_cookie("advocacy_participant").value
    client.set_cookie("advocacy_participant", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert client.get("/probe/who").get_json()["id"] is None
    other = app.test_client()
    other.set_cookie("advocacy_participant", "not-even-signed")
    assert other.get("/probe/who").get_json()["id"] is None


def test_a_refused_form_leaves_no_cookie_for_a_row_that_was_rolled_back(app, client):
    from datetime import timedelta

    from advocacy.database import utcnow

    from ..conftest import submit
    from ..factories import build_week

    with app.app_context():
        build_week()
    future = (utcnow().date() + timedelta(days=5)).isoformat()
    response = submit(client, "/weeks/test-week/meetings/new", {
        "legislator_name": "Rep. Doe", "meeting_date": future, "format": "phone"})
    assert response.status_code == 400  # the service refused it, after creating a participant
    assert client.get_cookie("advocacy_participant") is None
    assert count_participants(app) == 0
