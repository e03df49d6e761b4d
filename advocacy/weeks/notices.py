"""The emails about a session that registrants get after registering: reminders (the
day before at 11:00 in their zone, and an hour before), a change or cancellation by
an organizer, and the recording.

Reminders and recording notices are found by ``sweep(now)`` (every minute), which
queues what is due in the ledger: a reminder's key names the start time it is for, so
a session moved after its reminder was queued sends one reminder for its new time (the
old one is skipped when its time comes). Each message is checked again when it is
sent: never after the start, never for a cancelled registration.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from huey import crontab

from ..database import utcnow
from ..extensions import db
from ..mail import ledger
from ..mail.models import Message
from ..tasks import periodic
from .models import Day, LiveSession, SessionRegistration, Week

REMINDER_DAY = "registration.reminder-day"
REMINDER_HOUR = "registration.reminder-hour"
CHANGED = "session.changed"
CANCELLED = "session.cancelled"
RECORDING = "session.recording"
DAY_BEFORE_AT = time(11, 0)
HOUR_BEFORE = timedelta(hours=1)
LOOKAHEAD = timedelta(hours=49)  # 11:00 the day before is at most ~48 h ahead
RECORDING_WINDOW = timedelta(days=14)  # recordings set later than this go unannounced


def stamp(moment: datetime) -> str:
    """A start time as it appears in a reminder's key."""
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%MZ")


def reminder_times(starts_at: datetime, zone: str) -> dict[str, datetime]:
    """When each reminder of a session starting at ``starts_at`` is due, for a
    registrant in ``zone``: 11:00 on the day before (their calendar), and 1 h before."""
    local = starts_at.astimezone(ZoneInfo(zone))
    day_before = datetime.combine(local.date() - timedelta(days=1), DAY_BEFORE_AT,
                                  tzinfo=ZoneInfo(zone))
    return {REMINDER_DAY: day_before, REMINDER_HOUR: starts_at - HOUR_BEFORE}


def _live_registrations(*columns):
    """A SELECT of ``columns`` over the registrations still standing, of sessions not
    cancelled, in published weeks."""
    return (db.select(*columns)
            .join(LiveSession, SessionRegistration.session_id == LiveSession.id)
            .join(Day, LiveSession.day_id == Day.id).join(Week, Day.week_id == Week.id)
            .where(Week.status == "published", LiveSession.cancelled_at.is_(None),
                   SessionRegistration.cancelled_at.is_(None)))


def _reminders_due(now: datetime) -> list[tuple[str, tuple]]:
    rows = db.session.execute(_live_registrations(
        SessionRegistration.id, SessionRegistration.email, SessionRegistration.timezone,
        SessionRegistration.created_at, LiveSession.starts_at, Week.timezone)
        .where(SessionRegistration.consent_reminders_at.is_not(None),
               LiveSession.starts_at > now, LiveSession.starts_at <= now + LOOKAHEAD))
    due = []
    for reg_id, email, zone, created_at, starts_at, week_zone in rows:
        times = reminder_times(starts_at, zone or week_zone)
        for kind, at in times.items():
            # Not due yet; or due before they registered (the confirmation said it all);
            # the day-before one is dropped once the hour-before one is due.
            if at > now or at < created_at or (
                    kind == REMINDER_DAY and times[REMINDER_HOUR] <= now):
                continue
            due.append((kind, (email, f"{kind}:{reg_id}:{stamp(starts_at)}",
                               "registration", reg_id)))
    return due


def _recordings_due(now: datetime) -> list[tuple[str, tuple]]:
    rows = db.session.execute(_live_registrations(
        SessionRegistration.id, SessionRegistration.email, LiveSession.starts_at,
        LiveSession.duration_minutes)
        .where(LiveSession.recording_url.is_not(None), LiveSession.starts_at <= now,
               LiveSession.starts_at > now - RECORDING_WINDOW))
    return [(RECORDING, (email, f"{RECORDING}:{reg_id}", "registration", reg_id))
            for reg_id, email, starts_at, minutes in rows
            if starts_at + timedelta(minutes=minutes) <= now]


def _already_queued(kinds: tuple[str, ...], since: datetime) -> set[str]:
    return set(db.session.execute(db.select(Message.idempotency_key).where(
        Message.kind.in_(kinds), Message.created_at >= since)).scalars())


def sweep(now: datetime | None = None) -> int:
    """Queue every reminder and recording notice due at ``now`` that is not in the
    ledger yet (a fixed number of queries, whatever the number of registrations).
    The number queued."""
    now = now or utcnow()
    due = _reminders_due(now) + _recordings_due(now)
    known = _already_queued((REMINDER_DAY, REMINDER_HOUR, RECORDING),
                            now - RECORDING_WINDOW - LOOKAHEAD)
    by_kind: dict[str, list[tuple]] = {}
    for kind, row in due:
        if row[1] not in known:
            by_kind.setdefault(kind, []).append(row)
    return sum(ledger.queue_many(kind, rows) for kind, rows in by_kind.items())


@periodic("weeks.reminders", crontab(minute="*"))
def sweep_task() -> None:
    sweep()
    db.session.commit()


def _active_registrations(live: LiveSession) -> list[SessionRegistration]:
    return list(db.session.execute(db.select(SessionRegistration).where(
        SessionRegistration.session_id == live.id,
        SessionRegistration.cancelled_at.is_(None))).scalars())


def announce_change(live: LiveSession) -> int:
    """Tell every registrant that the session's time or join link changed (once per
    state of the session: saving it again unchanged sends nothing)."""
    version = hashlib.sha256(f"{stamp(live.starts_at)}|{live.join_url or ''}".encode()
                             ).hexdigest()[:12]
    return ledger.queue_many(CHANGED, [
        (r.email, f"{CHANGED}:{r.id}:{version}", "registration", r.id)
        for r in _active_registrations(live)])


def announce_cancellation(live: LiveSession) -> int:
    """Tell every registrant that the session is cancelled."""
    return ledger.queue_many(CANCELLED, [
        (r.email, f"{CANCELLED}:{r.id}", "registration", r.id)
        for r in _active_registrations(live)])
