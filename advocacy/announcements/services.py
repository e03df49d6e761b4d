"""Writing, testing, scheduling and sending announcements.

Sending is in two steps, so the request that says "send" only writes one row: the
announcement is scheduled (now, or at a set time); the ``announcements.sweep`` (every
minute, and a task queued by "send now") claims it and queues its messages in the
ledger in batches, keyed by (announcement, address) — a repeat, a second worker or a
restart never queues one twice — spread so that at most ``MAIL_RATE`` fall due in any
minute. Consent and the suppression list are checked as each message goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import case, func, update

from ..accounts.models import User
from ..database import utcnow
from ..errors import DomainError, NotFound
from ..extensions import db
from ..mail import ledger
from ..mail.messages import SUBJECT_MAX
from ..mail.models import Message, address_hash
from ..policy import ORGANIZERS
from ..tasks import after_commit, periodic, task
from ..tokens import new_secret
from ..weeks.models import Week
from . import audience
from .messages import KIND, TEST_KIND
from .models import Announcement

BODY_MAX = 20_000
BATCH = 5000


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    audience: str


def visible_to(user: User, week: Week):
    """A SELECT of the week's announcements ``user`` may see (coordinators: those to
    their own chapters' sign-ups), newest first."""
    statement = db.select(Announcement).where(Announcement.week_id == week.id)
    if user.role not in ORGANIZERS:
        keys = [a.key for a in audience.choices_for(user, week)]
        statement = statement.where(Announcement.audience.in_(keys))
    return statement.order_by(Announcement.id.desc())


def load(user: User, week: Week, announcement_id: int) -> Announcement:
    """Load-and-check: the announcement if ``user`` may see it; NotFound otherwise."""
    found = db.session.execute(visible_to(user, week).where(
        Announcement.id == announcement_id)).scalar_one_or_none()
    if found is None:
        raise NotFound("No such announcement.")
    return found


def _check(user: User, week: Week, draft: Draft) -> None:
    if not draft.subject.strip():
        raise DomainError("Give the message a subject.", "subject")
    if len(draft.subject) > SUBJECT_MAX:
        raise DomainError(f"Keep the subject under {SUBJECT_MAX} characters.", "subject")
    if not draft.body.strip():
        raise DomainError("Write the message.", "body")
    if len(draft.body) > BODY_MAX:
        raise DomainError(f"Keep the message under {BODY_MAX:,} characters.", "body")
    audience.check(user, week, draft.audience)


def save_draft(user: User, week: Week, draft: Draft,
               announcement: Announcement | None = None) -> Announcement:
    """A new draft, or changes to one not yet sent (DomainError next to a field)."""
    _check(user, week, draft)
    if announcement is None:
        announcement = Announcement(week_id=week.id, author_id=user.id)
        db.session.add(announcement)
    elif announcement.status not in ("draft", "scheduled"):
        raise DomainError("This message is already on its way: it cannot change.", "body")
    announcement.subject = " ".join(draft.subject.split())
    announcement.body = draft.body.strip().replace("\r\n", "\n")
    announcement.audience = draft.audience
    announcement.status, announcement.send_at = "draft", None
    db.session.flush()
    return announcement


def send_test(user: User, announcement: Announcement) -> None:
    """A copy to ``user`` alone, marked as a test."""
    ledger.queue(TEST_KIND, user.email, f"{TEST_KIND}:{announcement.id}:{new_secret()[:16]}",
                 "announcement", announcement.id)


def schedule(user: User, week: Week, announcement: Announcement,
             send_at: datetime | None = None) -> None:
    """Send now (``send_at`` None) or at ``send_at``; the audience is checked again."""
    if announcement.status not in ("draft", "scheduled"):
        raise DomainError("This message is already on its way.", "send_at")
    now = utcnow()
    if send_at is not None and send_at < now - timedelta(minutes=1):
        raise DomainError("Choose a time in the future, or send it now.", "send_at")
    if send_at is not None and send_at > now + timedelta(days=366):
        raise DomainError("Choose a time within the next year.", "send_at")
    audience.check(user, week, announcement.audience)
    announcement.status, announcement.send_at = "scheduled", send_at or now
    db.session.flush()
    if send_at is None or send_at <= now:
        after_commit("announcements.queue", announcement.id)


def unschedule(announcement: Announcement) -> None:
    """Back to a draft (only before its time came)."""
    if announcement.status != "scheduled":
        raise DomainError("Only a scheduled message can be stopped.", "send_at")
    announcement.status, announcement.send_at = "draft", None


CLAIM_STALE = timedelta(minutes=5)  # a claim not renewed for this long was a dead worker


def _claimable(now: datetime):
    """SQL: due, or left half-queued by a dead worker (never one another worker is
    queueing: its claim is renewed each batch)."""
    return (((Announcement.status == "scheduled") & (Announcement.send_at <= now))
            | ((Announcement.status == "sending") & (Announcement.claimed_at < now - CLAIM_STALE)))


def _claim(announcement_id: int, now: datetime) -> bool:
    """Take the announcement for this worker, if it is claimable."""
    claimed = db.session.execute(
        update(Announcement).where(Announcement.id == announcement_id, _claimable(now))
        .values(status="sending", claimed_at=now)).rowcount
    db.session.commit()
    return bool(claimed)


def key_of(announcement_id: int, address: str) -> str:
    """The ledger key of one recipient's copy: once per (announcement, address)."""
    return f"{KIND}:{announcement_id}:{address_hash(address)}"


def queue_messages(announcement_id: int, now: datetime | None = None) -> int:
    """Queue one ledger row per address of the audience, once (see the module); the
    number of new rows. One worker at a time (its claim, renewed each batch); a crash
    mid-way leaves the claim to go stale, then the sweep finishes the job (the keys
    drop what was queued before)."""
    now = now or utcnow()
    if not _claim(announcement_id, now):
        return 0
    announcement = db.session.get(Announcement, announcement_id)
    rate = current_app.config["MAIL_RATE"]
    start = max(announcement.send_at or now, now)
    queued, position, after = 0, 0, ""
    while True:
        batch = audience.members(announcement.week_id, announcement.audience, after, BATCH)
        if not batch:
            break
        for offset in range(0, len(batch), rate):  # at most ``rate`` due a minute
            rows = [(email, key_of(announcement.id, email), subject_type, subject_id)
                    for email, subject_type, subject_id in batch[offset:offset + rate]]
            due = start + timedelta(minutes=(position + offset) // rate)
            queued += ledger.queue_many(KIND, rows, due=due)
        position += len(batch)
        after = batch[-1][0]
        db.session.execute(update(Announcement).where(Announcement.id == announcement.id)
                           .values(claimed_at=utcnow()))  # still ours
        db.session.commit()  # each batch lands: a large audience never holds the lock
    announcement = db.session.get(Announcement, announcement_id)
    announcement.status, announcement.queued_at = "sent", utcnow()
    announcement.recipients = position
    db.session.commit()
    return queued


task("announcements.queue")(queue_messages)


@periodic("announcements.sweep", crontab(minute="*"))
def sweep(now: datetime | None = None) -> int:
    """Every minute: queue the announcements whose time came (and finish any a dead
    worker left half-queued); how many messages were queued."""
    now = now or utcnow()
    due = db.session.execute(db.select(Announcement.id).where(_claimable(now))).scalars().all()
    return sum(queue_messages(announcement_id, now) for announcement_id in due)


def counts(announcement_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each announcement: its ledger rows by status (queued, sent, failed,
    unsubscribed — suppressed — and skipped)."""
    found: dict[int, dict[str, int]] = {}
    if not announcement_ids:
        return found
    # The copies' keys name the announcement: one pass over the announcement rows.
    which = case(*[(Message.idempotency_key.like(f"{KIND}:{announcement_id}:%"), announcement_id)
                   for announcement_id in announcement_ids])
    rows = db.session.execute(db.select(which, Message.status, func.count())
                              .where(Message.kind == KIND, which.is_not(None))
                              .group_by(which, Message.status)).all()
    for announcement_id, status, number in rows:
        label = {"suppressed": "unsubscribed", "sending": "queued"}.get(status, status)
        entry = found.setdefault(announcement_id, {})
        entry[label] = entry.get(label, 0) + number
    return found
