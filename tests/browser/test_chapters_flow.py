"""Chapters in Chromium: sign-up by ZIP, the coordinator's list and CSV, and screenshots
of the organizer's stats page and the coordinator's dashboard."""

from __future__ import annotations

import csv
import os
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from advocacy.accounts.models import Participant
from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.checklists.models import CallReport, Completion, MeetingReport
from advocacy.extensions import db
from advocacy.stories.models import IMPACT_AREAS, Story, StoryImpactArea
from advocacy.weeks.models import Week

from .conftest import sign_in_ui

pytestmark = pytest.mark.browser
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def test_sign_up_by_zip_then_the_coordinator_downloads_it(browser, live_server, demo,
                                                         make_user, tmp_path):
    coordinator_a = make_user("coordinator", chapters=["new-york"])
    coordinator_b = make_user("coordinator", chapters=["pacific"])

    advocate = browser.new_context().new_page()
    advocate.goto(live_server + "/chapters/")
    advocate.get_by_label("Your ZIP code").fill("10001")
    advocate.get_by_role("button", name="Find").click()
    advocate.locator("ul.members").get_by_role("link",
                                               name="New York Library Advocates").click()
    advocate.get_by_label("Your name").fill("Grace Hopper")
    advocate.get_by_label("Email").fill("grace@example.org")
    advocate.get_by_label("ZIP code").fill("10001")
    advocate.get_by_label("Phone (optional)").fill("(202) 555-0143")
    advocate.get_by_label("Share stories").check()
    advocate.get_by_label("Attend trainings").check()
    advocate.get_by_label("The chapter may contact me").check()
    advocate.get_by_role("button", name="Sign up").click()
    expect(advocate.locator("body")).to_contain_text("Welcome to New York Library Advocates!")
    advocate.context.close()

    staff = browser.new_context(accept_downloads=True).new_page()
    sign_in_ui(staff, live_server, coordinator_a)
    staff.goto(live_server + "/coordinate/")
    staff.get_by_role("link", name="New York Library Advocates").click()
    expect(staff.locator("table")).to_contain_text("grace@example.org")
    with staff.expect_download() as download:
        staff.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "signups.csv"
    download.value.save_as(path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    (row,) = rows
    assert (row["name"], row["email"], row["zip"]) == ("Grace Hopper", "grace@example.org",
                                                       "10001")
    assert row["interests"] == "attend_trainings;share_stories"
    assert row["phone"] == "'+12025550143"  # formula-escaped for spreadsheets
    staff.context.close()

    other = browser.new_context().new_page()
    sign_in_ui(other, live_server, coordinator_b)
    other.goto(live_server + "/coordinate/")
    assert "New York Library Advocates" not in other.content()
    assert other.goto(live_server + "/coordinate/chapters/new-york").status == 404
    other.goto(live_server + "/coordinate/chapters/pacific")
    assert "grace@example.org" not in other.content()
    token = other.locator("input[name=csrf_token]").first.get_attribute("value")
    assert other.request.post(live_server + "/coordinate/chapters/new-york/signups.csv",
                              form={"csrf_token": token}).status == 404
    csv_text = other.request.post(live_server + "/coordinate/chapters/pacific/signups.csv",
                                  form={"csrf_token": token}).text()
    assert "grace@example.org" not in csv_text and csv_text.startswith('"signed_up_at"')
    other.context.close()


FIRST = ["Ada", "Grace", "Rosa", "Miguel", "Aiko", "Samuel", "Priya", "Jamal", "Lena", "Omar",
         "Chen", "Maya", "Tomás", "Keisha", "Noah", "Fatima", "Eli", "Sofia", "Wei", "Ruth"]
LAST = ["Lovelace", "Hopper", "Parks", "Santos", "Tanaka", "Okafor", "Patel", "Brooks",
        "Novak", "Haddad", "Li", "Cohen", "Ruiz", "Washington", "Kim", "Ali"]


def populate_demo(app, demo) -> None:
    """A plausible week in progress on the demo week, for the screenshots."""
    rng = random.Random(2026)
    with app.app_context():
        week = db.session.get(Week, demo["week_id"])
        people = [Participant() for _ in range(160)]
        db.session.add_all(people)
        db.session.flush()
        for day_number, day in enumerate(week.days):
            share = 0.8 - 0.12 * day_number  # fewer people every day
            for action in day.actions:
                for person in rng.sample(people, int(len(people) * share * rng.uniform(.4, .9))):
                    db.session.add(Completion(participant_id=person.id, action_id=action.id))
            for session in day.sessions:
                for n in range(rng.randint(20, 60)):
                    session.registrations.append(_registration(session, n))
            for action in day.actions:
                if action.kind == "call":
                    for _ in range(rng.randint(10, 40)):
                        db.session.add(CallReport(action_id=action.id, outcome=rng.choices(
                            ["talked", "voicemail", "no_answer"], [3, 5, 2])[0]))
        for n in range(90):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            story = Story(week_id=week.id, author_name=name, email=f"story{n}@example.org",
                          library="Public Library", city="Albany",
                          state=rng.choices(["NY", "CA", "OR", "WA", "AL", "TX"],
                                            [6, 5, 2, 2, 2, 3])[0],
                          zip="12207", title=f"Story {n}", body="Our library helped. " * 4,
                          status=rng.choices(["pending", "approved", "rejected"], [3, 6, 1])[0])
            story.impact_areas = [StoryImpactArea(area=a)
                                  for a in rng.sample(sorted(IMPACT_AREAS), rng.randint(1, 3))]
            db.session.add(story)
        chapters = {c.slug: c for c in db.session.execute(db.select(Chapter)).scalars()}
        for n in range(24):
            chapter = chapters["new-york" if n % 2 else "pacific"]
            first, last = rng.choice(FIRST), rng.choice(LAST)
            db.session.add(ChapterSignup(
                chapter_id=chapter.id, participant_id=people[n].id, name=f"{first} {last}",
                email=f"{first}.{last}{n}@example.org".lower(), zip="10001",
                phone=f"+1202555{1000 + n:04d}" if n % 3 else None,
                interests=sorted(rng.sample(["contact_legislators", "share_stories",
                                             "attend_trainings", "host_events"],
                                            rng.randint(1, 3)))))
        for n, name in enumerate(["Sen. Charles E. Schumer", "Rep. Jerrold Nadler",
                                  "Sen. Kirsten E. Gillibrand"]):
            db.session.add(MeetingReport(week_id=week.id, legislator_name=name, state="NY",
                                         meeting_date=date(2026, 5, 5) + timedelta(days=n),
                                         format=["video", "in_person", "phone"][n],
                                         follow_up=n != 1))
        db.session.commit()


def _registration(session, n):
    from advocacy.weeks.models import SessionRegistration

    return SessionRegistration(name=f"Registrant {n}", email=f"r{session.id}-{n}@example.org")


def test_screenshots_of_the_stats_page_and_the_coordinator_dashboard(
        app, browser, live_server, demo, make_user, tmp_path):
    populate_demo(app, demo)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in_ui(page, live_server, make_user("organizer"))
    page.goto(f"{live_server}/organize/weeks/{demo['week_slug']}/stats/")
    assert page.locator("svg").count() >= 5  # the charts are drawn (inline SVG)
    page.screenshot(path=str(tmp_path / "organizer-stats.png"), full_page=True)
    page.context.close()

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in_ui(page, live_server, make_user("coordinator", chapters=["new-york"]))
    page.goto(live_server + "/coordinate/chapters/new-york")
    assert page.locator("tbody tr").count() == 12
    page.screenshot(path=str(tmp_path / "coordinator-dashboard.png"), full_page=True)
    page.context.close()
    assert errors == []
    for name in ("organizer-stats.png", "coordinator-dashboard.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000
        # `make screenshots` refreshes the README's pictures from this test.
        if os.environ.get("ADVOCACY_SCREENSHOTS") == "1":
            shutil.copy(tmp_path / name, DOCS_IMG / name)
