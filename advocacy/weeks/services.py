"""Reading weeks for the public pages and the organizer's lists."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, bindparam, case, select
from sqlalchemy.orm import joinedload, selectinload

from ..database import READ_ONLY_OPTION
from ..errors import NotFound
from ..extensions import db
from .models import Day, Week


def _with_schedule(statement):
    return statement.options(
        joinedload(Week.partners),
        selectinload(Week.days).selectinload(Day.sessions),
        selectinload(Week.days).selectinload(Day.actions),
    )


def published_week(slug: str) -> Week:
    """The published week with this slug and its whole schedule; NotFound otherwise."""
    week = db.session.execute(
        _with_schedule(db.select(Week).where(Week.slug == slug, Week.status == "published"))
    ).unique().scalar_one_or_none()
    if week is None:
        raise NotFound("No published week has that address.")
    return week


def all_weeks() -> list[Week]:
    """Every week, newest first, for organizers."""
    return list(db.session.execute(
        db.select(Week).order_by(Week.start_date.desc(), Week.id.desc())
    ).scalars())


_VERSION_QUERY = (
    select(Week.id, Week.updated_at, Week.timezone)
    .where(Week.slug == bindparam("slug"), Week.status == "published")
)


def published_version(slug: str) -> tuple[int, datetime, str] | None:
    """(id, updated_at, timezone) of a published week: one light query for caches.

    Runs on a pooled connection of its own, outside the ORM session: this is
    the whole database cost of a cached page, so it is kept as cheap as can be."""
    with db.engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})
        row = connection.execute(_VERSION_QUERY, {"slug": slug}).first()
    return (row[0], row[1], row[2]) if row else None


def week_for_organizer(slug: str) -> Week:
    """Any week, draft or not, with its schedule; NotFound otherwise."""
    week = db.session.execute(
        _with_schedule(db.select(Week).where(Week.slug == slug))
    ).unique().scalar_one_or_none()
    if week is None:
        raise NotFound("No week has that address.")
    return week


def current_or_next_slug(today: date) -> str | None:
    """The slug of the week ``/`` shows, in one query: the published week under
    way today, else the next to start, else the one that ended last."""
    under_way = and_(Week.start_date <= today, Week.end_date >= today)
    rank = case((under_way, 0), (Week.start_date > today, 1), else_=2)
    return db.session.execute(
        db.select(Week.slug).where(Week.status == "published")
        .order_by(rank, case((rank < 2, Week.start_date)), Week.end_date.desc())
        .limit(1)
    ).scalar_one_or_none()


def published_weeks() -> list[Week]:
    """Published weeks, soonest first, without their schedules."""
    return list(db.session.execute(
        db.select(Week).where(Week.status == "published").order_by(Week.start_date)
    ).scalars())
