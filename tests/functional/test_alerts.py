"""Coordinator alerts: per chapter, new stories at once or in a 17:00 digest in the
chapter's zone, sign-ups in the digest, follow-up requests at once; organizers for the
states without a chapter; digests hold counts and links, never story text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from advocacy.accounts.models import User
from advocacy.alerts import sending, services
from advocacy.chapters.models import ChapterSignup
from advocacy.checklists.models import MeetingReport
from advocacy.errors import NotFound
from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.stories.models import Story

from ..conftest import login

DAY = date(2027, 5, 4)
BODY = "Our library lent hotspots to forty families so their children could learn."


def local(hour: int, minute: int = 0, zone: str = "America/New_York", day: date = DAY):
    return datetime(day.year, day.month, day.day, hour, minute,
                    tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.fixture
def staff(mail_app, make_chapter, make_user):
    make_chapter("new-york", states=("NY",))
    make_chapter("hawaii", states=("HI",))
    return {"ny": make_user("coordinator", chapters=["new-york"], email="ny@example.org"),
            "hi": make_user("coordinator", chapters=["hawaii"], email="hi@example.org"),
            "org": make_user("organizer", email="org@example.org")}


def choose(app, email: str, scope: str, stories="digest", signups="digest",
           follow_ups="instant"):
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
        key = scope if scope == "none" else next(
            s.key for s in services.scopes_of(user) if s.chapter and s.chapter.slug == scope)
        services.save_choices(user, key, stories, signups, follow_ups)
        db.session.commit()


def add_story(app, state: str, at: datetime, title="Hotspots for families") -> int:
    with app.app_context():
        story = Story(author_name="Ada Lovelace", email="ada@example.org", library="Main",
                      city="Albany", state=state, zip="12207", district=20, title=title,
                      body=BODY, created_at=at, updated_at=at)
        db.session.add(story)
        db.session.commit()
        return story.id


def sent(app, smtp, now: datetime) -> list[tuple[str, str, str]]:
    """Send what is due; (to, subject, text) of every message so far."""
    with app.app_context():
        ledger.send_due(now)
    return [(m.recipients[0], m.message["Subject"],
             m.message.get_body(("plain",)).get_content()) for m in smtp.messages]


def without_links(text: str) -> str:
    """The message's words: its links' random tokens can spell a short name."""
    return re.sub(r"https?://\S+", "<link>", text)


def test_a_story_at_once_reaches_its_chapters_coordinator_only_and_once(mail_app, smtp, staff):
    app = mail_app
    choose(app, "ny@example.org", "new-york", stories="instant")
    choose(app, "hi@example.org", "hawaii", stories="instant")
    now = local(10)
    add_story(app, "NY", now - timedelta(minutes=1))
    with app.app_context():
        assert sending.instant_sweep(now) == 1
        assert sending.instant_sweep(now + timedelta(minutes=1)) == 0  # read once
    ((to, subject, text),) = sent(app, smtp, now)
    assert to == "ny@example.org" and subject == "A new story is waiting: New-York"
    assert "A new story from Ada (NY-20)" in text and "/coordinate/stories/" in text
    words = without_links(text)
    assert "Lovelace" not in words and "Hotspots" not in words and "hotspots" not in words


def test_the_digest_at_five_in_each_chapters_zone_holds_counts_and_no_story_text(
        mail_app, smtp, staff):
    app = mail_app
    add_story(app, "NY", local(9))
    add_story(app, "NY", local(16, 59), title="Second")
    add_story(app, "HI", local(9, zone="Pacific/Honolulu"))
    with app.app_context():
        ny = next(s for s in services.all_scopes() if s.label == "New-York")
        db.session.add(ChapterSignup(chapter_id=ny.chapter.id, name="Bo Carter",
                                     email="bo@example.org", zip="12207",
                                     created_at=local(12)))
        db.session.commit()
        assert sending.digest_sweep(local(16, 59)) == 0
        # New York's 17:00 (Hawaii's is later): its coordinator's digest, and the
        # organizer's of the states without a chapter (ALERTS_TIMEZONE), empty: skipped.
        assert sending.digest_sweep(local(17, 0)) == 2
        assert sending.digest_sweep(local(17, 30)) == 0  # once a day
    ((to, subject, text),) = sent(app, smtp, local(17, 1))
    assert to == "ny@example.org" and subject == "Your day in New-York"
    assert "New stories: 2 (2 waiting for moderation in all)" in text
    assert "New sign-ups: 1" in text
    words = without_links(text)  # a link's random token may hold "Bo"
    for private in ("Ada", "Lovelace", "Hotspots", "Second", BODY[:20], "Bo", "bo@"):
        assert private not in words
    with app.app_context():
        assert sending.digest_sweep(local(17, 0, "Pacific/Honolulu")) == 1
    assert sent(app, smtp, local(17, 1, "Pacific/Honolulu"))[-1][0] == "hi@example.org"


def test_no_digest_on_a_day_with_nothing_new_and_none_when_turned_off(mail_app, smtp, staff):
    app = mail_app
    with app.app_context():
        assert sending.digest_sweep(local(17)) == 2  # queued, then skipped when built
    assert sent(app, smtp, local(17, 1)) == []
    choose(app, "ny@example.org", "new-york", stories="off", signups="off")
    add_story(app, "NY", local(9, day=DAY + timedelta(days=1)))
    with app.app_context():
        assert sending.digest_sweep(local(17, day=DAY + timedelta(days=1))) == 1  # organizer's
    assert sent(app, smtp, local(17, 1, day=DAY + timedelta(days=1))) == []


def test_organizers_hear_of_the_states_without_a_chapter(mail_app, smtp, staff):
    app = mail_app
    choose(app, "org@example.org", "none", stories="instant")
    add_story(app, "WY", local(10))
    add_story(app, "NY", local(10), title="Chaptered")
    with app.app_context():
        assert sending.instant_sweep(local(10, 1)) == 1
    (message,) = sent(app, smtp, local(10, 1))
    assert message[0] == "org@example.org" and "States without a chapter" in message[1]
    assert "(WY-20)" in message[2]


def test_a_follow_up_request_alerts_at_once_and_its_page_is_scoped(mail_app, smtp, staff):
    app = mail_app
    with app.app_context():
        db.session.add(MeetingReport(
            legislator_name="Rep. Grace Meng", state="NY", meeting_date=DAY, format="video",
            follow_up=True, contact_name="Ada Lovelace", contact_email="ada@example.org",
            created_at=local(10)))
        db.session.commit()
        assert sending.instant_sweep(local(10, 1)) == 1
    ((to, subject, text),) = sent(app, smtp, local(10, 1))
    assert to == "ny@example.org" and subject.startswith("Follow-up wanted")
    assert "Ada met Rep. Grace Meng (NY)" in text and "ada@example.org" not in text
    link = re.search(r"https?://\S+(/coordinate/follow-ups)", text).group(1)
    ny, hi = app.test_client(), app.test_client()
    login(ny, "ny@example.org")
    login(hi, "hi@example.org")
    assert "ada@example.org" in ny.get(link).get_data(as_text=True)
    assert "ada@example.org" not in hi.get(link).get_data(as_text=True)


def test_the_settings_page_saves_a_coordinators_own_chapters_only(mail_app, staff):
    app = mail_app
    client = app.test_client()
    login(client, "ny@example.org")
    page = client.get("/coordinate/alerts").get_data(as_text=True)
    assert "New-York" in page and "Hawaii" not in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    with app.app_context():
        ny_key = next(s.key for s in services.all_scopes() if s.label == "New-York")
        hi_key = next(s.key for s in services.all_scopes() if s.label == "Hawaii")
    response = client.post("/coordinate/alerts", data={
        "csrf_token": token, f"{ny_key}-stories": "instant", f"{ny_key}-signups": "off",
        f"{hi_key}-stories": "off"})
    assert response.status_code == 303
    with app.app_context():
        assert services.recipients(ny_key, "stories", "instant") == [(1, "ny@example.org")]
        assert services.recipients(hi_key, "stories", "digest") == [(2, "hi@example.org")]
        user = db.session.get(User, 1)
        with pytest.raises(NotFound):
            services.save_choices(user, hi_key, "off", "off", "off")
    bad = client.post("/coordinate/alerts", data={"csrf_token": token,
                                                  f"{ny_key}-stories": "hourly"})
    assert bad.status_code == 400 and "Choose from the list" in bad.get_data(as_text=True)
