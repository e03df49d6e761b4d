"""Sharing a story: district from the ZIP, consents, confirmation, bad input."""

from __future__ import annotations

import pytest

from advocacy.extensions import db
from advocacy.stories.models import Story, StoryConsent

from ..conftest import SHARED_DATA, submit

STORY = {
    "author_name": "Rosa Parks-Reader", "email": "rosa@example.org",
    "library": "Birmingham Public Library", "city": "Bessemer", "state": "AL", "zip": "35005",
    "impact_areas": ["connectivity", "jobs"], "title": "Hotspots for job seekers",
    "body": "Our library lent 40 Wi-Fi hotspots so that neighbours could apply for jobs "
            "and attend interviews from home — “a lifeline”, one said.",
    "consent_share": "y", "consent_publish": "y",
}


def stories(app) -> list[Story]:
    with app.app_context():
        return db.session.execute(db.select(Story)).scalars().all()


@pytest.fixture
def legislator_data(runner):
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is missing")
    result = runner.invoke(args=["legislators", "import", "--source", str(SHARED_DATA)])
    assert result.exit_code == 0, result.output


def test_form_offers_unchecked_consents_and_plain_fields(client):
    html = client.get("/stories/new").get_data(as_text=True)
    for name in ("consent_share", "consent_publish", "consent_contact"):
        tag = html.split(f'name="{name}"')[0].rsplit("<input", 1)[1] + html.split(
            f'name="{name}"')[1].split(">", 1)[0]
        assert "checked" not in tag
    assert 'class="hp" aria-hidden="true"' in html and "js/story.js" in html


def test_split_zip_asks_for_the_district_then_shows_real_members(app, client,
                                                                 legislator_data):
    response = submit(client, "/stories/new", STORY)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "more than one congressional district" in html
    assert 'value="6"' in html and 'value="7"' in html
    assert "Hotspots for job seekers" in html  # nothing typed is lost
    assert stories(app) == []
    response = submit(client, "/stories/new", {**STORY, "district": "7"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Representative Terri A. Sewell" in page
    assert page.count("Senator ") == 2 and "202-225-2665" in page
    [story] = stories(app)
    assert (story.state, story.district, story.status) == ("AL", 7, "pending")
    with app.app_context():
        consents = db.session.execute(db.select(StoryConsent)).scalars().all()
        assert sorted(c.kind for c in consents) == ["publish", "share"]
        assert all(c.policy_version and c.granted_at for c in consents)
    assert app.test_client().get(response.headers["Location"]).status_code == 404


def test_unknown_zip_keeps_the_state_with_a_notice(app, client, legislator_data):
    response = submit(client, "/stories/new", {**STORY, "zip": "00001"},
                      follow_redirects=True)
    assert "could not find your district" in response.get_data(as_text=True)
    assert [(s.state, s.district) for s in stories(app)] == [("AL", None)]


def test_without_legislator_data_the_story_keeps_its_state(app, client):
    response = submit(client, "/stories/new", STORY, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Thank you for sharing your story" in html and "filed for AL" in html


BAD = [
    ({"zip": "123"}, "zip", "5-digit ZIP"), ({"zip": "abcde"}, "zip", "5-digit ZIP"),
    ({"zip": ""}, "zip", "This field is required"), ({"body": ""}, "body", "required"),
    ({"body": "Too short."}, "body", "50 to 5,000"), ({"body": "x" * 6000}, "body", "50 to 5,000"),
    ({"body": "A story with a NUL \x00 byte in it, long enough to pass the length."},
     "body", "cannot be stored"),
    ({"title": "Nul\x00title"}, "title", "cannot be stored"),
    ({"author_name": "Ro\x00sa"}, "author_name", "cannot be stored"),
    ({"body": "<script>alert(1)</script> and enough text to be long enough for it."},
     "body", "without HTML tags"),
    ({"title": "<script>alert(1)</script>"}, "title", "without HTML tags"),
    ({"library": "<img src=x onerror=alert(1)>"}, "library", "without HTML tags"),
    ({"city": "<b>Bessemer</b>"}, "city", "without HTML tags"),
    ({"author_name": "</script><script>alert(1)</script>"}, "author_name", "without HTML"),
    ({"state": "NY"}, "zip", "is in AL, not NY"), ({"state": "CA"}, "zip", "is in AL, not CA"),
    ({"state": ""}, "state", "Choose your state"), ({"state": "ZZ"}, "state", "Not a valid"),
    ({"email": "not-an-email"}, "email", "Invalid email"), ({"email": ""}, "email", "required"),
    ({"impact_areas": []}, "impact_areas", "Choose at least one"),
    ({"impact_areas": ["made-up"]}, "impact_areas", "valid choice"),
    ({"title": ""}, "title", "required"), ({"title": "t" * 201}, "title", "200"),
    ({"author_name": ""}, "author_name", "required"), ({"library": ""}, "library", "required"),
    ({"city": ""}, "city", "required"), ({"author_name": "n" * 121}, "author_name", "120"),
    ({"district": "3"}, "district", "choose yours"),
]


def test_thirty_malformed_submissions_write_nothing_and_keep_the_input(app, client,
                                                                        legislator_data):
    assert len(BAD) >= 29
    statuses = []
    for changes, field, message in BAD:
        data = {**STORY, "district": "7", **changes}
        response = submit(client, "/stories/new", data)
        html = response.get_data(as_text=True)
        statuses.append(response.status_code)
        assert response.status_code == 400, changes
        assert f'id="{field}-error"' in html, (changes, field)
        assert message in html, (changes, message)
        assert "Hotspots for job seekers" in html or "title" in changes
        assert "<script>alert(1)</script>" not in html  # echoed back escaped
    # The 30th: a duplicate of a story already shared.
    assert submit(client, "/stories/new", {**STORY, "district": "7"}).status_code == 302
    response = submit(client, "/stories/new", {**STORY, "district": "7"})
    statuses.append(response.status_code)
    assert "already shared this story" in response.get_data(as_text=True)
    assert len(stories(app)) == 1  # only the one good story
    assert len(statuses) >= 30 and max(statuses) < 500


def test_honeypot_and_rate_limit(app, client, make_app):
    assert submit(client, "/stories/new", {**STORY, "website": "http://spam"}).status_code == 302
    assert stories(app) == []
    limited = make_app(STORY_RATE_LIMIT="2 per hour").test_client()
    for n in range(2):
        assert submit(limited, "/stories/new", {**STORY, "title": f"Story {n}"}
                      ).status_code == 302
    assert submit(limited, "/stories/new", {**STORY, "title": "Story 3"}).status_code == 429
