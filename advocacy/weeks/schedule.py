"""Pure presentation of a week's schedule in a viewer's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class SessionView:
    id: int
    title: str
    description: str
    host: str
    starts: datetime  # aware, in the viewer's zone
    ends: datetime
    members_only: bool
    registration_mode: str
    registration_url: str | None
    recording_url: str | None
    join_url: str | None
    state: str  # upcoming | live | ended | cancelled


@dataclass(frozen=True)
class ActionView:
    """An action as pages show it (also the action of a week snapshot)."""

    id: int
    title: str
    instructions: str
    minutes: int
    kind: str
    target: str | None
    session_id: int | None


@dataclass
class DayView:
    date: date
    title: str
    summary: str
    sessions: list[SessionView] = field(default_factory=list)
    actions: list[ActionView] = field(default_factory=list)

    @property
    def total_minutes(self) -> int:
        return sum(action.minutes for action in self.actions)


@dataclass(frozen=True)
class SessionStatus:
    """What a session offers a visitor now: register (upcoming), join (live), the
    recording (ended, while it is kept), or nothing (ended, cancelled)."""

    id: int
    title: str
    state: str  # upcoming | live | ended | cancelled
    registration_mode: str
    registration_url: str | None
    join_url: str | None  # only when the page may show it
    recording_url: str | None  # only while the week keeps recordings
    members_only: bool


def session_status(live, now: datetime, today: date,
                   recordings_until: date | None) -> SessionStatus:
    """The status of ``live`` (a session or its snapshot) at ``now``."""
    state = "cancelled" if live.cancelled_at else session_state(
        live.starts_at, live.duration_minutes, now)
    keeps = live.recording_url and (recordings_until is None or today <= recordings_until)
    return SessionStatus(
        id=live.id, title=live.title, state=state, registration_mode=live.registration_mode,
        registration_url=live.registration_url,
        join_url=visible_join_url(live.join_url, live.members_only, state),
        recording_url=live.recording_url if keeps and state == "ended" else None,
        members_only=live.members_only)


def visible_join_url(join_url: str | None, members_only: bool, state: str) -> str | None:
    """The join link as the public page, the API and calendars publish it: for a public
    session, while it is live; never a members-only session's (members get theirs in
    their registration email)."""
    return join_url if join_url and not members_only and state == "live" else None


def session_state(starts_utc: datetime, duration_minutes: int, now: datetime) -> str:
    """Where a session stands at ``now``: upcoming, live or ended."""
    if now < starts_utc:
        return "upcoming"
    if now < starts_utc + timedelta(minutes=duration_minutes):
        return "live"
    return "ended"


def build_schedule(week, zone: ZoneInfo, now: datetime) -> list[DayView]:
    """Days with their sessions and actions, times shown in ``zone``."""
    days = []
    for day in week.days:
        view = DayView(date=day.date, title=day.title, summary=day.summary)
        for live in day.sessions:
            starts = live.starts_at.astimezone(zone)
            state = "cancelled" if live.cancelled_at else session_state(
                live.starts_at, live.duration_minutes, now)
            view.sessions.append(SessionView(
                id=live.id, title=live.title, description=live.description, host=live.host,
                starts=starts, ends=starts + timedelta(minutes=live.duration_minutes),
                members_only=live.members_only, registration_mode=live.registration_mode,
                registration_url=live.registration_url, recording_url=live.recording_url,
                join_url=visible_join_url(live.join_url, live.members_only, state),
                state=state,
            ))
        view.actions = [
            ActionView(id=a.id, title=a.title, instructions=a.instructions, minutes=a.minutes,
                       kind=a.kind, target=a.target, session_id=a.session_id)
            for a in day.actions
        ]
        days.append(view)
    return days


def next_change(week, zone: ZoneInfo, now: datetime) -> datetime:
    """The next instant the page would look different by the clock alone."""
    # Midnight where the viewer is (dates shown) and where the week is (which day is
    # "today", first on the page).
    candidates = []
    for place in {zone, ZoneInfo(week.timezone)}:
        local_now = now.astimezone(place)
        candidates.append(datetime.combine(local_now.date() + timedelta(days=1),
                                           datetime.min.time(), tzinfo=place))
    for day in week.days:
        for live in day.sessions:
            for instant in (live.starts_at,
                            live.starts_at + timedelta(minutes=live.duration_minutes)):
                if instant > now:
                    candidates.append(instant)
    return min(candidates)
