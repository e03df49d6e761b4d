"""Reading weeks for the public pages and the organizer's lists."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from .models import Day, LiveSession, Week


def _with_schedule(statement):
    return statement.options(
        selectinload(Week.partners),
        selectinload(Week.days).selectinload(Day.sessions),
        selectinload(Week.days).selectinload(Day.actions),
    )


def published_week(slug: str) -> Week:
    """The published week with this slug and its whole schedule; NotFound otherwise."""
    week = db.session.execute(
        _with_schedule(db.select(Week).where(Week.slug == slug, Week.status == "published"))
    ).scalar_one_or_none()
    if week is None:
        raise NotFound("No published week has that address.")
    return week


def current_or_next_week(today: date) -> Week | None:
    """The published week running on ``today``, else the next one, else the latest past one."""
    published = db.select(Week).where(Week.status == "published")
    for statement in (
        published.where(Week.start_date <= today, Week.end_date >= today).order_by(Week.start_date),
        published.where(Week.start_date > today).order_by(Week.start_date),
        published.order_by(Week.end_date.desc()),
    ):
        week = db.session.execute(_with_schedule(statement.limit(1))).scalar_one_or_none()
        if week is not None:
            return week
    return None


def all_weeks() -> list[Week]:
    """Every week, newest first, for organizers."""
    return list(db.session.execute(
        db.select(Week).order_by(Week.start_date.desc(), Week.id.desc())
    ).scalars())


def sessions_count(week: Week) -> int:
    """How many live sessions the week has (loaded schedule, no query)."""
    return sum(len(day.sessions) for day in week.days)


def session_by_id(session_id: int) -> LiveSession:
    """A live session by id; NotFound otherwise."""
    live = db.session.get(LiveSession, session_id)
    if live is None:
        raise NotFound("No such session.")
    return live
