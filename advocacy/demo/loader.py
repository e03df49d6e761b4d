"""Loads the demo week (seed 004) shifted to a start date, idempotently."""

from __future__ import annotations

import calendar
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from ..accounts.services import create_user, find_user_by_email
from ..chapters.models import Chapter, ChapterState
from ..database import utcnow
from ..extensions import db
from ..weeks.models import Action, Day, LiveSession, Week, WeekPartner


@dataclass(frozen=True)
class NewAccount:
    email: str
    role: str
    password: str


def demo_data() -> dict:
    """The demo data file shipped in the package."""
    return json.loads(resources.files(__package__).joinpath("nllw.json").read_text("utf-8"))


def next_monday(today: date) -> date:
    """The Monday after ``today`` (a week later when today is Monday)."""
    return today + timedelta(days=7 - today.weekday())


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def load_demo_week(start: date, data: dict | None = None) -> Week:
    """Create or update the demo week so that it starts on ``start``."""
    data = data or demo_data()
    spec = data["week"]
    zone = ZoneInfo(spec["timezone"])
    end = start + timedelta(days=spec["length_days"] - 1)
    week = db.session.execute(
        db.select(Week).where(Week.slug == spec["slug"])
    ).scalar_one_or_none()
    if week is None:
        week = Week(slug=spec["slug"])
        db.session.add(week)
    week.title, week.summary, week.timezone = spec["title"], spec["summary"], spec["timezone"]
    week.start_date, week.end_date, week.hotline = start, end, spec["hotline"]
    week.recordings_until = end_of_month(end)
    week.status = "published"
    week.published_at = week.published_at or utcnow()
    _sync(week.partners, spec["partners"], WeekPartner,
          lambda partner, item, i: _set(partner, name=item["name"], url=item["url"], position=i))
    for item in data["days"]:
        _load_day(week, item, start + timedelta(days=item["offset"]), zone)
    db.session.flush()
    return week


def _load_day(week: Week, item: dict, day_date: date, zone: ZoneInfo) -> None:
    day = next((d for d in week.days if d.position == item["offset"]), None)
    if day is None:
        day = Day(position=item["offset"], date=day_date)
        week.days.append(day)
    _set(day, date=day_date, title=item["title"], summary=item["summary"])
    sessions = {}

    def fill_session(live, spec, i):
        local = datetime.combine(day_date, time.fromisoformat(spec["local_time"]), tzinfo=zone)
        _set(live, title=spec["title"], description=spec["description"], host=spec["host"],
             starts_at=local, duration_minutes=spec["duration_minutes"],
             registration_mode="internal", capacity=spec["capacity"], position=i)
        sessions[spec["key"]] = live

    _sync(day.sessions, item["sessions"], LiveSession, fill_session)
    db.session.flush()  # session ids for the actions below

    def fill_action(action, spec, i):
        live = sessions.get(spec.get("session"))
        _set(action, title=spec["title"], instructions=spec["instructions"],
             minutes=spec["minutes"], kind=spec["kind"], target=spec.get("target"),
             session_id=live.id if live else None, position=i)

    _sync(day.actions, item["actions"], Action, fill_action)


def _sync(rows: list, specs: list, model, fill) -> None:
    """Make ``rows`` (ordered by position) match ``specs``, updating rows in place."""
    by_position = {row.position: row for row in rows}
    for i, spec in enumerate(specs):
        row = by_position.pop(i, None)
        if row is None:
            row = model(position=i)
            rows.append(row)
        fill(row, spec, i)
    for extra in by_position.values():
        rows.remove(extra)


def _set(obj, **values) -> None:
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def load_demo_chapters(data: dict | None = None) -> list[Chapter]:
    """Create or update the demo chapters."""
    chapters = []
    for spec in (data or demo_data())["chapters"]:
        chapter = db.session.execute(
            db.select(Chapter).where(Chapter.slug == spec["slug"])
        ).scalar_one_or_none()
        if chapter is None:
            chapter = Chapter(slug=spec["slug"])
            db.session.add(chapter)
        _set(chapter, name=spec["name"], description=spec["description"],
             contact_name=spec["contact_name"], contact_email=spec["contact_email"])
        have = set(chapter.state_codes)
        for code in spec["states"]:
            if code not in have:
                chapter.states.append(ChapterState(state=code))
        chapters.append(chapter)
    db.session.flush()
    return chapters


def load_demo_users(data: dict | None = None) -> list[NewAccount]:
    """Create the demo staff accounts that do not exist yet; returns their new passwords."""
    created = []
    for spec in (data or demo_data())["users"]:
        if find_user_by_email(spec["email"]) is not None:
            continue
        password = secrets.token_urlsafe(12)
        user = create_user(spec["email"], password, spec["role"], spec["name"])
        user.chapters = list(db.session.execute(
            db.select(Chapter).where(Chapter.slug.in_(spec.get("chapters", [])))
        ).scalars())
        created.append(NewAccount(spec["email"], spec["role"], password))
    return created
