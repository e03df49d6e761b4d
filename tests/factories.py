"""Building weeks in tests through the real services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from advocacy.extensions import db
from advocacy.weeks import editing


def build_week(slug: str = "test-week", start: date = date(2027, 5, 3), days: int = 5,
               actions_per_day: int = 1, sessions_per_day: int = 1, status: str = "published",
               timezone: str = "America/New_York", capacity: int = 100,
               session_time: time = time(16, 0)) -> int:
    """A week with the given shape; returns its id. Call inside an app context."""
    week = editing.create_week(editing.WeekData(
        title=f"Week {slug}", slug=slug, timezone=timezone, start_date=start,
        end_date=start + timedelta(days=days - 1), summary="A test week.",
        recordings_until=start + timedelta(days=days + 20),
        partners=[("Partner One", "https://partner.example")]), None)
    for day in week.days:
        for n in range(sessions_per_day):
            editing.save_session(week, None, editing.SessionData(
                title=f"Session {day.date} #{n}",
                starts_local=datetime.combine(day.date, session_time) + timedelta(hours=n),
                duration_minutes=30, host="Host", capacity=capacity,
                registration_mode="internal"), None)
        for n in range(actions_per_day):
            editing.save_action(week, None, editing.ActionData(
                day_id=day.id, title=f"Action {day.date} #{n}", minutes=[5, 15, 30][n % 3],
                kind="link", target="https://example.org/act"), None)
    week.status = status
    db.session.commit()
    return week.id
