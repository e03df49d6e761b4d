"""Organizers and admins manage chapters and assign coordinators."""

from __future__ import annotations

from advocacy.audit import AuditEvent
from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.extensions import db

from ..conftest import login, submit

NEW = "/organize/chapters/new"


def chapter_form(**changes) -> dict:
    return {"name": "Vermont Library Friends", "slug": "vermont", "states": ["VT", "NH"],
            "description": "Friends of libraries in the Green Mountains.",
            "contact_name": "Ada", "contact_email": "Ada@Example.org", **changes}


def test_create_assign_and_unassign_a_coordinator(app, organizer_client, make_user):
    coordinator = app.test_client()
    email = make_user("coordinator")
    login(coordinator, email)
    with app.app_context():
        from advocacy.accounts.models import User
        user_id = db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()
    assert "vermont" not in coordinator.get("/coordinate/").get_data(as_text=True)
    response = submit(organizer_client, NEW, chapter_form(coordinators=[str(user_id)]))
    assert response.status_code == 302
    with app.app_context():
        chapter = db.session.execute(db.select(Chapter).filter_by(slug="vermont")).scalar_one()
        assert (chapter.state_codes, chapter.contact_email) == (["NH", "VT"], "ada@example.org")
        assert [u.id for u in chapter.coordinators] == [user_id]
    assert "Vermont Library Friends" in coordinator.get("/coordinate/").get_data(as_text=True)
    assert coordinator.get("/coordinate/chapters/vermont").status_code == 200
    public = organizer_client.get("/chapters/vermont").get_data(as_text=True)
    assert "Green Mountains" in public and "mailto:ada@example.org" in public
    # Unassigned (no box ticked): the coordinator loses the chapter at once.
    edit = "/organize/chapters/vermont/edit"
    assert submit(organizer_client, edit, chapter_form(states=["VT"])).status_code == 302
    assert coordinator.get("/coordinate/chapters/vermont").status_code == 404
    with app.app_context():
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert actions.count("chapter.created") == 1 and actions.count("chapter.updated") == 1


def test_bad_input_is_shown_at_the_field_and_kept(app, organizer_client, make_chapter):
    make_chapter("new-york")
    cases = [({"slug": "new-york"}, "Another chapter already uses this address."),
             ({"slug": "Not A Slug"}, "Use lower-case letters"),
             ({"states": []}, "Choose at least one state"),
             ({"states": ["XX"]}, "is not a valid choice"),
             ({"contact_email": "nope"}, "Invalid email address"),
             ({"coordinators": ["999"]}, "is not a valid choice")]
    for changes, message in cases:
        response = submit(organizer_client, NEW, chapter_form(**changes))
        html = response.get_data(as_text=True)
        assert response.status_code == 400, changes
        assert message in html, changes
        assert 'value="Vermont Library Friends"' in html
    with app.app_context():
        assert db.session.execute(db.select(Chapter.slug)).scalars().all() == ["new-york"]


def test_delete_only_an_empty_chapter(app, organizer_client, make_chapter):
    make_chapter("empty")
    make_chapter("busy")
    with app.app_context():
        busy = db.session.execute(db.select(Chapter).filter_by(slug="busy")).scalar_one()
        db.session.add(ChapterSignup(chapter_id=busy.id, name="N", email="n@example.org",
                                     zip="10001", interests=[]))
        db.session.commit()
    response = submit(organizer_client, "/organize/chapters/busy/delete", {},
                      "/organize/chapters/busy/edit", follow_redirects=True)
    assert "1 person has signed up with this chapter" in response.get_data(as_text=True)
    submit(organizer_client, "/organize/chapters/empty/delete", {}, "/organize/chapters/empty/edit")
    with app.app_context():
        assert db.session.execute(db.select(Chapter.slug)).scalars().all() == ["busy"]
    listing = organizer_client.get("/organize/chapters/").get_data(as_text=True)
    assert "Busy" in listing and ">1</a>" in listing
