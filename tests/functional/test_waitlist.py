"""Waitlists (issue 16, item 4): capacity 5, 5 registered, 3 waiting; two cancel at the
same moment while strangers race for the places, and the first two waiting get the
offers; one lets the 24-hour hold lapse and the third gets it; never more than 5
registered, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.mail.models import Message
from advocacy.weeks import registration as reg
from advocacy.weeks import waitlist
from advocacy.weeks.models import LiveSession, SessionRegistration, WaitlistEntry

from ..concurrency import at_once
from ..conftest import CSRF_RE, emailed_link, submit
from ..factories import build_week


def setup_full_session(app) -> int:
    with app.app_context():
        build_week(capacity=5, days=1)
        session_id = db.session.execute(db.select(LiveSession.id)).scalar_one()
    for n in range(5):
        assert submit(app.test_client(), f"/sessions/{session_id}/register",
                      {"name": f"Reg {n}", "email": f"reg{n}@example.org"}).status_code == 302
    return session_id


def standing(app, session_id: int) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(SessionRegistration)
                                  .where(SessionRegistration.session_id == session_id,
                                         SessionRegistration.cancelled_at.is_(None))).scalar()


def join(app, session_id: int, email: str):
    url = f"/sessions/{session_id}/register"
    return submit(app.test_client(), f"/sessions/{session_id}/waitlist",
                  {"name": email.split("@")[0], "email": email}, url)


def offered(app) -> dict[str, bool]:
    with app.app_context():
        return {e.email: e.offered_at is not None and e.passed_at is None for e in
                db.session.execute(db.select(WaitlistEntry)).scalars()}


def prepared(client, page: str, url: str, data: dict):
    token = CSRF_RE.search(client.get(page).get_data(as_text=True)).group(1)
    return client, url, {**data, "csrf_token": token}


def test_a_full_session_offers_the_waitlist_and_freed_places_go_in_order(app):
    session_id = setup_full_session(app)
    page = app.test_client().get(f"/sessions/{session_id}/register").get_data(as_text=True)
    assert "This session is full." in page and "Join the waitlist" in page
    for n in range(3):
        response = join(app, session_id, f"wait{n}@example.org")
        assert response.status_code == 302
    with app.app_context():
        cancels = [reg.cancel_token(r) for r in db.session.execute(
            db.select(SessionRegistration).order_by(SessionRegistration.id).limit(2)).scalars()]
    register_url = f"/sessions/{session_id}/register"
    calls = [prepared(app.test_client(), f"/registrations/cancel/{token}",
                      f"/registrations/cancel/{token}", {}) for token in cancels]
    calls += [prepared(app.test_client(), register_url, register_url,
                       {"name": f"Racer {n}", "email": f"racer{n}@example.org"})
              for n in range(3)]
    codes = at_once(calls)
    assert codes[:2] == [302, 302] and set(codes[2:]) <= {302, 409}
    # The freed places are held for the first two waiting: no racer got one.
    assert standing(app, session_id) == 3
    assert offered(app) == {"wait0@example.org": True, "wait1@example.org": True,
                            "wait2@example.org": False}
    with app.app_context():
        live = db.session.get(LiveSession, session_id)
        assert reg.places_left(live) == 0
        kinds = db.session.execute(db.select(Message.recipient).where(
            Message.kind == waitlist.OFFER)).scalars().all()
        assert sorted(kinds) == ["wait0@example.org", "wait1@example.org"]
    # wait0 takes the place from the offer's link (a GET shows, the POST takes).
    accept = emailed_link(app, "/waitlist/accept/", to="wait0@example.org")
    taker = app.test_client()
    assert "Take my place" in taker.get(accept).get_data(as_text=True)
    assert standing(app, session_id) == 3
    assert submit(taker, accept, {}).status_code == 302
    assert standing(app, session_id) == 4
    # wait1 lets the hold lapse: the place passes to wait2.
    with app.app_context():
        assert waitlist.sweep(utcnow() + timedelta(hours=25)) == 1
    assert offered(app)["wait2@example.org"] and not offered(app)["wait1@example.org"]
    late = emailed_link(app, "/waitlist/accept/", to="wait1@example.org")
    assert submit(app.test_client(), late, {}).status_code == 409
    accept = emailed_link(app, "/waitlist/accept/", to="wait2@example.org")
    assert submit(app.test_client(), accept, {}).status_code == 302
    assert standing(app, session_id) == 5  # never more than the capacity


def test_a_raised_capacity_offers_the_new_places_and_free_places_refuse_the_waitlist(app):
    session_id = setup_full_session(app)
    assert join(app, session_id, "wait0@example.org").status_code == 302
    with app.app_context():
        live = db.session.get(LiveSession, session_id)
        live.capacity = 6
        db.session.flush()
        assert waitlist.offer_free_places(session_id) == 1
        db.session.commit()
    assert offered(app) == {"wait0@example.org": True}
    with app.app_context():
        db.session.get(LiveSession, session_id).capacity = 7
        db.session.commit()
    url = f"/sessions/{session_id}/register"
    page = submit(app.test_client(), f"/sessions/{session_id}/waitlist",
                  {"name": "Late", "email": "late@example.org"}, url, follow_redirects=True)
    assert "Places are free again: register now." in page.get_data(as_text=True)
    assert "late@example.org" not in offered(app)


def test_a_waitlist_place_is_exported_and_erased_with_the_persons_data(app):
    session_id = setup_full_session(app)
    person = app.test_client()
    url = f"/sessions/{session_id}/register"
    assert submit(person, f"/sessions/{session_id}/waitlist",
                  {"name": "Wren", "email": "wren@example.org"}, url).status_code == 302
    data = submit(person, "/my/data/export", {"export-confirm": "y"}, "/my/data").get_json()
    assert [(w["name"], w["email"]) for w in data["waitlists"]] == [("Wren",
                                                                     "wren@example.org")]
    assert submit(person, "/my/data/delete", {"delete-confirm": "y"},
                  "/my/data").status_code == 302
    assert offered(app) == {}
