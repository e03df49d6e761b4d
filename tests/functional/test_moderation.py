"""Coordinators moderate and export their states' stories; nobody else's."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from advocacy.audit import AuditEvent
from advocacy.extensions import db
from advocacy.stories.models import Story, StoryConsent, StoryImpactArea

from ..conftest import download, login, submit


def add_story(app, state="NY", title="Hotspots", consents=("share",), status="pending",
              body="Our library lent hotspots to students so they could learn at home.",
              author="Ada Lovelace", areas=("connectivity",)) -> int:
    with app.app_context():
        story = Story(author_name=author, email=f"{title.lower()}@example.org",
                      library="Main Library", city="Albany", state=state, zip="12207",
                      district=20, title=title, body=body, status=status)
        story.consents = [StoryConsent(kind=k, policy_version="t") for k in consents]
        story.impact_areas = [StoryImpactArea(area=a) for a in areas]
        db.session.add(story)
        db.session.commit()
        return story.id


@pytest.fixture
def coordinators(app, make_chapter, make_user):
    make_chapter("new-york", states=("NY",))
    make_chapter("pacific", states=("CA", "OR", "WA"))
    a, b = app.test_client(), app.test_client()
    login(a, make_user("coordinator", chapters=["new-york"]))
    login(b, make_user("coordinator", chapters=["pacific"]))
    return a, b


def test_scope_coordinator_b_gets_404_on_every_story_url_of_chapter_a(app, coordinators):
    a, b = coordinators
    story = add_story(app, "NY")
    page = f"/coordinate/stories/{story}"
    for url in (page,):
        assert a.get(url).status_code == 200
        assert b.get(url).status_code == 404
    for action, data in (("moderate", {"decision": "approve"}), ("edit", {"title": "X"})):
        response = submit(b, f"{page}/{action}", data, "/coordinate/stories/")
        assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Story, story).status == "pending"
    assert "Hotspots" in a.get("/coordinate/stories/").get_data(as_text=True)
    assert "Hotspots" not in b.get("/coordinate/stories/").get_data(as_text=True)
    for export in ("/coordinate/stories/export.csv", "/coordinate/stories/export.json"):
        assert "Hotspots" in download(a, export).get_data(as_text=True)
        assert "Hotspots" not in download(b, export).get_data(as_text=True)


def test_approve_reject_edit_are_audited_and_history_kept(app, coordinators):
    a, _ = coordinators
    story = add_story(app)
    page = f"/coordinate/stories/{story}"
    submit(a, f"{page}/edit", {"title": "Hotspots for students", "body": ""}, page)
    submit(a, f"{page}/moderate", {"decision": "approve", "note": "Lovely"}, page)
    with app.app_context():
        row = db.session.get(Story, story)
        assert (row.status, row.moderation_note, row.title) == (
            "approved", "Lovely", "Hotspots for students")
        assert [(r.field, r.old_value) for r in row.revisions] == [("title", "Hotspots")]
        actions = [e.action for e in db.session.execute(db.select(AuditEvent)).scalars()]
    assert actions == ["story.edited", "story.approve"]
    submit(a, f"{page}/moderate", {"decision": "reject", "note": "Duplicate"}, page)
    with app.app_context():
        assert db.session.get(Story, story).status == "rejected"


def test_filters(app, coordinators):
    a, _ = coordinators
    add_story(app, title="Pending one")
    add_story(app, title="Approved one", status="approved", areas=("jobs",))
    html = a.get("/coordinate/stories/?status=approved").get_data(as_text=True)
    assert "Approved one" in html and "Pending one" not in html
    html = a.get("/coordinate/stories/?impact_area=connectivity").get_data(as_text=True)
    assert "Pending one" in html and "Approved one" not in html
    html = a.get("/coordinate/stories/?district=7&since=not-a-date").get_data(as_text=True)
    assert "No story matches" in html


def test_exports_are_escaped_consent_gated_and_audited(app, coordinators):
    a, _ = coordinators
    add_story(app, title="=HYPERLINK(\"http://evil\")", consents=("share",))
    add_story(app, title="Contact me", consents=("share", "contact"),
              body="@SUM(1+1) starts like a formula but it is a story about our library.")
    response = download(a, "/coordinate/stories/export.csv?bom=1")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_title = {r["title"]: r for r in rows}
    assert "'=HYPERLINK(\"http://evil\")" in by_title
    assert by_title["Contact me"]["body"].startswith("'@SUM")
    assert by_title["Contact me"]["email"] == "contact me@example.org"
    assert by_title["'=HYPERLINK(\"http://evil\")"]["email"] == ""  # no contact consent
    data = json.loads(download(a, "/coordinate/stories/export.json").get_data(as_text=True))
    assert {d["title"] for d in data} == {"=HYPERLINK(\"http://evil\")", "Contact me"}
    with app.app_context():
        events = db.session.execute(db.select(AuditEvent)).scalars().all()
        assert [e.detail["format"] for e in events] == ["csv", "json"]


def test_public_page_shows_approved_published_stories_with_first_name_and_city(app, client):
    add_story(app, title="Shown", status="approved", consents=("share", "publish"))
    add_story(app, title="Not consented", status="approved", consents=("share",))
    add_story(app, title="Pending", status="pending", consents=("publish",))
    html = client.get("/stories/").get_data(as_text=True)
    assert "Shown" in html and "Not consented" not in html and "Pending" not in html
    assert "Ada, Albany" in html and "Lovelace" not in html


def test_a_refused_correction_keeps_what_was_typed(app, coordinators):
    a, _ = coordinators
    story = add_story(app)
    page = f"/coordinate/stories/{story}"
    response = submit(a, f"{page}/edit", {"title": "T" * 250, "city": "Troy"}, page)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="' + "T" * 250 + '"' in html and 'value="Troy"' in html
    assert 'id="edit-title-error">Keep the title under 200 characters.' in html
    assert '<details class="card" open>' in html
    with app.app_context():
        assert db.session.get(Story, story).title == "Hotspots"


def test_corrections_follow_the_story_forms_plain_text_rule(app, coordinators):
    """Issue 14, item 13: one rule for the form and for corrections."""
    from advocacy import textrules
    from advocacy.stories.forms import StoryForm

    a, _ = coordinators
    story = add_story(app)
    page = f"/coordinate/stories/{story}"
    for field, value in (("title", "<script>alert(1)</script>"),
                         ("body", "Fine words and <img src=x onerror=alert(1)> more words.")):
        response = submit(a, f"{page}/edit", {field: value}, page)
        assert response.status_code == 400, field
        assert textrules.MARKUP_MESSAGE.replace("<", "&lt;").replace(">", "&gt;") in (
            response.get_data(True))
    with app.app_context():
        saved = db.session.get(Story, story)
        assert (saved.title, "<" in saved.body) == ("Hotspots", False)
    assert StoryForm.title.kwargs["validators"][-1].__doc__.startswith("Stories are plain")
    assert textrules.plain_text("kids < 5 and 3 > 2")  # not a tag
    assert not textrules.plain_text("</p>") and not textrules.plain_text("<!-- x -->")


def test_moderation_shows_areas_and_consents_in_words(app, coordinators):
    """Issue 15, item 16."""
    import html as html_lib

    a, _ = coordinators
    story = add_story(app, consents=("share",), areas=("jobs", "connectivity"))
    page = html_lib.unescape(a.get(f"/coordinate/stories/{story}").get_data(True))
    assert "Jobs and small business" in page and "Connectivity and devices" in page
    assert re.search(r"Share with legislators — agreed <time[^>]*>\d{1,2} \w{3} \d{4}, \d\d:\d\d",
                     page)
    assert "Not agreed: publish on this site" in page
    assert "Impact: jobs" not in page and "share (t)" not in page
