"""Organizer edits of weeks, days, sessions and actions.

Every service here validates its input, raises DomainError naming the form
field at fault, bumps the week's ``updated_at`` (which invalidates caches and
ETags) and records an audit event when the week is already published.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..audit import record_audit
from ..caching import caches
from ..database import utcnow
from ..errors import DomainError, DomainErrors
from ..extensions import db
from ..phones import normalize_phone
from . import notices, waitlist
from .models import ACTION_KINDS, REGISTRATION_MODES, Action, Day, LiveSession, Week, WeekPartner
from .timezones import is_valid_zone

MAX_WEEK_DAYS = 31


@dataclass
class WeekData:
    title: str
    slug: str
    timezone: str
    start_date: date
    end_date: date
    summary: str = ""
    recordings_until: date | None = None
    hotline: str | None = None
    partners: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class SessionData:
    title: str
    starts_local: datetime  # naive, in the week's time zone
    duration_minutes: int
    description: str = ""
    host: str = ""
    registration_mode: str = "internal"
    capacity: int | None = None
    registration_url: str | None = None
    join_url: str | None = None
    recording_url: str | None = None
    members_only: bool = False


@dataclass
class ActionData:
    day_id: int
    title: str
    minutes: int
    kind: str
    instructions: str = ""
    target: str | None = None
    session_id: int | None = None


def touch(week: Week, actor=None, change: str = "edited") -> None:
    """Mark the week changed; audit the change when advocates can already see it."""
    week.updated_at = utcnow()
    caches().forget_versions()
    if week.status == "published" and actor is not None:
        record_audit(actor, f"week.{change}", "week", week.id, summary=week.slug)


def suggest_slug(title: str) -> str:
    """An address for a title: "NLLW from Home 2027!" -> "nllw-from-home-2027"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].strip("-")


def suggest_clone_title(title: str, start: date) -> str:
    """The title for a copy starting on ``start``: its year replaced (or added)."""
    year = str(start.year)
    if re.search(r"\b(19|20)\d\d\b", title):
        return re.sub(r"\b(19|20)\d\d\b", year, title)
    return f"{title} {year}"[:200]


def week_problems(data: WeekData, week: Week | None) -> list[tuple[str, str]]:
    """Every rule the week's details break, as (message, field): all of them at once,
    so the form says everything in one answer. A value the form could not read (None)
    is skipped."""
    problems = []
    if data.timezone and not is_valid_zone(data.timezone):
        problems.append(("Choose a time zone from the list, such as America/New_York.",
                         "timezone"))
    if data.start_date and data.end_date:
        if data.end_date < data.start_date:
            problems.append(("The last day must be on or after the first day.", "end_date"))
        elif (data.end_date - data.start_date).days + 1 > MAX_WEEK_DAYS:
            problems.append((f"A week can last at most {MAX_WEEK_DAYS} days.", "end_date"))
    if data.recordings_until and data.start_date and data.recordings_until < data.start_date:
        problems.append(("Recordings cannot end before the week starts.", "recordings_until"))
    if data.hotline:
        try:
            normalize_phone(data.hotline, "hotline")
        except DomainError as error:
            problems.append((error.message, "hotline"))
    if data.slug:
        clash = db.session.execute(
            db.select(Week.id).where(Week.slug == data.slug)).scalar_one_or_none()
        if clash is not None and (week is None or clash != week.id):
            problems.append(("Another week already uses this address.", "slug"))
    return problems


def _check_week(data: WeekData, week: Week | None) -> None:
    problems = week_problems(data, week)
    if problems:
        raise DomainErrors(problems)


def create_week(data: WeekData, actor) -> Week:
    """A new draft week with one day per date of its range."""
    _check_week(data, None)
    week = Week(status="draft")
    db.session.add(week)
    _apply_week(week, data)
    db.session.flush()
    record_audit(actor, "week.created", "week", week.id, summary=week.slug)
    return week


def update_week(week: Week, data: WeekData, actor) -> Week:
    """Change a week's details; days follow its new date range."""
    _check_week(data, week)
    _apply_week(week, data)
    touch(week, actor)
    db.session.flush()
    return week


def _apply_week(week: Week, data: WeekData) -> None:
    old_zone = ZoneInfo(week.timezone) if week.timezone else None
    week.title, week.slug, week.summary = data.title, data.slug, data.summary
    week.start_date, week.end_date = data.start_date, data.end_date
    week.recordings_until, week.hotline = data.recordings_until, data.hotline or None
    if old_zone and old_zone.key != data.timezone and week.id:
        _keep_local_times(week, old_zone, ZoneInfo(data.timezone))
    week.timezone = data.timezone
    week.partners = [WeekPartner(name=name, url=url or None, position=i)
                     for i, (name, url) in enumerate(data.partners)]
    _sync_days(week)


def _keep_local_times(week: Week, old: ZoneInfo, new: ZoneInfo) -> None:
    """A zone change keeps each session's wall-clock time (4 pm stays 4 pm)."""
    for day in week.days:
        for live in day.sessions:
            local = live.starts_at.astimezone(old).replace(tzinfo=None)
            live.starts_at = local.replace(tzinfo=new)


def _sync_days(week: Week) -> None:
    wanted = [week.start_date + timedelta(days=i)
              for i in range((week.end_date - week.start_date).days + 1)]
    existing = {day.date: day for day in week.days}
    for day in list(week.days):
        if day.date not in wanted:
            if day.sessions or day.actions:
                raise DomainError(
                    f"{day.date:%A, %B %-d} still has sessions or actions: move or delete "
                    "them before taking that day out of the week.", "start_date")
            week.days.remove(day)
    for position, when in enumerate(wanted):
        day = existing.get(when)
        if day is None:
            day = Day(date=when, title="", summary="")
            week.days.append(day)
        day.position = position


def update_day(day: Day, title: str, summary: str, actor) -> None:
    """Set a day's title and short summary."""
    day.title, day.summary = title.strip(), summary.strip()
    touch(day.week, actor)


def _day_for(week: Week, when: date, field_name: str) -> Day:
    for day in week.days:
        if day.date == when:
            return day
    raise DomainError(
        f"Pick a time between {week.start_date:%B %-d} and {week.end_date:%B %-d, %Y}: "
        "sessions must fall inside the week.", field_name)


def save_session(week: Week, live: LiveSession | None, data: SessionData, actor) -> LiveSession:
    """Create or update a live session; its start is given in the week's zone."""
    day = _day_for(week, data.starts_local.date(), "starts_local")
    if data.registration_mode not in REGISTRATION_MODES:
        raise DomainError("Choose how people register.", "registration_mode")
    if data.registration_mode == "internal" and not data.capacity:
        raise DomainError("Give the number of places for registration on this site.",
                          "capacity")
    if data.registration_mode == "external" and not data.registration_url:
        raise DomainError("Give the address of the external registration page.",
                          "registration_url")
    before = None if live is None else (live.starts_at, live.join_url)
    capacity_before = None if live is None else live.capacity
    if live is None:
        live = LiveSession(position=len(day.sessions))
        day.sessions.append(live)
    elif live.day_id != day.id:
        live.day = day
        live.position = len(day.sessions)
    live.title, live.description, live.host = data.title, data.description, data.host
    live.starts_at = data.starts_local.replace(tzinfo=ZoneInfo(week.timezone))
    live.duration_minutes = data.duration_minutes
    live.registration_mode = data.registration_mode
    live.capacity = data.capacity if data.registration_mode == "internal" else None
    live.registration_url = data.registration_url or None
    live.join_url, live.recording_url = data.join_url or None, data.recording_url or None
    live.members_only = data.members_only
    touch(week, actor)
    db.session.flush()
    if before is not None and before != (live.starts_at, live.join_url) and (
            week.status == "published" and live.cancelled_at is None):
        notices.announce_change(live)  # reminders follow the new time by themselves
    if capacity_before is not None and (live.capacity or 0) > capacity_before:
        waitlist.offer_free_places(live.id)  # the new places go to those waiting first
    return live


def cancel_session(week: Week, live: LiveSession, actor) -> int:
    """Cancel a session: it stays on the page marked cancelled, takes no more
    registrations, and every registrant is told. The number told."""
    if live.cancelled_at is not None:
        return 0
    if utcnow() >= live.starts_at:
        raise DomainError("This session has already started: it can no longer be cancelled.")
    live.cancelled_at = utcnow()
    touch(week, actor, "session_cancelled")
    db.session.flush()
    return notices.announce_cancellation(live)


def save_action(week: Week, action: Action | None, data: ActionData, actor,
                flush: bool = True) -> Action:
    """Create or update an action on one of the week's days (``flush=False``: the
    caller flushes once after many, as an import does)."""
    day = next((d for d in week.days if d.id == data.day_id), None)
    if day is None:
        raise DomainError("Choose one of the week's days.", "day_id")
    if data.kind not in ACTION_KINDS:
        raise DomainError("Choose what kind of action this is.", "kind")
    if not 1 <= data.minutes <= 240:
        raise DomainError("Minutes must be between 1 and 240.", "minutes")
    if data.session_id is not None and data.session_id not in {
            s.id for d in week.days for s in d.sessions}:
        raise DomainError("Choose one of this week's sessions.", "session_id")
    _check_target(data)
    if action is None:
        action = Action(position=len(day.actions))
        day.actions.append(action)
    elif action.day_id != day.id:
        action.day = day
        action.position = len(day.actions)
    action.title, action.instructions = data.title, data.instructions
    action.minutes, action.kind = data.minutes, data.kind
    action.target, action.session_id = data.target or None, data.session_id
    touch(week, actor)
    if flush:
        db.session.flush()
    return action


def _check_target(data: ActionData) -> None:
    target = (data.target or "").strip()
    if data.kind == "call":
        digits = [c for c in target if c.isdigit()]
        if not 7 <= len(digits) <= 15 or any(c not in "0123456789+-(). " for c in target):
            raise DomainError("Give the phone number to call, such as 202-403-8221.", "target")
    elif target and not (target.startswith(("https://", "http://")) or
                         (target.startswith("/") and not target.startswith("//"))):
        raise DomainError("Give a web address (https://…) or a page of this site (/…).",
                          "target")
    if data.kind == "link" and not target:
        raise DomainError("Give the address this action links to.", "target")
    if data.kind in ("register", "watch") and not (target or data.session_id):
        raise DomainError("Choose the session, or give a registration address.", "session_id")


def delete_item(week: Week, item, actor) -> None:
    """Delete a session or an action and close the gap in its day's order. A session
    that people registered for is cancelled instead (they are told), not deleted."""
    if isinstance(item, LiveSession) and item.cancelled_at is None and any(
            r.cancelled_at is None for r in item.registrations) and utcnow() < item.starts_at:
        raise DomainError("People are registered for this session: cancel it instead, so "
                          "they are told.")
    siblings = item.day.sessions if isinstance(item, LiveSession) else item.day.actions
    siblings.remove(item)
    for position, sibling in enumerate(siblings):
        sibling.position = position
    touch(week, actor, "item_deleted")


def move_item(week: Week, item, direction: str, actor) -> None:
    """Move a session or an action one place up or down within its day."""
    siblings = item.day.sessions if isinstance(item, LiveSession) else item.day.actions
    ordered = sorted(siblings, key=lambda s: s.position)
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, sibling in enumerate(ordered):
            sibling.position = position
        touch(week, actor, "reordered")


STATUS_CHANGES = {"publish": "published", "archive": "archived", "unpublish": "draft"}


def change_status(week: Week, change: str, actor) -> None:
    """Publish, archive or take a week back to draft."""
    status = STATUS_CHANGES.get(change)
    if status is None:
        raise DomainError("Unknown change of status.")
    if status == "published" and not any(day.actions or day.sessions for day in week.days):
        raise DomainError("Add at least one action or session before publishing.")
    week.status = status
    if status == "published" and week.published_at is None:
        week.published_at = utcnow()
    week.updated_at = utcnow()
    caches().forget_versions()
    record_audit(actor, f"week.{change}", "week", week.id, summary=week.slug)
