"""Registration for live sessions: capacity that holds under concurrency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.orm import contains_eager

from .. import signals
from ..database import read_only_connection, utcnow
from ..errors import DomainError, NotFound
from ..extensions import db
from ..mail import ledger
from ..textrules import normalize_email
from ..tokens import row_of_token, row_token
from .models import Day, LiveSession, SessionRegistration, WaitlistEntry, Week

CONFIRMATION = "registration.confirmation"
CANCEL_PURPOSE = "cancel-registration"


class SessionFull(DomainError):
    """Every place is taken."""


class RegistrationClosed(DomainError):
    """The session has started, ended, or does not take registrations here."""


@dataclass(frozen=True)
class RegistrationResult:
    registration: SessionRegistration
    created: bool


def registrable_session(session_id: int) -> LiveSession:
    """A session of a published week; NotFound otherwise."""
    live = db.session.execute(
        db.select(LiveSession).join(Day, LiveSession.day_id == Day.id)
        .join(Week, Day.week_id == Week.id)
        .options(contains_eager(LiveSession.day).contains_eager(Day.week))
        .where(LiveSession.id == session_id, Week.status == "published")
    ).scalar_one_or_none()
    if live is None:
        raise NotFound("No such session.")
    return live


def places_left(live: LiveSession, now: datetime | None = None) -> int | None:
    """Free places (None: no limit): the capacity less the registrations standing and
    the places held for someone on the waitlist (an offer not yet accepted)."""
    if live.capacity is None:
        return None
    now = now or utcnow()
    taken = db.session.execute(
        db.select(func.count()).select_from(SessionRegistration)
        .where(SessionRegistration.session_id == live.id,
               SessionRegistration.cancelled_at.is_(None))
    ).scalar_one()
    held = db.session.execute(
        db.select(func.count()).select_from(WaitlistEntry)
        .where(WaitlistEntry.session_id == live.id, WaitlistEntry.hold_until > now,
               WaitlistEntry.accepted_at.is_(None), WaitlistEntry.passed_at.is_(None))
    ).scalar_one()
    return max(live.capacity - taken - held, 0)


def check_open(live: LiveSession) -> None:
    """RegistrationClosed unless the session takes registrations here now."""
    if live.registration_mode != "internal":
        raise RegistrationClosed("This session does not take registrations on this site.")
    if live.cancelled_at is not None:
        raise RegistrationClosed("This session has been cancelled.")
    if utcnow() >= live.starts_at:
        raise RegistrationClosed("Registration has closed: this session has already started.")


def register(session_id: int, name: str, email: str, reminders: bool,
             participant_id: int | None = None, timezone: str | None = None
             ) -> RegistrationResult:
    """Register once per email (idempotent); sends ``registered`` for ``participant_id``
    and queues the confirmation (again when the same email registers again, at most
    once an hour: repeats cannot flood the address)."""
    result = _register(session_id, name, email, reminders, participant_id, timezone)
    signals.registered.send(result.registration, created=result.created,
                            participant_id=participant_id)
    registration_id = result.registration.id
    hour = utcnow().strftime("%Y%m%d%H")
    ledger.queue(CONFIRMATION, result.registration.email,
                 f"{CONFIRMATION}:{registration_id}:{hour}", "registration", registration_id)
    return result


def _register(session_id: int, name: str, email: str, reminders: bool,
              participant_id: int | None, timezone: str | None) -> RegistrationResult:
    """Register once per email. The session row is locked (FOR UPDATE on PostgreSQL;
    SQLite's write transactions are already exclusive), so capacity cannot overbook."""
    live = db.session.execute(
        db.select(LiveSession).where(LiveSession.id == session_id).with_for_update()
    ).scalar_one_or_none()
    if live is None:
        raise NotFound("No such session.")
    check_open(live)
    email = normalize_email(email)
    existing = db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.session_id == live.id,
                                             SessionRegistration.email == email)
    ).scalar_one_or_none()
    if existing is not None and existing.cancelled_at is None:
        return RegistrationResult(existing, created=False)
    left = places_left(live)
    if left is not None and left <= 0:
        raise SessionFull("Sorry, this session is full: every place has been taken.")
    if existing is not None:  # cancelled before: the place is taken again
        existing.cancelled_at = None
        # Its details change only from the browser that made it: knowing an address
        # must not rename someone's registration or move it to a stranger's browser.
        if participant_id is not None and existing.participant_id == participant_id:
            existing.name, existing.timezone = name.strip(), timezone
            existing.consent_reminders_at = utcnow() if reminders else None
        return RegistrationResult(existing, created=True)
    registration = SessionRegistration(
        session_id=live.id, name=name.strip(), email=email, participant_id=participant_id,
        consent_reminders_at=utcnow() if reminders else None, timezone=timezone,
    )
    # No savepoint for a race on the same email: both requests hold the session row's
    # lock (taken above) and the second one then sees the first one's row.
    db.session.add(registration)
    db.session.flush()
    return RegistrationResult(registration, created=True)


def cancel_token(registration: SessionRegistration) -> str:
    """The token of the registration's cancel link (it stops working if the
    registration's email changes, as erasure does)."""
    return row_token(CANCEL_PURPOSE, registration.id, registration.email)


def registration_for_cancel(token: str) -> SessionRegistration:
    """The registration a cancel link names; InvalidToken for a bad or stale link."""
    return row_of_token(CANCEL_PURPOSE, token,
                        lambda row_id: db.session.get(SessionRegistration, row_id),
                        "This registration no longer exists.")


def cancel(registration: SessionRegistration) -> bool:
    """Cancel a registration (idempotent): its place is free again, no reminders go,
    and ``registration_cancelled`` is sent. False when it was already cancelled."""
    if registration.cancelled_at is not None:
        return False
    if utcnow() >= registration.session.starts_at:
        raise RegistrationClosed("This session has already started.")
    registration.cancelled_at = utcnow()
    db.session.flush()
    signals.registration_cancelled.send(registration)
    return True


def reassign_registrations(source_id: int, target_id: int) -> None:
    """Move registrations from one participant to another (account merge)."""
    db.session.execute(db.update(SessionRegistration)
                       .where(SessionRegistration.participant_id == source_id)
                       .values(participant_id=target_id))


def registration_ids_of(week_id: int):
    """A SELECT of the ids of the week's registrations."""
    return (db.select(SessionRegistration.id)
            .join(LiveSession, SessionRegistration.session_id == LiveSession.id)
            .join(Day, LiveSession.day_id == Day.id).where(Day.week_id == week_id))


def standing_session_ids(participant_id: int | None) -> set[int]:
    """The sessions the participant is registered for (not cancelled)."""
    if participant_id is None:
        return set()
    with read_only_connection(db.engine) as connection:  # a page's read: no ORM objects
        return set(connection.execute(db.select(SessionRegistration.session_id).where(
            SessionRegistration.participant_id == participant_id,
            SessionRegistration.cancelled_at.is_(None))).scalars())


def standing_registration(session_id: int, participant_id: int | None
                          ) -> SessionRegistration | None:
    """The participant's standing registration for the session, if any."""
    if participant_id is None:
        return None
    return db.session.execute(db.select(SessionRegistration).where(
        SessionRegistration.session_id == session_id,
        SessionRegistration.participant_id == participant_id,
        SessionRegistration.cancelled_at.is_(None))).scalars().first()


def registrations_of(participant_id: int) -> list[SessionRegistration]:
    """A participant's registrations, with their sessions."""
    return list(db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.participant_id == participant_id)
    ).scalars())


def anonymize_registrations(participant_id: int) -> None:
    """Erase names and emails of a participant's registrations (and the mail ledger's
    rows about them); the places stay taken."""
    registrations = registrations_of(participant_id)
    ledger.forget("registration", [r.id for r in registrations])
    for registration in registrations:
        registration.name = ""
        registration.email = f"erased-{registration.id}@erased.invalid"
        registration.consent_reminders_at = None


def export_of(participant_id: int) -> dict:
    """The participant's session registrations and the emails about them, as plain data."""
    registrations = registrations_of(participant_id)
    return {"session_registrations": [
        {"session": r.session.title, "name": r.name, "email": r.email,
         "registered_at": r.created_at.isoformat(),
         "reminders": r.consent_reminders_at is not None}
        for r in registrations],
        "messages": ledger.about("registration", [r.id for r in registrations])}
