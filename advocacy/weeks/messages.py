"""The emails weeks sends (through the mail ledger): the registration confirmation, and
the reminders and notices of ``notices``, each built when it is sent."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.orm import joinedload

from ..database import utcnow
from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose
from ..templating import external_url
from . import notices, waitlist
from .ics import build_calendar
from .models import Day, LiveSession, SessionRegistration, WaitlistEntry
from .registration import CONFIRMATION, cancel_token


def _registration(registration_id: int) -> SessionRegistration | None:
    """The registration with its session, day and week, in one query."""
    return db.session.get(SessionRegistration, registration_id, options=[
        joinedload(SessionRegistration.session).joinedload(LiveSession.day)
        .joinedload(Day.week)])


def build_confirmation(message, now):
    """The confirmation of one registration, with the session as an .ics attachment."""
    registration = _registration(message.subject_id)
    if registration is None or registration.cancelled_at is not None:
        raise ledger.Skip("The registration was cancelled or erased.")
    live = registration.session
    week = live.day.week
    zone = ZoneInfo(registration.timezone or week.timezone)
    week_zone = ZoneInfo(week.timezone)
    week_url = external_url("weeks.week", week_slug=week.slug)
    email = compose(
        registration.email, f"You're registered: {live.title}",
        "weeks/mail/registration_confirmation", name=registration.name, live=live,
        week=week, starts=live.starts_at.astimezone(zone),
        starts_week=live.starts_at.astimezone(week_zone),
        other_zone=zone.key != week_zone.key, week_url=week_url,
        session_url=external_url("weeks.register", session_id=live.id),
        reminders=registration.consent_reminders_at is not None,
        cancel_url=external_url("weeks.cancel_registration",
                                token=cancel_token(registration)))
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    calendar = build_calendar(
        week, [live], host=host, name=live.title, stamp=utcnow(),
        url_for_session=lambda s: external_url("weeks.register", session_id=s.id),
        alarm=timedelta(minutes=30), join_url=live.join_url)
    email.attach(f"session-{live.id}.ics", calendar, "text/calendar; method=PUBLISH")
    return email


ledger.register_kind(CONFIRMATION, build_confirmation)

NOTICES = {  # kind: (subject prefix, heading, the list it belongs to)
    notices.REMINDER_DAY: ("Tomorrow", "See you tomorrow", "reminders"),
    notices.REMINDER_HOUR: ("In one hour", "Starting in one hour", "reminders"),
    notices.CHANGED: ("Changed", "A session you registered for has changed", None),
    notices.CANCELLED: ("Cancelled", "A session you registered for is cancelled", None),
    notices.RECORDING: ("Recording", "The recording is up", "session-news"),
}


def build_notice(message, now):
    """A reminder, change, cancellation or recording notice for one registration."""
    registration = _registration(message.subject_id)
    if registration is None:
        raise ledger.Skip("The registration was erased.")
    live = registration.session
    kind = message.kind
    if registration.cancelled_at is not None:
        raise ledger.Skip("The registration was cancelled.")
    if kind in (notices.REMINDER_DAY, notices.REMINDER_HOUR):
        if live.cancelled_at is not None or now >= live.starts_at:
            raise ledger.Skip("The session started or was cancelled.")
        if registration.consent_reminders_at is None:
            raise ledger.Skip("No consent to reminders.")
        if not message.idempotency_key.endswith(notices.stamp(live.starts_at)):
            raise ledger.Skip("The session moved: a reminder for its new time goes instead.")
    if kind == notices.CHANGED and (live.cancelled_at is not None or now >= live.starts_at):
        raise ledger.Skip("The session started or was cancelled.")
    if kind == notices.RECORDING and not live.recording_url:
        raise ledger.Skip("The recording was taken down.")
    week = live.day.week
    zone = ZoneInfo(registration.timezone or week.timezone)
    prefix, heading, mailing_list = NOTICES[kind]
    return compose(
        registration.email, f"{prefix}: {live.title}", "weeks/mail/session_notice",
        name=registration.name, mailing_list=mailing_list, kind=kind, heading=heading,
        live=live, week=week, starts=live.starts_at.astimezone(zone),
        week_url=external_url("weeks.week", week_slug=week.slug),
        cancel_url=external_url("weeks.cancel_registration", token=cancel_token(registration)))


for _kind, (_prefix, _heading, _list) in NOTICES.items():
    ledger.register_kind(_kind, build_notice, _list)


def build_waitlist_offer(message, now):
    """A freed place, held 24 hours for the first person waiting: the accept link."""
    entry = db.session.get(WaitlistEntry, message.subject_id)
    if entry is None:
        raise ledger.Skip("The waitlist entry was erased.")
    if entry.accepted_at is not None or entry.passed_at is not None or (
            entry.hold_until is None or entry.hold_until <= now):
        raise ledger.Skip("The offer was taken or has lapsed.")
    live = db.session.get(LiveSession, entry.session_id)
    week = live.day.week
    zone = ZoneInfo(entry.timezone or week.timezone)
    return compose(
        entry.email, f"A place for you: {live.title}", "weeks/mail/waitlist_offer",
        name=entry.name, live=live, week=week, starts=live.starts_at.astimezone(zone),
        hold_until=entry.hold_until.astimezone(zone),
        accept_url=external_url("weeks.accept_place", token=waitlist.accept_token(entry)))


ledger.register_kind(waitlist.OFFER, build_waitlist_offer)
