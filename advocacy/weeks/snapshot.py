"""Immutable snapshots of published weeks, shared by the pages that only read them.

A week's schedule changes only when an organizer edits it, and every edit
bumps ``updated_at``. Pages that need the schedule for every request (the day
checklist, ticking, the planner) take a snapshot keyed by (id, updated_at)
instead of loading ORM objects each time; the version itself comes from the
per-process ``versions`` memo (see cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..caching import caches
from ..errors import NotFound
from . import services
from .schedule import ActionView as ActionSnapshot


@dataclass(frozen=True)
class SessionSnapshot:
    id: int
    title: str
    description: str
    host: str
    starts_at: datetime
    duration_minutes: int
    registration_mode: str
    members_only: bool
    registration_url: str | None = None
    join_url: str | None = None
    recording_url: str | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class DaySnapshot:
    id: int
    date: date
    title: str
    summary: str
    sessions: tuple[SessionSnapshot, ...]
    actions: tuple[ActionSnapshot, ...]


@dataclass(frozen=True)
class WeekSnapshot:
    id: int
    slug: str
    title: str
    summary: str
    timezone: str
    start_date: date
    end_date: date
    recordings_until: date | None
    hotline: str | None
    updated_at: datetime
    days: tuple[DaySnapshot, ...]

    @property
    def actions(self) -> list[ActionSnapshot]:
        return [action for day in self.days for action in day.actions]

    @property
    def sessions(self) -> dict[int, SessionSnapshot]:
        return {live.id: live for day in self.days for live in day.sessions}


def snapshot_of(week) -> WeekSnapshot:
    """Copy a loaded Week (with its schedule) into plain immutable data."""
    return WeekSnapshot(
        id=week.id, slug=week.slug, title=week.title, summary=week.summary,
        timezone=week.timezone, start_date=week.start_date, end_date=week.end_date,
        recordings_until=week.recordings_until, hotline=week.hotline,
        updated_at=week.updated_at,
        days=tuple(DaySnapshot(
            id=day.id, date=day.date, title=day.title, summary=day.summary,
            sessions=tuple(SessionSnapshot(
                id=s.id, title=s.title, description=s.description, host=s.host,
                starts_at=s.starts_at, duration_minutes=s.duration_minutes,
                registration_mode=s.registration_mode, members_only=s.members_only,
                registration_url=s.registration_url, join_url=s.join_url,
                recording_url=s.recording_url, cancelled_at=s.cancelled_at)
                for s in day.sessions),
            actions=tuple(ActionSnapshot(
                id=a.id, title=a.title, instructions=a.instructions, minutes=a.minutes,
                kind=a.kind, target=a.target, session_id=a.session_id)
                for a in day.actions),
        ) for day in week.days),
    )


def published_snapshot(slug: str) -> WeekSnapshot:
    """The published week ``slug`` as a snapshot; NotFound if there is none."""
    version = services.cached_version(slug)
    if version is None:
        raise NotFound("No published week has that address.")
    return caches().remember(caches().snapshots, (version.week_id, version.updated_at),
                             lambda: snapshot_of(services.published_week(slug)))
