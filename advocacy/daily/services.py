"""Opting in to a week's daily email, and confirming it.

Double opt-in: asking sends only a confirmation link, whatever the address; what was
asked (minutes a day, zone, the asking browser's progress) travels in that link and
is applied when it is followed, so a stranger who types someone's address changes
nothing and learns nothing (the page says the same for every address).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..accounts.models import Participant
from ..database import dialect_insert, utcnow
from ..errors import DomainError
from ..extensions import db
from ..mail import ledger
from ..textrules import normalize_email
from ..tokens import InvalidToken, sign, unsign
from ..weeks.timezones import date_in_zone, is_valid_zone
from .models import MINUTE_CHOICES, DailySubscription

CONFIRM_KIND = "daily.confirm"
DAILY_KIND = "daily.actions"
MAILING_LIST = "daily-actions"
CONFIRM_PURPOSE = "daily.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60  # a confirmation link works for a week


@dataclass(frozen=True)
class Request:
    """What an opt-in asked for, as its confirmation link carries it."""

    subscription_id: int
    minutes: int
    timezone: str
    participant_id: int | None


def request_daily(week_id: int, email: str, minutes: int, timezone: str,
                  participant_id: int | None) -> None:
    """Ask for the week's daily email at ``email``: a confirmation link goes there (once
    a day for the same request); nothing else is sent until it is followed."""
    if minutes not in MINUTE_CHOICES:
        raise DomainError("Choose how many minutes a day you have.", "minutes")
    if not is_valid_zone(timezone):
        raise DomainError("Choose a time zone from the list.", "timezone")
    email = normalize_email(email)
    # A new row is this browser's (erasing its data erases it); a known one changes only
    # when its confirmation link is followed. Two requests at once make one row.
    db.session.execute(dialect_insert(db.engine.dialect.name)(DailySubscription).values(
        week_id=week_id, email=email, minutes=minutes, timezone=timezone,
        participant_id=participant_id, language="en", created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["week_id", "email"]))
    subscription = db.session.execute(db.select(DailySubscription).where(
        DailySubscription.week_id == week_id, DailySubscription.email == email)
    ).scalar_one()
    today = date_in_zone(utcnow(), timezone).isoformat()
    # The request rides in the key (as a reminder's start time does): the builder
    # signs exactly what was asked into the link.
    key = f"{CONFIRM_KIND}:{subscription.id}:{today}:{minutes}:{participant_id or 0}:{timezone}"
    ledger.queue(CONFIRM_KIND, email, key, "daily_subscription", subscription.id)


def request_in_key(key: str) -> Request:
    """The request a confirmation message's key names."""
    _, subscription_id, _, minutes, participant_id, timezone = key.split(":", 5)
    return Request(int(subscription_id), int(minutes), timezone, int(participant_id) or None)


def confirm_token(request: Request) -> str:
    """The token of the confirmation link for ``request``."""
    return sign(CONFIRM_PURPOSE, [request.subscription_id, request.minutes, request.timezone,
                                  request.participant_id])


def read_confirm_token(token: str) -> tuple[DailySubscription, Request]:
    """The subscription and request a confirmation link names; InvalidToken otherwise."""
    value = unsign(CONFIRM_PURPOSE, token, max_age=CONFIRM_MAX_AGE)
    if not (isinstance(value, list) and len(value) == 4 and isinstance(value[0], int)
            and value[1] in MINUTE_CHOICES and isinstance(value[2], str)
            and (value[3] is None or isinstance(value[3], int))):
        raise InvalidToken("This link is not valid.")
    subscription = db.session.get(DailySubscription, value[0])
    if subscription is None:
        raise InvalidToken("This link is for an email that no longer exists: ask again.")
    return subscription, Request(*value)


def confirm(subscription: DailySubscription, request: Request,
            now: datetime | None = None) -> None:
    """Start (or change) the daily email as the link asked; the address is taken off
    the daily list's suppressions (it asked again, and proved it is theirs)."""
    now = now or utcnow()
    subscription.minutes = request.minutes
    if is_valid_zone(request.timezone):
        subscription.timezone = request.timezone
    if request.participant_id is not None:
        subscription.participant_id = request.participant_id
    subscription.confirmed_at = subscription.confirmed_at or now
    subscription.stopped_at = None
    ledger.unsuppress(subscription.email, MAILING_LIST)


def stop(subscription: DailySubscription, now: datetime | None = None) -> None:
    """No more daily emails of this week to this address."""
    subscription.stopped_at = subscription.stopped_at or now or utcnow()


def participant_of(subscription: DailySubscription) -> Participant | None:
    """The progress the daily email reports (that of the browser that asked for it)."""
    if subscription.participant_id is None:
        return None
    return db.session.get(Participant, subscription.participant_id)


def attach(subscription: DailySubscription, participant_id: int) -> None:
    """Report ``participant_id``'s progress from now on."""
    subscription.participant_id = participant_id


def erase_for(participant_id: int) -> None:
    """Forget the daily emails asked for from this participant's browser, and the
    ledger's rows about them."""
    ids = db.session.execute(db.select(DailySubscription.id).where(
        DailySubscription.participant_id == participant_id)).scalars().all()
    ledger.forget("daily_subscription", list(ids))
    db.session.execute(db.delete(DailySubscription).where(
        DailySubscription.participant_id == participant_id))


def reassign(source_id: int, target_id: int) -> None:
    """Two records of one person merged: the daily emails report the kept one."""
    db.session.execute(db.update(DailySubscription).where(
        DailySubscription.participant_id == source_id).values(participant_id=target_id))


def export_of(participant_id: int) -> dict:
    """The daily emails asked for from this participant's browser, as plain data."""
    rows = list(db.session.execute(db.select(DailySubscription).where(
        DailySubscription.participant_id == participant_id)).scalars())
    return {"daily_email_messages": ledger.about("daily_subscription", [s.id for s in rows]),
            "daily_emails": [{"email": s.email, "minutes": s.minutes, "timezone": s.timezone,
                              "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at
                              else None, "stopped": s.stopped_at is not None} for s in rows]}
