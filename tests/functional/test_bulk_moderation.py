"""Issue 17, item 5: approve or reject the ticked stories of the list with one note,
each audited; counts per status; the filters kept; nothing of another chapter."""

from __future__ import annotations

import re

from advocacy.audit import AuditEvent
from advocacy.extensions import db
from advocacy.stories.models import Story

from ..conftest import CSRF_RE
from .test_moderation import add_story, coordinators  # noqa: F401  (a fixture)


def bulk(client, ids, decision="approve", note="", query=""):
    page = client.get(f"/coordinate/stories/?{query}").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    return client.post(f"/coordinate/stories/bulk?{query}", data={
        "csrf_token": token, "story_ids": [str(i) for i in ids], "decision": decision,
        "note": note})


def test_ticked_stories_are_approved_together_each_audited(app, coordinators):  # noqa: F811
    a, _b = coordinators
    ids = [add_story(app, title=f"Story {n}") for n in range(3)]
    other = add_story(app, title="Left alone")
    page = a.get("/coordinate/stories/?status=pending").get_data(as_text=True)
    assert "Pending (4)" in page and 'name="story_ids"' in page
    response = bulk(a, ids, note="Lovely", query="status=pending")
    assert response.status_code == 303
    assert "Approved 3 stories." in a.get(response.headers["Location"]).get_data(as_text=True)
    assert response.headers["Location"].endswith("/coordinate/stories/?status=pending")
    with app.app_context():
        stories = {s.id: s for s in db.session.execute(db.select(Story)).scalars()}
        assert [stories[i].status for i in ids] == ["approved"] * 3
        assert stories[other].status == "pending"
        assert {stories[i].moderation_note for i in ids} == {"Lovely"}
        audited = db.session.execute(db.select(AuditEvent.subject_id).where(
            AuditEvent.action == "story.approve")).scalars().all()
        assert sorted(audited) == sorted(str(i) for i in ids)
    page = a.get("/coordinate/stories/").get_data(as_text=True)
    assert "Pending (1)" in page and "Approved (3)" in page


def test_another_chapters_story_among_them_changes_nothing(app, coordinators):  # noqa: F811
    _a, b = coordinators
    ny = add_story(app, state="NY", title="New York")
    ca = add_story(app, state="CA", title="California")
    assert bulk(b, [ca, ny], decision="reject").status_code == 404
    with app.app_context():
        statuses = set(db.session.execute(db.select(Story.status)).scalars())
    assert statuses == {"pending"}
    assert bulk(b, [ca], decision="reject").status_code == 303


def test_nothing_ticked_or_a_strange_decision_is_refused_with_a_message(
        app, coordinators):  # noqa: F811
    a, _b = coordinators
    story = add_story(app)
    response = bulk(a, [])
    assert response.status_code == 303
    assert "Tick the stories" in a.get(response.headers["Location"]).get_data(as_text=True)
    for hostile in ("²", "9" * 10_000, "-1", "1e3"):  # no 500, nothing changed
        response = bulk(a, [hostile])
        assert response.status_code == 303, hostile
    bulk(a, [story], decision="delete")
    with app.app_context():
        assert db.session.execute(db.select(Story.status)).scalar_one() == "pending"
    page = a.get("/coordinate/stories/").get_data(as_text=True)
    assert re.search(r"Choose approve or reject", page)
