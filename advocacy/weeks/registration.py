"""Registration for live sessions: capacity that holds under concurrency."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from .. import signals
from ..database import utcnow
from ..errors import DomainError, NotFound
from ..extensions import db
from ..mail import ledger
from ..textrules import normalize_email
from .models import Day, LiveSession, SessionRegistration, Week

CONFIRMATION = "registration.confirmation"


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
        .where(LiveSession.id == session_id, Week.status == "published")
    ).scalar_one_or_none()
    if live is None:
        raise NotFound("No such session.")
    return live


def places_left(live: LiveSession) -> int | None:
    """Free places (None: no limit)."""
    if live.capacity is None:
        return None
    taken = db.session.execute(
        db.select(func.count()).select_from(SessionRegistration)
        .where(SessionRegistration.session_id == live.id)
    ).scalar_one()
    return max(live.capacity - taken, 0)


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
    if live.registration_mode != "internal":
        raise RegistrationClosed("This session does not take registrations on this site.")
    if utcnow() >= live.starts_at:
        raise RegistrationClosed("Registration has closed: this session has already started.")
    email = normalize_email(email)
    existing = db.session.execute(
        db.select(SessionRegistration).where(SessionRegistration.session_id == live.id,
                                             SessionRegistration.email == email)
    ).scalar_one_or_none()
    if existing is not None:
        return RegistrationResult(existing, created=False)
    left = places_left(live)
    if left is not None and left <= 0:
        raise SessionFull("Sorry, this session is full: every place has been taken.")
    registration = SessionRegistration(
        session_id=live.id, name=name.strip(), email=email, participant_id=participant_id,
        consent_reminders_at=utcnow() if reminders else None, timezone=timezone,
    )
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:  # the same email won a race: idempotent all the same
        existing = db.session.execute(
            db.select(SessionRegistration).where(SessionRegistration.session_id == live.id,
                                                 SessionRegistration.email == email)
        ).scalar_one()
        return RegistrationResult(existing, created=False)
    return RegistrationResult(registration, created=True)


def reassign_registrations(source_id: int, target_id: int) -> None:
    """Move registrations from one participant to another (account merge)."""
    db.session.execute(db.update(SessionRegistration)
                       .where(SessionRegistration.participant_id == source_id)
                       .values(participant_id=target_id))


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
