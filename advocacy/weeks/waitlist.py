"""Waitlists of full sessions.

A full session takes names on its waitlist. When a place frees (a cancellation, a
raised capacity, a hold that lapsed), the first person waiting is offered it by email
and it is held for them for 24 hours: a held place counts as taken for everyone else.
Following the offer's link and pressing its button registers them; a hold that lapses
passes to the next (the sweep, every minute). Every step runs under the session row's
lock (FOR UPDATE on PostgreSQL; SQLite's write transactions are exclusive), the same
lock as registering, so places are never offered or taken twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from huey import crontab

from ..database import utcnow
from ..errors import DomainError, NotFound
from ..extensions import db
from ..mail import ledger
from ..tasks import periodic
from ..textrules import normalize_email
from ..tokens import row_of_token, row_token
from . import registration as reg
from .models import LiveSession, SessionRegistration, WaitlistEntry

HOLD = timedelta(hours=24)
OFFER = "waitlist.offer"
ACCEPT_PURPOSE = "waitlist.accept"


class PlacesFree(DomainError):
    """The session has free places: register instead of waiting."""


class HoldLapsed(DomainError):
    """The offer's 24 hours are over (the place went to the next person)."""


def _locked(session_id: int) -> LiveSession:
    live = db.session.execute(db.select(LiveSession).where(
        LiveSession.id == session_id).with_for_update()).scalar_one_or_none()
    if live is None:
        raise NotFound("No such session.")
    return live


def join(session_id: int, name: str, email: str, participant_id: int | None,
         timezone: str | None = None) -> WaitlistEntry | None:
    """Put ``email`` on the session's waitlist (once; someone whose hold lapsed goes to
    the end again). None when that address is registered already."""
    live = _locked(session_id)
    reg.check_open(live)
    email = normalize_email(email)
    if db.session.execute(db.select(SessionRegistration.id).where(
            SessionRegistration.session_id == live.id, SessionRegistration.email == email,
            SessionRegistration.cancelled_at.is_(None))).first():
        return None
    if (reg.places_left(live) or 0) > 0 or live.capacity is None:
        raise PlacesFree("Places are free again: register now.")
    entry = db.session.execute(db.select(WaitlistEntry).where(
        WaitlistEntry.session_id == live.id, WaitlistEntry.email == email)
    ).scalar_one_or_none()
    if entry is None:
        entry = WaitlistEntry(session_id=live.id, name=name.strip(), email=email,
                              participant_id=participant_id, timezone=timezone)
        db.session.add(entry)
    elif entry.passed_at is not None or entry.accepted_at is not None:
        # Back to the end of the line (an accepted place since cancelled, a lapsed hold).
        entry.created_at, entry.offered_at, entry.hold_until = utcnow(), None, None
        entry.accepted_at = entry.passed_at = None
    db.session.flush()
    return entry


def offer_free_places(session_id: int, now: datetime | None = None) -> int:
    """Offer each free place of the session to the next person waiting (24 h holds);
    how many offers went out."""
    now = now or utcnow()
    live = _locked(session_id)
    if live.cancelled_at is not None or now >= live.starts_at:
        return 0
    free = reg.places_left(live, now) or 0
    if free <= 0:
        return 0
    waiting = db.session.execute(db.select(WaitlistEntry).where(
        WaitlistEntry.session_id == live.id, WaitlistEntry.offered_at.is_(None))
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id).limit(free)).scalars().all()
    for entry in waiting:
        entry.offered_at, entry.hold_until = now, min(now + HOLD, live.starts_at)
        ledger.queue(OFFER, entry.email, f"{OFFER}:{entry.id}:{now:%Y%m%dT%H%M%S}",
                     "waitlist_entry", entry.id)
    db.session.flush()
    return len(waiting)


@periodic("waitlist.sweep", crontab(minute="*"))
def sweep(now: datetime | None = None) -> int:
    """Holds that lapsed pass to the next person waiting; how many offers went out."""
    now = now or utcnow()
    lapsed = db.session.execute(db.update(WaitlistEntry).where(
        WaitlistEntry.hold_until <= now, WaitlistEntry.accepted_at.is_(None),
        WaitlistEntry.passed_at.is_(None)).values(passed_at=now)
        .returning(WaitlistEntry.session_id)).scalars().all()
    offered = sum(offer_free_places(session_id, now) for session_id in sorted(set(lapsed)))
    db.session.commit()
    return offered


def accept_token(entry: WaitlistEntry) -> str:
    """The token of the offer's accept link."""
    return row_token(ACCEPT_PURPOSE, entry.id, entry.email)


def entry_for_accept(token: str) -> WaitlistEntry:
    """The waitlist entry an offer's link names; InvalidToken otherwise."""
    return row_of_token(ACCEPT_PURPOSE, token,
                        lambda row_id: db.session.get(WaitlistEntry, row_id),
                        "This place is no longer on offer.")


def accept(entry: WaitlistEntry, now: datetime | None = None) -> SessionRegistration:
    """Take the held place: a registration (idempotent for an accepted offer)."""
    now = now or utcnow()
    _locked(entry.session_id)
    db.session.refresh(entry)
    if entry.accepted_at is None:
        if entry.offered_at is None or entry.passed_at is not None or (
                entry.hold_until is None or entry.hold_until <= now):
            raise HoldLapsed("This offer has lapsed: the place went to the next person "
                             "waiting.")
        entry.accepted_at = now  # the hold ends here, and the place is theirs below
        db.session.flush()
    return reg.register(entry.session_id, entry.name, entry.email, False,
                        entry.participant_id, timezone=entry.timezone).registration


def waiting_count(session_id: int) -> int:
    """People waiting for a place (not yet offered one)."""
    return db.session.execute(db.select(db.func.count()).select_from(WaitlistEntry).where(
        WaitlistEntry.session_id == session_id, WaitlistEntry.offered_at.is_(None))
    ).scalar_one()


def reassign(source_id: int, target_id: int) -> None:
    """Two records of one person merged: their waitlist places follow."""
    db.session.execute(db.update(WaitlistEntry).where(
        WaitlistEntry.participant_id == source_id).values(participant_id=target_id))


def erase_for(participant_id: int) -> None:
    """The participant's data erased: their waitlist places (and the ledger's rows about
    them) go."""
    ids = db.session.execute(db.select(WaitlistEntry.id).where(
        WaitlistEntry.participant_id == participant_id)).scalars().all()
    ledger.forget("waitlist_entry", list(ids))
    db.session.execute(db.delete(WaitlistEntry).where(
        WaitlistEntry.participant_id == participant_id))


def export_of(participant_id: int) -> list[dict]:
    """The participant's waitlist places, as plain data."""
    return [{"session": e.session_id, "name": e.name, "email": e.email,
             "joined_at": e.created_at.isoformat(),
             "offered_at": e.offered_at.isoformat() if e.offered_at else None,
             "accepted": e.accepted_at is not None}
            for e in db.session.execute(db.select(WaitlistEntry).where(
                WaitlistEntry.participant_id == participant_id)).scalars()]
