"""Queueing and sending ledger messages: at most once per key, retried when the
server says "later", marked failed (and the address suppressed on a hard bounce)
when it says "never".

A feature registers each kind of message with ``register_kind(kind, build)``:
``build(message)`` returns the composed message (``messages.compose``) from the
row's subject at send time, or None when there is nothing to send any more (a
cancelled registration, say). ``queue`` writes the row in the caller's transaction
and queues the ``mail.send`` task after the commit; ``mail.sweep`` sends, every
minute, whatever is due (a retry, or a row whose task was lost).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..database import utcnow
from ..extensions import db
from ..tasks import after_commit
from .messages import send
from .models import ALL_KINDS, Message, Suppression, address_hash

log = logging.getLogger(__name__)
_KINDS: dict[str, Callable] = {}
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
           timedelta(hours=2), timedelta(hours=6))
STALE_CLAIM = timedelta(minutes=10)
HARD_BOUNCES = {550, 551, 553}  # the mailbox does not exist / is not accepted


def register_kind(kind: str, build: Callable) -> None:
    """Say how to build messages of ``kind`` (see the module's docstring)."""
    _KINDS[kind] = build


def is_suppressed(address: str, kind: str) -> bool:
    """Whether ``address`` gets no mail of ``kind``."""
    return db.session.execute(db.select(Suppression.id).where(
        Suppression.address_hash == address_hash(address),
        Suppression.kind.in_((kind, ALL_KINDS)))).first() is not None


def suppress(address: str, kind: str = ALL_KINDS, reason: str = "") -> None:
    """No more mail of ``kind`` to ``address`` (idempotent)."""
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(Suppression).values(
        address_hash=address_hash(address), kind=kind, reason=reason[:200],
        created_at=utcnow()).on_conflict_do_nothing(index_elements=["address_hash", "kind"]))


def queue(kind: str, recipient: str, key: str, subject_type: str | None = None,
          subject_id: int | None = None) -> Message | None:
    """Queue one message, once per ``key`` (a repeat returns None and changes nothing).
    A suppressed address gets a row with status ``suppressed`` and no mail."""
    if kind not in _KINDS:
        raise KeyError(f"unknown message kind {kind!r}")
    status = "suppressed" if is_suppressed(recipient, kind) else "queued"
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    created = db.session.execute(insert(Message).values(
        kind=kind, recipient=recipient.strip(), idempotency_key=key[:200],
        subject_type=subject_type, subject_id=subject_id, status=status, attempts=0,
        last_error="", next_attempt_at=utcnow(), created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(Message.id)
    ).scalar_one_or_none()
    if created is None:
        return None
    if status == "queued":
        after_commit("mail.send", created)
    return db.session.get(Message, created)


def forget(subject_type: str, subject_ids: list[int]) -> None:
    """Delete the ledger rows about these subjects (a person's data erased); what was
    suppressed stays suppressed, as a hash only."""
    if subject_ids:
        db.session.execute(db.delete(Message).where(Message.subject_type == subject_type,
                                                    Message.subject_id.in_(subject_ids)))


def about(subject_type: str, subject_ids: list[int]) -> list[dict]:
    """The ledger rows about these subjects, as plain data (for "download my data")."""
    if not subject_ids:
        return []
    rows = db.session.execute(db.select(Message).where(
        Message.subject_type == subject_type, Message.subject_id.in_(subject_ids))
        .order_by(Message.id)).scalars()
    return [{"kind": m.kind, "to": m.recipient, "status": m.status,
             "queued_at": m.created_at.isoformat(),
             "sent_at": m.sent_at.isoformat() if m.sent_at else None} for m in rows]


def _claim(message_id: int, now: datetime) -> bool:
    claimed = db.session.execute(update(Message).where(Message.id == message_id, or_(
        (Message.status == "queued") & (Message.next_attempt_at <= now),
        (Message.status == "sending") & (Message.claimed_at < now - STALE_CLAIM)))
        .values(status="sending", claimed_at=now)).rowcount
    db.session.commit()
    return bool(claimed)


def _answer(error: Exception) -> tuple[int | None, str]:
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return None, f"{type(error).__name__}: {error}"[:500]
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return code, f"{code} {text}"[:500]


def send_one(message_id: int, now: datetime | None = None) -> str | None:
    """Send one queued message if it is due and nobody else is sending it; its new
    status, or None when there was nothing to do."""
    now = now or utcnow()
    if not _claim(message_id, now):
        return None
    message = db.session.get(Message, message_id)
    try:
        built = _KINDS[message.kind](message)
        if built is not None:
            send(built)
    except (OSError, smtplib.SMTPException) as error:
        code, text = _answer(error)
        _failed_attempt(message, code, text, now)
    else:
        message.status = "sent" if built is not None else "failed"
        message.last_error = "" if built is not None else "Nothing to send any more."
        message.attempts += 1
        message.sent_at = now if built is not None else None
    message.claimed_at = None
    status = message.status  # read before the commit expires it (no new transaction)
    db.session.commit()
    return status


def _failed_attempt(message: Message, code: int | None, text: str, now: datetime) -> None:
    message.attempts += 1
    message.last_error = text
    permanent = code is not None and 500 <= code < 600
    if permanent or message.attempts > len(BACKOFF):
        message.status = "failed"
        # A server's answer often repeats the address ("550 <ada@…>: no such user"): it
        # stays in the ledger row (which erasure deletes), never in the log or the
        # suppression list, which keeps the address as a hash only.
        if code in HARD_BOUNCES:
            suppress(message.recipient, ALL_KINDS, f"hard bounce ({code})")
        log.warning("message %s failed (SMTP %s)", message.id, code or "no answer")
        return
    message.status = "queued"
    message.next_attempt_at = now + BACKOFF[message.attempts - 1]
    after_commit("mail.send", message.id, eta=message.next_attempt_at)


def send_due(now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send every message due at ``now``; counts by new status."""
    now = now or utcnow()
    db.session.commit()
    ids = db.session.execute(db.select(Message.id).where(or_(
        (Message.status == "queued") & (Message.next_attempt_at <= now),
        (Message.status == "sending") & (Message.claimed_at < now - STALE_CLAIM)))
        .order_by(Message.next_attempt_at, Message.id).limit(limit)).scalars().all()
    outcomes: dict[str, int] = {}
    for message_id in ids:
        status = send_one(message_id, now)
        if status is not None:
            outcomes[status] = outcomes.get(status, 0) + 1
    return outcomes
