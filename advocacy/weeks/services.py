"""Reading weeks for the public pages and the organizer's lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from ..caching import caches
from ..database import read_only_connection
from ..errors import NotFound
from ..extensions import db
from .models import Day, Week, WeekPartner
from .timezones import date_in_zone


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


class WeekVersion(NamedTuple):
    """What a cached page of a published week depends on."""

    week_id: int
    updated_at: datetime
    timezone: str


def published_version(slug: str) -> WeekVersion | None:
    """(id, updated_at, timezone) of a published week: one light query for caches.

    Runs on a pooled connection of its own, outside the ORM session: this is
    the whole database cost of a cached page, so it is kept as cheap as can be."""
    with read_only_connection(db.engine) as connection:
        row = connection.execute(_VERSION_QUERY, {"slug": slug}).first()
    return WeekVersion(*row) if row else None


def cached_version(slug: str) -> WeekVersion | None:
    """``published_version``, remembered for ``WEEK_VERSION_MAX_AGE`` seconds per process."""
    return caches().remember(caches().versions, slug, lambda: published_version(slug))


def week_for_organizer(slug: str) -> Week:
    """Any week, draft or not, with its schedule; NotFound otherwise."""
    week = db.session.execute(
        _with_schedule(db.select(Week).where(Week.slug == slug))
    ).unique().scalar_one_or_none()
    if week is None:
        raise NotFound("No week has that address.")
    return week


def current_or_next_slug(now: datetime) -> str | None:
    """The slug of the week ``/`` shows: the published week under way at ``now``
    in its own time zone, else the next to start, else the one that ended last.

    A week's days are dates in its zone, so the UTC date is not enough: on a
    New York week's last evening the UTC date is already the next day.

    Read on a pooled connection of its own (it only reads published weeks), so a
    POST asking it does not start its write transaction here."""
    utc_today = now.astimezone(UTC).date()
    with read_only_connection(db.engine) as connection:
        # Any week that may not have ended yet somewhere (zones are within a day of UTC).
        candidates = connection.execute(
            db.select(Week.slug, Week.start_date, Week.end_date, Week.timezone)
            .where(Week.status == "published", Week.end_date >= utc_today - timedelta(days=1))
            .order_by(Week.start_date, Week.id)
        ).all()
        upcoming = None
        for slug, start, end, zone in candidates:
            today = date_in_zone(now, zone)
            if start <= today <= end:
                return slug
            if start > today and upcoming is None:
                upcoming = slug
        if upcoming is not None:
            return upcoming
        return connection.execute(
            db.select(Week.slug).where(Week.status == "published")
            .order_by(Week.end_date.desc(), Week.id.desc()).limit(1)
        ).scalar_one_or_none()


def cached_current_slug(now: datetime) -> str | None:
    """``current_or_next_slug``, remembered per process as the versions are (a few
    seconds; an edit in this process forgets it at once)."""
    return caches().remember(caches().versions, ("current week", now.astimezone(UTC).date()),
                             lambda: current_or_next_slug(now))


def published_weeks() -> list[Week]:
    """Published weeks, soonest first, without their schedules."""
    return list(db.session.execute(
        db.select(Week).where(Week.status == "published").order_by(Week.start_date)
    ).scalars())


def organizing_name() -> str | None:
    """Who organizes the weeks, as letters sign for a state with no chapter: the first
    partner of the newest published week (None without one)."""
    return db.session.execute(
        db.select(WeekPartner.name).join(Week, WeekPartner.week_id == Week.id)
        .where(Week.status == "published")
        .order_by(Week.start_date.desc(), WeekPartner.id).limit(1)).scalar_one_or_none()
