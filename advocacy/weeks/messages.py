"""The emails weeks sends (through the mail ledger): the registration confirmation."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app

from ..database import utcnow
from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose, external_url
from .ics import build_calendar
from .models import SessionRegistration
from .registration import CONFIRMATION, cancel_token


def build_confirmation(message):
    """The confirmation of one registration, with the session as an .ics attachment;
    None when the registration is gone."""
    registration = db.session.get(SessionRegistration, message.subject_id)
    if registration is None:
        return None
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
