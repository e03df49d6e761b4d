"""Calendar files and the schedule's clock, without the app."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from icalendar import Calendar

from advocacy.caching import AppCaches
from advocacy.weeks.ics import build_calendar, session_uid
from advocacy.weeks.schedule import next_change

NY = ZoneInfo("America/New_York")


def fake_week(starts):
    sessions = [SimpleNamespace(id=i + 1, title=f"S{i}", description="About it", host="Host",
                                starts_at=s, duration_minutes=30, members_only=False)
                for i, s in enumerate(starts)]
    day = SimpleNamespace(sessions=sessions)
    return SimpleNamespace(title="Week", timezone="America/New_York", days=[day]), sessions


def test_calendar_crossing_dst_gives_the_right_utc_instants():
    # 2027-03-14 is the spring change in New York: 4 pm is 21:00 UTC before, 20:00 after.
    before = datetime(2027, 3, 12, 16, 0, tzinfo=NY)
    after = datetime(2027, 3, 15, 16, 0, tzinfo=NY)
    week, sessions = fake_week([before.astimezone(UTC), after.astimezone(UTC)])
    body = build_calendar(week, sessions, host="advocacy.test", stamp=datetime.now(UTC),
                          url_for_session=lambda s: f"https://advocacy.test/s/{s.id}")
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    starts = [e.decoded("dtstart").astimezone(UTC) for e in events]
    assert starts == [datetime(2027, 3, 12, 21, 0, tzinfo=UTC),
                      datetime(2027, 3, 15, 20, 0, tzinfo=UTC)]
    assert [e["uid"] for e in events] == [session_uid(1, "advocacy.test"),
                                          session_uid(2, "advocacy.test")]
    assert all(e["url"].startswith("https://advocacy.test/s/") for e in events)
    assert all("About it" in e["description"] for e in events)
    timezones = calendar.walk("VTIMEZONE")
    assert [tz["tzid"] for tz in timezones] == ["America/New_York"]
    assert b"TZID=America/New_York:20270312T160000" in body
    assert {c.name for c in timezones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_next_change_is_the_next_session_edge_or_midnight():
    start = datetime(2027, 5, 3, 20, 0, tzinfo=UTC)
    week, _ = fake_week([start])
    zone = NY
    assert next_change(week, zone, start - timedelta(hours=1)) == start
    assert next_change(week, zone, start) == start + timedelta(minutes=30)
    later = next_change(week, zone, start + timedelta(hours=1))
    assert later == datetime.combine(date(2027, 5, 4), datetime.min.time(), tzinfo=zone)
    # A viewer in Tokyo: their midnight (dates) or the week's (which day is today),
    # whichever comes first; here New York's, at 13:00 in Tokyo.
    tokyo = ZoneInfo("Asia/Tokyo")
    assert next_change(week, tokyo, start + timedelta(hours=1)) == later
    assert next_change(week, tokyo, later + timedelta(hours=1)) == datetime.combine(
        date(2027, 5, 5), datetime.min.time(), tzinfo=tokyo)


def test_render_cache_expires_and_evicts():
    cache = AppCaches(version_max_age=1, page_entries=2)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    page = cache.store_page(("a",), "<p>a</p>", now + timedelta(minutes=1))
    assert cache.page(("a",), now) == page
    assert cache.page(("a",), now + timedelta(minutes=1)) is None
    cache.store_page(("b",), "b", now + timedelta(days=1))
    cache.store_page(("c",), "c", now + timedelta(days=1))
    cache.store_page(("d",), "d", now + timedelta(days=1))
    assert cache.page(("b",), now) is None and cache.page(("d",), now) is not None


def test_version_memo_remembers_for_max_age_and_forgets_on_edit():
    calls = []

    def load():
        calls.append("w")
        return (1, len(calls), "UTC")

    memo = AppCaches(version_max_age=60)
    assert memo.remember(memo.versions, "w", load) == (1, 1, "UTC")
    assert memo.remember(memo.versions, "w", load) == (1, 1, "UTC") and calls == ["w"]
    never = AppCaches(version_max_age=0)  # max_age 0: always asks
    assert never.remember(never.versions, "w", load) == (1, 2, "UTC")
    assert never.remember(never.versions, "w", load) == (1, 3, "UTC")
    memo.forget_versions()
    assert memo.remember(memo.versions, "w", load) == (1, 4, "UTC")
