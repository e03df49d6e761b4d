"""``flask demo load``: the seed's week, shifted, idempotent."""

from __future__ import annotations

import re
from datetime import date, time
from zoneinfo import ZoneInfo

from advocacy.accounts.models import User
from advocacy.chapters.models import Chapter
from advocacy.demo.loader import end_of_month, next_monday
from advocacy.extensions import db
from advocacy.weeks.models import Action, Day, LiveSession, Week

from ..conftest import login

EASTERN = ZoneInfo("America/New_York")


def snapshot(app):
    with app.app_context():
        rows = {}
        for model in (Week, Day, LiveSession, Action, Chapter, User):
            rows[model.__name__] = sorted(
                r.id for r in db.session.execute(db.select(model)).scalars()
            )
        return rows


def test_demo_load_builds_the_seed_week(app, runner):
    result = runner.invoke(args=["demo", "load", "--start", "2020-05-04"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        assert week.title == "National Library Legislative Week from Home"
        assert (week.start_date, week.end_date) == (date(2020, 5, 4), date(2020, 5, 8))
        assert week.recordings_until == date(2020, 5, 31)
        assert week.status == "published"
        assert week.hotline == "202-403-8221"
        assert [d.date.weekday() for d in week.days] == [0, 1, 2, 3, 4]
        actions = [(a.minutes, a.kind) for d in week.days for a in d.actions]
        assert actions == [(5, "story"), (30, "register"), (15, "call"),
                           (5, "chapter_signup"), (30, "register"), (15, "watch"),
                           (5, "meeting_report"), (30, "register")]
        call = next(a for d in week.days for a in d.actions if a.kind == "call")
        assert call.target == "202-403-8221"
        sessions = [s for d in week.days for s in d.sessions]
        assert len(sessions) == 4
        for live in sessions:
            local = live.starts_at.astimezone(EASTERN)
            assert local.time() == time(16, 0)
            assert live.registration_mode == "internal" and live.capacity
        # 4 pm EDT in May is 20:00 UTC.
        assert sessions[0].starts_at.hour == 20
        register_actions = [a for d in week.days for a in d.actions if a.kind == "register"]
        assert all(a.session_id for a in register_actions)
        assert len(db.session.execute(db.select(Chapter)).scalars().all()) == 2
    assert re.search(r"Created organizer organizer@example.org with password: \S+", result.output)
    assert "Created coordinator coordinator@example.org" in result.output


def test_demo_load_is_idempotent_and_prints_passwords_once(app, runner):
    first = runner.invoke(args=["demo", "load", "--start", "2020-05-04"])
    before = snapshot(app)
    second = runner.invoke(args=["demo", "load", "--start", "2020-05-04"])
    assert second.exit_code == 0
    assert snapshot(app) == before
    assert "password:" in first.output and "password:" not in second.output


def test_demo_passwords_work_and_the_coordinator_has_a_chapter(app, runner):
    output = runner.invoke(args=["demo", "load"]).output
    passwords = dict(re.findall(r"Created \w+ (\S+) with password: (\S+)", output))
    client = app.test_client()
    assert login(client, "coordinator@example.org", passwords["coordinator@example.org"]
                 ).headers["Location"] == "/coordinate/"
    assert "New York Library Advocates" in client.get("/coordinate/").get_data(as_text=True)


def test_demo_load_shifts_to_a_new_start_keeping_ids(app, runner):
    runner.invoke(args=["demo", "load", "--start", "2020-05-04"])
    before = snapshot(app)
    runner.invoke(args=["demo", "load", "--start", "2027-03-08"])  # DST starts 2027-03-14
    assert snapshot(app) == before
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        assert week.start_date == date(2027, 3, 8)
        assert week.recordings_until == date(2027, 3, 31)
        first = week.days[0].sessions[0]
        assert first.starts_at.astimezone(EASTERN).time() == time(16, 0)
        assert first.starts_at.hour == 21  # EST: UTC-5


def test_default_start_is_next_monday(app, runner):
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        assert week.start_date == next_monday(date.today())
        assert week.start_date.weekday() == 0 and week.start_date > date.today()


def test_bad_start_date_is_a_clear_error(runner):
    result = runner.invoke(args=["demo", "load", "--start", "May 4"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


def test_helpers():
    assert next_monday(date(2026, 11, 22)) == date(2026, 11, 23)
    assert next_monday(date(2026, 11, 23)) == date(2026, 11, 30)
    assert end_of_month(date(2024, 2, 10)) == date(2024, 2, 29)


def test_demo_week_is_served_at_the_root(app, client, runner):
    runner.invoke(args=["demo", "load"])
    html = client.get("/").get_data(as_text=True)
    assert "National Library Legislative Week from Home" in html
    assert "202-403-8221" in html
    assert html.count('class="action ') == 8
    assert "4:00 PM E" in html  # EST or EDT, with the zone abbreviation


# Issue 15, item 12: the seed's week as it would be written today: the same days,
# minutes, hotline and sessions, without the spring-2020 wording.
DATED = re.compile(r"social distanc|covid|pandemic|pivot|this virtual moment|remote learning"
                   r"|right now", re.I)


def test_demo_week_reads_as_current(app, runner):
    assert runner.invoke(args=["demo", "load", "--start", "2027-03-08"]).exit_code == 0
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        texts = [week.title, week.summary]
        for day in week.days:
            texts += [day.title, day.summary]
            texts += [t for s in day.sessions for t in (s.title, s.description)]
            texts += [t for a in day.actions for t in (a.title, a.instructions)]
        dated = [t for t in texts if t and DATED.search(t)]
        assert dated == []
        assert [len(d.sessions) for d in week.days] == [1, 0, 1, 1, 1]
    page = app.test_client().get("/weeks/nllw-from-home").get_data(as_text=True)
    assert DATED.search(page) is None
