"""Calendar files (RFC 5545) for a week's sessions, with VTIMEZONE components."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def session_uid(session_id: int, host: str) -> str:
    """Stable across edits and exports: the session's id and the site's host."""
    return f"session-{session_id}@{host}"


def build_calendar(week, sessions, *, host: str, url_for_session, name: str | None = None,
                   stamp: datetime, alarm: timedelta | None = None,
                   join_url: str | None = None) -> bytes:
    """An iCalendar file holding ``sessions`` (of ``week``), times in the week's zone;
    with ``alarm``, a reminder that long before each start; with ``join_url``, that
    link as the event's LOCATION and URL."""
    from icalendar import Alarm, Calendar, Event  # only calendar requests pay for it

    zone = ZoneInfo(week.timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Advocacy//Library advocacy weeks//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or week.title)
    calendar.add("x-wr-timezone", week.timezone)
    for live in sessions:
        starts = live.starts_at.astimezone(zone)
        event = Event()
        event.add("uid", session_uid(live.id, host))
        event.add("dtstamp", stamp)
        event.add("dtstart", starts)
        event.add("dtend", starts + timedelta(minutes=live.duration_minutes))
        event.add("summary", live.title)
        event.add("description", _description(live, week))
        event.add("url", join_url or url_for_session(live))
        if join_url:
            event.add("location", join_url)
        if alarm is not None:
            reminder = Alarm()
            reminder.add("action", "DISPLAY")
            reminder.add("description", live.title)
            reminder.add("trigger", -alarm)
            event.add_component(reminder)
        if live.host:
            event.add("organizer", f"mailto:noreply@{host}",
                      parameters={"cn": _parameter_text(live.host)})
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _parameter_text(text: str) -> str:
    """A value fit for a property parameter, which cannot escape: one line, no quotes or
    control characters (a CR/LF there would start a new property)."""
    cleaned = "".join(" " if ord(ch) < 32 or ord(ch) == 127 or ch == '"' else ch
                      for ch in text)
    return " ".join(cleaned.split())


def _description(live, week) -> str:
    parts = [live.description.strip()] if live.description else []
    if live.host:
        parts.append(f"Hosted by {live.host}.")
    if live.members_only:
        parts.append("For members only.")
    parts.append(f"Part of {week.title}.")
    return "\n\n".join(parts)
