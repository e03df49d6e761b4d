"""Admins manage accounts: role, the chapters a coordinator works for, deactivation."""

from __future__ import annotations

from advocacy.accounts.models import User
from advocacy.audit import AuditEvent
from advocacy.extensions import db

from ..conftest import login, submit


def user_id_of(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()


def chapter_ids(app, *slugs) -> list[str]:
    from advocacy.chapters.models import Chapter
    with app.app_context():
        return [str(db.session.execute(db.select(Chapter.id).filter_by(slug=s)).scalar_one())
                for s in slugs]


def signed_in(app, email: str):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def test_admin_gives_a_coordinator_a_chapter_and_takes_it_back(app, demo, make_user):
    admin = signed_in(app, make_user("admin"))
    email = make_user("coordinator")
    coordinator = signed_in(app, email)
    url = f"/organize/users/{user_id_of(app, email)}"
    listing = admin.get("/organize/users/").get_data(as_text=True)
    assert email in listing and 'aria-current="page">Users' in listing
    assert coordinator.get("/coordinate/chapters/new-york").status_code == 404
    form = {"role": "coordinator", "chapters": chapter_ids(app, "new-york"), "active": "y"}
    assert submit(admin, url, form).status_code == 302
    assert coordinator.get("/coordinate/chapters/new-york").status_code == 200
    assert coordinator.get("/coordinate/chapters/pacific").status_code == 404
    assert submit(admin, url, {"role": "coordinator", "active": "y"}).status_code == 302
    assert coordinator.get("/coordinate/chapters/new-york").status_code == 404
    with app.app_context():
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
        assert actions.count("user.updated") == 2


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(app, demo, make_user):
    admin = signed_in(app, make_user("admin"))
    email = make_user("organizer")
    organizer = signed_in(app, email)
    assert organizer.get("/organize/").status_code == 200
    url = f"/organize/users/{user_id_of(app, email)}"
    assert submit(admin, url, {"role": "organizer"}).status_code == 302  # box unticked
    assert organizer.get("/organize/").headers["Location"].startswith("/login")
    assert login(app.test_client(), email).status_code == 200  # refused: the form again
    assert submit(admin, url, {"role": "organizer", "active": "y"}).status_code == 302
    assert login(app.test_client(), email).status_code == 302


def test_role_change_takes_effect_on_the_next_request(app, demo, make_user):
    admin = signed_in(app, make_user("admin"))
    email = make_user("organizer")
    organizer = signed_in(app, email)
    url = f"/organize/users/{user_id_of(app, email)}"
    assert submit(admin, url, {"role": "coordinator", "active": "y"}).status_code == 302
    assert organizer.get("/organize/").status_code == 403
    assert organizer.get("/coordinate/").status_code == 200


def test_an_admin_cannot_lock_themself_out(app, demo, make_user):
    email = make_user("admin")
    admin = signed_in(app, email)
    url = f"/organize/users/{user_id_of(app, email)}"
    response = submit(admin, url, {"role": "organizer", "active": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="role-error"' in html and "ask another admin" in html
    response = submit(admin, url, {"role": "admin"})
    assert response.status_code == 400 and 'id="active-error"' in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        assert (user.role, user.is_active) == ("admin", True)


def test_bad_input_is_refused_at_the_field(app, demo, make_user):
    admin = signed_in(app, make_user("admin"))
    email = make_user("coordinator")
    url = f"/organize/users/{user_id_of(app, email)}"
    response = submit(admin, url, {"role": "superuser", "chapters": ["99999"], "active": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="role-error"' in html and 'id="chapters-error"' in html
    assert admin.get("/organize/users/999999").status_code == 404


def test_only_admins_see_user_management(app, demo, make_user):
    organizer = signed_in(app, make_user("organizer"))
    assert organizer.get("/organize/users/").status_code == 403
    assert "Users</a>" not in organizer.get("/organize/").get_data(as_text=True)
