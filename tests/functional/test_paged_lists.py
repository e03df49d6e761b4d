"""Every staff list is paged, keeps its filters and sort in its links, counts by
query; its query string is read through declared, bounded filters (issue 14, items 4
and 9); the week import is linear and refuses deep nesting with a message."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from advocacy.accounts.participants import Participant
from advocacy.accounts.services import create_user
from advocacy.audit import record_audit
from advocacy.chapters import signing_up
from advocacy.chapters.services import public_chapter
from advocacy.checklists.services import MeetingData, submit_meeting_report
from advocacy.extensions import db
from advocacy.webhooks import services as webhooks
from advocacy.weeks import registration
from advocacy.weeks.exchange import export_week, import_week, parse_week_file
from advocacy.weeks.models import LiveSession, Week

from ..conftest import PASSWORD, login, submit
from ..factories import build_week
from .test_moderation import add_story

ROWS = 60


def rows_in(page_html: str) -> int:
    body = page_html.rsplit("<tbody>", 1)[1].split("</tbody>", 1)[0]  # the list's table
    return body.count("<tr>")


def next_link(page_html: str) -> str:
    found = re.search(r'<a rel="next" href="([^"]+)"', page_html)
    assert found, "no next page link"
    return html_lib.unescape(found.group(1))


@pytest.fixture
def crowded(app, make_chapter):
    """ROWS of every list; returns an admin's client."""
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = True  # the deliveries are only queued
    with app.test_request_context():
        week_id = build_week(capacity=1000)
        chapter = public_chapter("new-york")
        webhooks.configure(chapter, "http://127.0.0.1:9/in", False)
        admin = create_user("boss@example.org", PASSWORD, "admin")
        session_id = db.session.execute(db.select(LiveSession.id)).scalars().first()
        for n in range(ROWS):
            participant = Participant()
            db.session.add(participant)
            db.session.flush()
            signing_up.sign_up(chapter, f"Person {n:03d}", f"p{n}@example.org", "10001", "",
                               ["host_events"] if n % 2 else ["share_stories"], participant.id)
            registration.register(session_id, f"Person {n:03d}", f"p{n}@example.org", False,
                                  participant.id)
            submit_meeting_report(participant.id, week_id, MeetingData(
                legislator_id=None, legislator_name=f"Rep. {n}", state="NY",
                meeting_date=date(2026, 11, 1), format="phone", attendees="", notes="",
                follow_up=False))
            create_user(f"c{n}@example.org", PASSWORD, "coordinator")
            record_audit(admin, "story.approve", "story", n)
        slug = db.session.get(Week, week_id).slug
        db.session.commit()
    for n in range(ROWS):
        add_story(app, title=f"Story {n}")
    client = app.test_client()
    login(client, "boss@example.org")
    return client, slug


def test_every_staff_list_is_paged_and_keeps_its_filters(crowded):
    client, week = crowded
    pages = [("/coordinate/chapters/new-york?sort=name", ROWS),
             ("/coordinate/stories/?status=pending&state=NY", ROWS),
             (f"/organize/weeks/{week}/reports", ROWS),
             ("/coordinate/chapters/new-york/webhook", ROWS),
             ("/organize/users/?role=coordinator", ROWS),
             ("/organize/audit/?action=story.approve", ROWS),
             (f"/organize/weeks/{week}/mail?status=queued", ROWS)]
    for url, total in pages:
        first = client.get(url)
        text = first.get_data(True)
        assert first.status_code == 200, url
        assert f"Showing 1–50 of {total:,}" in text, url
        assert rows_in(text) == 50, url
        following = next_link(text)
        assert "page=2" in following, url
        for kept in re.findall(r"[?&]([a-z_]+=[^&]+)", url):
            assert kept in following, (url, following)
        last = client.get(following.replace("page=2", "page=999")).get_data(True)
        assert f"of {total:,}" in last and rows_in(last) == total - 50 * (-(-total // 50) - 1)
        assert client.get(url + ("&" if "?" in url else "?") + "page=x²").status_code == 200


    # The sign-up filter and sort run in the database.
    text = client.get("/coordinate/chapters/new-york?interest=host_events&sort=name").get_data(
        True)
    names = re.findall(r"<tr><td>(Person \d{3})</td>", text)
    assert names == sorted(names) and len(names) == ROWS // 2
    assert all(int(name[-3:]) % 2 for name in names)  # only the host_events ones
    assert "Showing 1–30 of 30" in text and ">60</dd>" in text  # the chapter's total

    # No query string gives a 500 or changes a form's action.
    for query in QUERIES:
        for url in ("/coordinate/chapters/new-york", "/coordinate/stories/",
                    "/organize/users/", "/organize/audit/", f"/organize/weeks/{week}/mail",
                    f"/organize/weeks/{week}/reports"):
            response = client.get(f"{url}?{query}")
            text = response.get_data(True)
            # 400 only for a NUL or other unstorable character, refused for every page
            assert response.status_code == (400 if "%00" in query else 200), (url, query)
            words = re.sub(r'value="[\w.-]{40,}"', "", text)  # a CSRF token may hold "evil"
            assert "evil" not in words and "http://localhost/" not in words, (url, query)
            for action in re.findall(r'<form method="post" action="([^"]+)"', text):
                assert action.startswith("/"), (url, query, action)


QUERIES = ["chapter_slug=x", "endpoint=x", "_method=PUT", "_anchor=evil", "_external=1",
           "until=9999-12-31", "since=0001-01-01", "district=²", "district=99999999999",
           "week=99999999999999999999999", "status=%00", "state=" + "x" * 5000,
           "sort=__class__", "interest=../../", "page=-1", "page=99999999999999999999",
           "role=root", "action=%0a", "week_slug=other", "status=failed&status=sent"]


def test_an_anonymous_story_with_an_odd_district_is_a_message_not_a_500(app):
    with app.app_context():
        build_week()
    response = submit(app.test_client(), "/stories/new", {
        "author_name": "Ada", "email": "ada@example.org", "library": "Main", "city": "Albany",
        "state": "NY", "zip": "12207", "title": "Hotspots", "district": "²",
        "body": "Our library lent hotspots to students so they could learn at home.",
        "impact_areas": ["connectivity"], "consent_share": "y"})
    assert response.status_code in (302, 400)


def flushes_for_import(app, actions_per_day: int) -> int:
    with app.test_request_context():
        build_week(slug=f"src-{actions_per_day}", actions_per_day=actions_per_day)
        data = export_week(db.session.execute(db.select(Week).where(
            Week.slug == f"src-{actions_per_day}")).scalar_one())
        flushes = []
        listener = lambda *args: flushes.append(1)  # noqa: E731
        event.listen(Session, "before_flush", listener)
        try:
            import_week(parse_week_file(json.dumps(data)), None,
                        slug=f"copy-{actions_per_day}")
        finally:
            event.remove(Session, "before_flush", listener)
        db.session.rollback()
    return len(flushes)


def test_the_week_import_is_linear_and_refuses_deep_nesting(app, organizer_client):
    # The actions go in one flush, not one each: a flush walks the whole session, so
    # one per action made a 4,000-action file quadratic (13.7 s; 11,000 timed out).
    assert flushes_for_import(app, 40) == flushes_for_import(app, 4)
    for raw in ("[" * 100_000 + "]" * 100_000,
                json.dumps({"format": "advocacy.week", "week": {"days": [
                    {"actions": [{"title": [[[["deep"]]]]}]}]}})):
        page = "/organize/weeks/import"
        response = organizer_client.get(page)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          response.get_data(True)).group(1)
        import io
        answer = organizer_client.post(page, data={
            "csrf_token": token, "file": (io.BytesIO(raw.encode()), "week.json")},
            content_type="multipart/form-data")
        assert answer.status_code == 400 and "nest more than" in answer.get_data(True)
