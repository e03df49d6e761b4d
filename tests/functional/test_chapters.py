"""The chapter directory (by state or ZIP) and sign-ups."""

from __future__ import annotations

import csv
import html
import re
from collections import defaultdict
from datetime import timedelta

import pytest

from advocacy.chapters.models import ChapterSignup
from advocacy.chapters.zip_prefixes import state_for_zip
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks.models import Action, Week

from ..conftest import SHARED_DATA, download, submit
from ..factories import build_week

SIGNUP = {"name": "Grace Hopper", "email": "grace@example.org", "zip": "10001",
          "phone": "(202) 555-0143", "interests": ["share_stories", "attend_trainings"],
          "consent": "y"}


@pytest.fixture
def chapters(make_chapter):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    make_chapter("alabama", states=("AL",), name="Alabama Library Advocates")


def suggested(html: str) -> list[str]:
    if "<h2>Your chapter</h2>" not in html:
        return []
    part = html.split("<h2>Your chapter</h2>")[1].split("<h2>All chapters</h2>")[0]
    return re.findall(r">([^<]+Advocates)</a>", part)


def test_directory_by_state_and_by_zip_without_data(client, chapters):
    assert suggested(client.get("/chapters/?state=AL").get_data(True)) == [
        "Alabama Library Advocates"]
    assert suggested(client.get("/chapters/?zip=10001").get_data(True)) == [
        "New York Library Advocates"]  # built-in prefix table
    html = client.get("/chapters/?zip=00000").get_data(True)
    assert "could not place that ZIP" in html and suggested(html) == []


def test_directory_uses_the_zip_data_when_loaded(client, runner, chapters):
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is missing")
    runner.invoke(args=["legislators", "import", "--source", str(SHARED_DATA)])
    assert suggested(client.get("/chapters/?zip=35005").get_data(True)) == [
        "Alabama Library Advocates"]


def test_prefix_table_agrees_with_the_census_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is missing")
    states = defaultdict(set)
    with (SHARED_DATA / "zccd.csv").open() as handle:
        for row in csv.DictReader(handle):
            states[row["zcta"].zfill(5)].add(row["state_abbr"])
    agree = sum(state_for_zip(zcta) in found for zcta, found in states.items())
    assert agree / len(states) > 0.999


def signups(app) -> list[ChapterSignup]:
    with app.app_context():
        return db.session.execute(db.select(ChapterSignup)).scalars().all()


def test_sign_up_normalises_the_phone_and_updates_on_repeat(app, client, chapters):
    response = submit(client, "/chapters/new-york", SIGNUP, follow_redirects=True)
    assert "Welcome to New York Library Advocates" in response.get_data(as_text=True)
    [row] = signups(app)
    assert (row.phone, row.interests, row.zip) == (
        "+12025550143", ["attend_trainings", "share_stories"], "10001")
    # The same browser sees its sign-up, and "Change my sign-up" gives the form again.
    page = client.get("/chapters/new-york").get_data(as_text=True)
    assert "You're signed up" in html.unescape(page) and 'name="email"' not in page
    response = submit(client, "/chapters/new-york",
                      {**SIGNUP, "email": "GRACE@example.org ", "interests": ["host_events"]},
                      "/chapters/new-york?change=1", follow_redirects=True)
    assert "Your details with New York Library Advocates are updated" in response.get_data(
        as_text=True)  # the same browser changes its own sign-up at once
    [row] = signups(app)
    assert row.interests == ["host_events"]


def test_sign_up_errors_keep_the_input(app, client, chapters):
    cases = [({"phone": "12"}, "phone", "phone number"),
             ({"phone": "202-555-01"}, "phone", "phone"),
             ({"consent": ""}, "consent", "Tick this box"),
             ({"zip": "1234"}, "zip", "5-digit"), ({"email": "nope"}, "email", "Invalid email"),
             ({"interests": ["nonsense"]}, "interests", "valid choice")]
    for changes, field, message in cases:
        response = submit(client, "/chapters/new-york", {**SIGNUP, **changes})
        html = response.get_data(as_text=True)
        assert response.status_code == 400, changes
        assert f'id="{field}-error"' in html and message in html, changes
        assert 'value="Grace Hopper"' in html
    assert signups(app) == []
    assert client.get("/chapters/nowhere").status_code == 404


def test_signing_up_ticks_the_chapter_action(app, client, chapters):
    with app.app_context():
        week_id = build_week(start=utcnow().date())
        week = db.session.get(Week, week_id)
        db.session.add(Action(day_id=week.days[0].id, title="Join", minutes=5,
                              kind="chapter_signup", target="/chapters", position=9))
        week.updated_at = utcnow() + timedelta(seconds=1)
        db.session.commit()
        day = week.days[0].date.isoformat()
    submit(client, "/chapters/new-york", SIGNUP)
    assert "1 of 2 done" in client.get(f"/weeks/test-week/{day}").get_data(as_text=True)


def test_coordinator_sees_own_signups_and_csv_others_see_nothing(app, client, chapters,
                                                                 make_user):
    from ..conftest import login

    submit(client, "/chapters/new-york", SIGNUP)
    submit(app.test_client(), "/chapters/new-york", {
        **SIGNUP, "email": "ada@example.org", "name": "Ada Lovelace",
        "interests": ["host_events"]})
    own, other = app.test_client(), app.test_client()
    login(own, make_user("coordinator", chapters=["new-york"]))
    login(other, make_user("coordinator", chapters=["alabama"]))
    html = own.get("/coordinate/chapters/new-york").get_data(as_text=True)
    assert "Grace Hopper" in html and "Ada Lovelace" in html
    html = own.get("/coordinate/chapters/new-york?interest=host_events").get_data(True)
    assert "Ada Lovelace" in html and "Grace Hopper" not in html
    body = download(own, "/coordinate/chapters/new-york/signups.csv",
                    "/coordinate/chapters/new-york").get_data(as_text=True)
    rows = list(csv.DictReader(body.splitlines()))
    assert {r["email"] for r in rows} == {"grace@example.org", "ada@example.org"}
    # E.164 starts with "+": formula-escaped like every such cell.
    assert {r["phone"] for r in rows} == {"'+12025550143"}
    assert other.get("/coordinate/chapters/new-york").status_code == 404
    assert download(other, "/coordinate/chapters/new-york/signups.csv",
                    "/coordinate/stories/").status_code == 404
    assert "Grace Hopper" not in other.get("/coordinate/").get_data(as_text=True)
