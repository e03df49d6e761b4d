"""Weeks as JSON (format in docs/week-format.md), and cloning to new dates."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from ..audit import record_audit
from ..errors import DomainError, DomainErrors
from ..extensions import db
from .editing import ActionData, SessionData, WeekData, create_week, save_action, save_session
from .models import Week

FORMAT, VERSION = "advocacy.week", 1
# The format nests file > week > days > day > actions > action (and partners): six
# levels of objects and lists; a file nesting deeper is refused before validation.
MAX_DEPTH = 6
TOO_DEEP = (f"(file): lists and objects nest more than {MAX_DEPTH} levels deep, "
            "deeper than a week file ever does")


class WeekFormatError(DomainError):
    """A week file that does not follow the format; ``problems`` name each bad field."""

    def __init__(self, problems: list[str]):
        super().__init__("The file is not a valid week: " + "; ".join(problems[:10]))
        self.problems = problems


def _validator():
    from jsonschema import Draft202012Validator, FormatChecker  # only imports pay for it

    schema = json.loads(resources.files(__package__).joinpath("week_format.schema.json")
                        .read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def export_week(week: Week) -> dict:
    """The week, its days, sessions and actions as a plain dict (no ids, local times)."""
    zone = ZoneInfo(week.timezone)
    session_keys = {
        live.id: f"{day.date.isoformat()}-{i}"
        for day in week.days for i, live in enumerate(day.sessions, start=1)
    }
    days = [{
        "date": day.date.isoformat(), "title": day.title, "summary": day.summary,
        "sessions": [{
            "key": session_keys[live.id], "title": live.title,
            "description": live.description, "host": live.host,
            "starts_local": live.starts_at.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": live.duration_minutes,
            "registration_mode": live.registration_mode, "capacity": live.capacity,
            "registration_url": live.registration_url, "join_url": live.join_url,
            "recording_url": live.recording_url, "members_only": live.members_only,
        } for live in day.sessions],
        "actions": [{
            "title": action.title, "instructions": action.instructions,
            "minutes": action.minutes, "kind": action.kind, "target": action.target,
            "session": session_keys.get(action.session_id),
        } for action in day.actions],
    } for day in week.days]
    return {"format": FORMAT, "version": VERSION, "week": {
        "slug": week.slug, "title": week.title, "summary": week.summary,
        "timezone": week.timezone, "start_date": week.start_date.isoformat(),
        "end_date": week.end_date.isoformat(),
        "recordings_until": week.recordings_until.isoformat() if week.recordings_until else None,
        "hotline": week.hotline,
        "partners": [{"name": p.name, "url": p.url} for p in week.partners],
        "days": days,
    }}


def parse_week_file(raw: bytes | str) -> dict:
    """Decode and validate a week file; WeekFormatError lists every bad field by path."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WeekFormatError([f"(file): not JSON ({error.__class__.__name__})"]) from error
    except RecursionError as error:
        raise WeekFormatError([TOO_DEEP]) from error
    if _depth(data) > MAX_DEPTH:
        raise WeekFormatError([TOO_DEEP])
    problems = [
        f"{_path(error.absolute_path)}: {error.message}"
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
    if problems:
        raise WeekFormatError(problems)
    return data


def _depth(data) -> int:
    """How deeply lists and objects nest in ``data`` (without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                items = value.values() if isinstance(value, dict) else value
                stack.extend((item, level + 1) for item in items)
    return deepest


def _path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path or "(file)"


def import_week(data: dict, actor, slug: str | None = None, title: str | None = None) -> Week:
    """Create a draft week from validated data; any bad field raises and nothing is kept."""
    spec = data["week"]
    problems: list[str] = []
    dates = [day["date"] for day in spec["days"]]
    if len(set(dates)) != len(dates):
        problems.append("week.days: two days have the same date")
    key_list = [s["key"] for day in spec["days"] for s in day.get("sessions", [])]
    keys = set(key_list)
    if len(keys) != len(key_list):
        problems.append("week.days: two sessions have the same key")
    for d, day in enumerate(spec["days"]):
        for a, action in enumerate(day.get("actions", [])):
            if action.get("session") and action["session"] not in keys:
                problems.append(f"week.days[{d}].actions[{a}].session: no session has "
                                f"the key {action['session']!r}")
    if problems:
        raise WeekFormatError(problems)
    savepoint = db.session.begin_nested()
    try:
        week = _build(spec, actor, slug or spec["slug"], title or spec["title"])
    except DomainError as error:
        savepoint.rollback()
        if isinstance(error, WeekFormatError):
            raise
        if isinstance(error, DomainErrors):  # every problem of the week's details
            raise WeekFormatError([_locate(DomainError(message, field))
                                   for message, field in error.problems]) from error
        raise WeekFormatError([_locate(error)]) from error
    savepoint.commit()
    return week


def _locate(error: DomainError) -> str:
    where = getattr(error, "path", None) or f"week.{error.field or ''}".rstrip(".")
    return f"{where}: {error.message}"


def _build(spec: dict, actor, slug: str, title: str) -> Week:
    week = create_week(WeekData(
        title=title, slug=slug, timezone=spec["timezone"],
        start_date=date.fromisoformat(spec["start_date"]),
        end_date=date.fromisoformat(spec["end_date"]), summary=spec.get("summary", ""),
        recordings_until=_date_or_none(spec.get("recordings_until")),
        hotline=spec.get("hotline"),
        partners=[(p["name"], p.get("url")) for p in spec.get("partners", [])],
    ), actor)
    by_date = {day.date: day for day in week.days}
    session_ids = {}
    for d, item in enumerate(spec["days"]):
        day = by_date.get(date.fromisoformat(item["date"]))
        if day is None:
            raise _at(f"week.days[{d}].date", "the date is outside the week")
        day.title, day.summary = item.get("title", ""), item.get("summary", "")
        for s, live in enumerate(item.get("sessions", [])):
            try:
                saved = save_session(week, None, SessionData(
                    title=live["title"], starts_local=datetime.fromisoformat(live["starts_local"]),
                    duration_minutes=live["duration_minutes"],
                    description=live.get("description", ""), host=live.get("host", ""),
                    registration_mode=live.get("registration_mode", "none"),
                    capacity=live.get("capacity"), registration_url=live.get("registration_url"),
                    join_url=live.get("join_url"), recording_url=live.get("recording_url"),
                    members_only=live.get("members_only", False)), None)
            except DomainError as error:
                raise _at(f"week.days[{d}].sessions[{s}].{error.field}", error.message) from error
            session_ids[live["key"]] = saved.id
    for d, item in enumerate(spec["days"]):
        day = by_date[date.fromisoformat(item["date"])]
        for a, action in enumerate(item.get("actions", [])):
            try:
                save_action(week, None, ActionData(
                    day_id=day.id, title=action["title"], minutes=action["minutes"],
                    kind=action["kind"], instructions=action.get("instructions", ""),
                    target=action.get("target"),
                    session_id=session_ids.get(action.get("session"))), None, flush=False)
            except DomainError as error:
                raise _at(f"week.days[{d}].actions[{a}].{error.field}", error.message) from error
    db.session.flush()  # every action in one flush: linear in the file's size
    return week


def _at(path: str, message: str) -> DomainError:
    error = DomainError(message)
    error.path = path
    return error


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def clone_week(week: Week, slug: str, title: str, start: date, actor) -> Week:
    """A draft copy of ``week`` starting on ``start``, every date and time shifted."""
    shift = start - week.start_date
    data = export_week(week)
    spec = data["week"]
    spec["start_date"], spec["end_date"] = start.isoformat(), (week.end_date + shift).isoformat()
    if week.recordings_until:
        spec["recordings_until"] = (week.recordings_until + shift).isoformat()
    for day in spec["days"]:
        day["date"] = (date.fromisoformat(day["date"]) + shift).isoformat()
        for live in day["sessions"]:
            local = datetime.fromisoformat(live["starts_local"]) + timedelta(days=shift.days)
            live["starts_local"] = local.strftime("%Y-%m-%dT%H:%M")
    clone = import_week(data, actor, slug=slug, title=title)
    record_audit(actor, "week.cloned", "week", clone.id, summary=f"{week.slug} -> {slug}")
    return clone
