"""Signing up with a chapter, so that knowing someone's email gives a stranger nothing.

A browser may create a sign-up, or change one it made itself. Details sent for an
address that already signed up from another browser wait on the row: they apply,
and the sign-up moves to the browser that follows it, only once the link emailed to
that address is followed. The form answers the same words in both cases, and a
race of first sign-ups with one address (``INSERT … ON CONFLICT DO NOTHING``) makes
one row, the other requests answering as for a repeat.
"""

from __future__ import annotations

import enum
from datetime import timedelta

from .. import signals
from ..database import dialect_insert, utcnow
from ..errors import DomainError
from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose
from ..phones import normalize_phone
from ..templating import external_url
from ..textrules import normalize_email
from ..tokens import InvalidToken, row_of_token, row_token
from .messages import queue_receipt
from .models import INTERESTS, Chapter, ChapterSignup

CONFIRM_PURPOSE = "confirm-signup"
CONFIRM_LIFETIME = timedelta(hours=48)
SIGNUP_CONFIRM = "chapter.signup_confirm"


class Outcome(enum.Enum):
    CREATED = "created"    # a new sign-up (its receipt is queued)
    UPDATED = "updated"    # this browser's own sign-up, changed
    EMAILED = "emailed"    # another browser's: a confirmation link is emailed


def sign_up(chapter: Chapter, name: str, email: str, zip_code: str, phone: str,
            interests: list[str], participant_id: int | None
            ) -> tuple[ChapterSignup, Outcome]:
    """Sign up with ``chapter`` from the browser of ``participant_id`` (see the module)."""
    if set(interests) - set(INTERESTS):
        raise DomainError("Choose interests from the list.", "interests")
    email = normalize_email(email)
    details = {"name": name.strip(), "zip": zip_code.strip()[:5],
               "phone": normalize_phone(phone), "interests": sorted(set(interests))}
    signup, created = _existing(chapter.id, email), False
    if signup is None:
        signup = _insert(chapter.id, email, details, participant_id)
        created = signup is not None
        if signup is None:  # a concurrent request made it just now
            signup = _existing(chapter.id, email)
    if created:
        outcome = Outcome.CREATED
        signals.signup_saved.send(signup, created=True)
        queue_receipt(signup)
    else:
        if participant_id is not None and signup.participant_id == participant_id:
            outcome = Outcome.UPDATED
            _apply(signup, details)
            signals.signup_saved.send(signup, created=False)
        else:
            outcome = Outcome.EMAILED
            _hold(signup, details)
    signals.signup_submitted.send(signup, participant_id=participant_id)
    return signup, outcome


def _existing(chapter_id: int, email: str) -> ChapterSignup | None:
    """The address's sign-up with the chapter, locked for this transaction."""
    return db.session.execute(db.select(ChapterSignup).where(
        ChapterSignup.chapter_id == chapter_id, ChapterSignup.email == email)
        .with_for_update()).scalar_one_or_none()


def _insert(chapter_id: int, email: str, details: dict, participant_id: int | None
            ) -> ChapterSignup | None:
    """The new sign-up, or None when a concurrent request made one for the address
    first (the unique key decides, no error)."""
    now = utcnow()
    new_id = db.session.execute(
        dialect_insert(db.engine.dialect.name)(ChapterSignup).values(
            chapter_id=chapter_id, email=email, participant_id=participant_id,
            consent_at=now, created_at=now, updated_at=now, **details)
        .on_conflict_do_nothing(index_elements=["chapter_id", "email"])
        .returning(ChapterSignup.id)).scalar_one_or_none()
    return db.session.get(ChapterSignup, new_id) if new_id is not None else None


def _apply(signup: ChapterSignup, details: dict) -> None:
    signup.name, signup.zip, signup.phone = details["name"], details["zip"], details["phone"]
    signup.interests = list(details["interests"])
    signup.consent_at = utcnow()
    signup.pending_details = signup.pending_at = None
    db.session.flush()


def _hold(signup: ChapterSignup, details: dict) -> None:
    """Keep ``details`` until the address confirms; one email an hour at most (the
    link applies whatever details are newest when it is followed)."""
    now = utcnow()
    signup.pending_details, signup.pending_at = details, now
    db.session.flush()
    ledger.queue(SIGNUP_CONFIRM, signup.email,
                 f"{SIGNUP_CONFIRM}:{signup.id}:{now.strftime('%Y%m%d%H')}",
                 "chapter_signup", signup.id)


def confirm_token(signup: ChapterSignup) -> str:
    """The token of the confirmation link (void once the email changes, as erasure does)."""
    return row_token(CONFIRM_PURPOSE, signup.id, signup.email)


def signup_to_confirm(token: str) -> ChapterSignup:
    """The sign-up whose held details a confirmation link names; InvalidToken if the
    link is bad, old, or there is nothing (any more) to confirm."""
    signup = row_of_token(CONFIRM_PURPOSE, token,
                          lambda row_id: db.session.get(ChapterSignup, row_id),
                          "This sign-up no longer exists.",
                          max_age=int(CONFIRM_LIFETIME.total_seconds()))
    if signup.pending_details is None or signup.pending_at is None or (
            utcnow() - signup.pending_at > CONFIRM_LIFETIME):
        raise InvalidToken("There is nothing to confirm: the details were already "
                           "confirmed, or they are too old. Send the form again.")
    return signup


def confirm(signup: ChapterSignup, participant_id: int) -> None:
    """Apply the held details and give the sign-up to the browser that followed the
    link (``participant_id``): it has shown it reads the address's mail."""
    _apply(signup, signup.pending_details)
    signup.participant_id = participant_id
    db.session.flush()
    signals.signup_saved.send(signup, created=False)
    signals.signup_submitted.send(signup, participant_id=participant_id)


def build_confirm(message, now):
    signup = db.session.get(ChapterSignup, message.subject_id)
    if signup is None:
        raise ledger.Skip("The sign-up was erased.")
    if signup.pending_details is None:
        raise ledger.Skip("Nothing is waiting to be confirmed.")
    chapter = db.session.get(Chapter, signup.chapter_id)
    return compose(signup.email, f"Confirm your details with {chapter.name}",
                   "chapters/mail/signup_confirm", name=signup.name, mailing_list="receipts",
                   chapter=chapter, hours=int(CONFIRM_LIFETIME.total_seconds() // 3600),
                   confirm_url=external_url("chapters.confirm", token=confirm_token(signup)))


ledger.register_kind(SIGNUP_CONFIRM, build_confirm, "receipts")
