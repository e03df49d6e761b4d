"""Queueing and sending ledger messages: at most once per key, retried when the
server says "later", marked failed (and the address suppressed on a hard bounce)
when it says "never".

A feature registers each kind of message with ``register_kind(kind, build, list)``:
``build(message, now)`` returns the composed message (``messages.compose``) from the
row's subject at send time, or raises ``Skip`` when there is nothing to send any more
(a cancelled registration, a session that moved); ``list`` names the mailing list a
person can leave (the message then carries RFC 8058 List-Unsubscribe headers; none
for account links). ``queue``/``queue_many`` write rows in the caller's transaction
and queue the ``mail.send`` task after the commit; ``mail.sweep`` sends, every
minute, whatever is due (a retry, or a row whose task was lost).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, func, or_, update

from ..database import READ_ONLY_OPTION, dialect_insert, utcnow
from ..extensions import db
from ..listing import Page, page_of
from ..tasks import after_commit
from .messages import UnsendableAddress, connection
from .models import ALL_KINDS, Message, Suppression, address_hash

log = logging.getLogger(__name__)
_KINDS: dict[str, Callable] = {}
_LISTS: dict[str, str] = {}  # kind -> the list a person leaves by unsubscribing
BATCH = 25  # messages per mail.send task (sent over one SMTP connection)
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
           timedelta(hours=2), timedelta(hours=6))
HARD_BOUNCES = {550, 551, 553}  # the mailbox does not exist / is not accepted


class Skip(Exception):
    """Raised by a kind's builder: nothing to send any more (the reason is kept)."""


class _Suppressed(Skip):
    """The address left this kind of mail (or bounced): the row says so, no reason."""


def register_kind(kind: str, build: Callable, mailing_list: str | None = None) -> None:
    """Say how to build messages of ``kind`` and which list they belong to (see the
    module's docstring)."""
    _KINDS[kind] = build
    if mailing_list:
        _LISTS[kind] = mailing_list


def mailing_lists() -> set[str]:
    """The lists a person can unsubscribe from."""
    return set(_LISTS.values())


def _suppressed_by(kind: str) -> tuple[str, ...]:
    return (kind, ALL_KINDS) + ((_LISTS[kind],) if kind in _LISTS else ())


def is_suppressed(address: str, kind: str) -> bool:
    """Whether ``address`` gets no mail of ``kind`` (nor of its list)."""
    return db.session.execute(db.select(Suppression.id).where(
        Suppression.address_hash == address_hash(address),
        Suppression.kind.in_(_suppressed_by(kind)))).first() is not None


def _insert():
    return dialect_insert(db.engine.dialect.name)


def suppress(address: str, kind: str = ALL_KINDS, reason: str = "") -> None:
    """No more mail of ``kind`` (or a list's name) to ``address`` (idempotent)."""
    suppress_hash(address_hash(address), kind, reason)


def suppress_hash(hashed: str, kind: str, reason: str = "") -> None:
    """``suppress`` for an address known only by its hash (an unsubscribe link's)."""
    db.session.execute(_insert()(Suppression).values(
        address_hash=hashed, kind=kind, reason=reason[:200],
        created_at=utcnow()).on_conflict_do_nothing(index_elements=["address_hash", "kind"]))


def unsuppress(address: str, kind: str) -> None:
    """``address`` asked again for ``kind`` (a list's name), and proved it is theirs: its
    suppression of that kind goes (a hard bounce's, of every kind, stays)."""
    unsuppress_hash(address_hash(address), kind)


def unsuppress_hash(hashed: str, kind: str) -> None:
    """``unsuppress`` for an address known only by its hash (a settings link's)."""
    db.session.execute(db.delete(Suppression).where(
        Suppression.address_hash == hashed, Suppression.kind == kind))


@functools.cache
def _queue_statement(dialect: str):
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING id, built once per dialect."""
    insert = dialect_insert(dialect)
    columns = ("kind", "recipient", "idempotency_key", "subject_type", "subject_id", "status",
               "attempts", "last_error", "next_attempt_at", "created_at")
    table = Message.__table__  # Core, not the ORM's bulk-insert path: a third of the cost
    return (insert(table).values({name: bindparam(name) for name in columns})
            .on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(table.c.id))


def queue(kind: str, recipient: str, key: str, subject_type: str | None = None,
          subject_id: int | None = None) -> int | None:
    """Queue one message, once per ``key``: the new row's id (a repeat returns None and
    changes nothing). Whether the address is suppressed is checked when it is sent
    (the row then says ``suppressed`` and nothing goes): one statement here, in the
    request that caused the message."""
    if kind not in _KINDS:
        raise KeyError(f"unknown message kind {kind!r}")
    now = utcnow()
    created = db.session.execute(_queue_statement(db.engine.dialect.name), {
        "kind": kind, "recipient": recipient.strip(), "idempotency_key": key[:200],
        "subject_type": subject_type, "subject_id": subject_id, "status": "queued",
        "attempts": 0, "last_error": "", "next_attempt_at": now, "created_at": now,
    }).scalar_one_or_none()
    if created is not None:
        after_commit("mail.send", created)
    return created


def queue_many(kind: str, rows: list[tuple[str, str, str, int]], due: datetime | None = None
               ) -> int:
    """Queue many messages of one kind at once: ``rows`` of (recipient, key,
    subject_type, subject_id); a key already in the ledger is skipped. Sent at ``due``
    (default now) in batches; whether an address is suppressed is checked when each
    is sent. The number of new rows."""
    if kind not in _KINDS:
        raise KeyError(f"unknown message kind {kind!r}")
    if not rows:
        return 0
    now = utcnow()
    due = due or now
    values = [dict(kind=kind, recipient=recipient.strip(), idempotency_key=key[:200],
                   subject_type=subject_type, subject_id=subject_id, status="queued",
                   attempts=0, last_error="", next_attempt_at=due, created_at=now)
              for recipient, key, subject_type, subject_id in rows]
    created = db.session.execute(
        _insert()(Message).on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(Message.id), values).scalars().all()
    for start in range(0, len(created), BATCH):
        after_commit("mail.send", *created[start:start + BATCH],
                     eta=due if due > now else None)
    return len(created)


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


def _due(now: datetime):
    stale = now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])
    return or_((Message.status == "queued") & (Message.next_attempt_at <= now),
               (Message.status == "sending") & (Message.claimed_at < stale))


def _claim(message_ids, now: datetime) -> list:
    """Claim those of the messages that are due, in one statement: their rows (id,
    kind, recipient, subject, key, attempts); none that another worker has."""
    claimed = db.session.execute(
        update(Message).where(Message.id.in_(list(message_ids)), _due(now))
        .values(status="sending", claimed_at=now)
        .returning(Message.id, Message.kind, Message.recipient, Message.subject_type,
                   Message.subject_id, Message.idempotency_key, Message.attempts)).all()
    db.session.commit()
    return sorted(claimed, key=lambda row: row.id)


def _answer(error: Exception) -> tuple[int | None, str]:
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code, text = next(iter(error.recipients.values()))
    elif isinstance(error, smtplib.SMTPResponseException):
        code, text = error.smtp_code, error.smtp_error
    else:
        return None, f"{type(error).__name__}: {error}"[:500]
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return code, f"{code} {text}"[:500]


def send_one(message_id: int, now: datetime | None = None, smtp=None) -> str | None:
    """Send one queued message if it is due and nobody else is sending it (over
    ``smtp``, an open connection, if given); its new status, or None when there was
    nothing to do."""
    now = now or utcnow()
    claimed = _claim([message_id], now)
    return _send_claimed(claimed[0], now, smtp) if claimed else None


def _send_claimed(message, now: datetime, smtp=None) -> str:
    # Building only reads: on SQLite that transaction takes no write lock, and it ends
    # before the SMTP conversation, so a slow server holds up no other worker.
    db.session.connection(execution_options={READ_ONLY_OPTION: True})
    outcome: dict = {"claimed_at": None}
    try:
        if is_suppressed(message.recipient, message.kind):
            raise _Suppressed()
        built = _KINDS[message.kind](message, now)
        db.session.rollback()
        if smtp is None:
            with connection() as fresh:
                fresh.send_messages([built])
        else:
            smtp.open()  # no-op when open; a broken one was closed below
            smtp.send_messages([built])
    except _Suppressed:
        db.session.rollback()
        outcome.update(status="suppressed", last_error="")
    except Skip as skip:
        db.session.rollback()
        outcome.update(status="skipped", last_error=str(skip)[:500])
    except UnsendableAddress as error:
        db.session.rollback()
        outcome.update(status="failed", last_error=f"Unsendable address: {error}",
                       attempts=message.attempts + 1)
    except (OSError, smtplib.SMTPException) as error:
        code, text = _answer(error)
        outcome.update(_failed_attempt(message, code, text, now))
        if smtp is not None:
            _close(smtp)  # the next message opens a fresh connection
    else:
        outcome.update(status="sent", last_error="", attempts=message.attempts + 1,
                       sent_at=now)
    db.session.execute(update(Message).where(Message.id == message.id).values(**outcome))
    db.session.commit()
    return outcome["status"]


def send_batch(*message_ids: int) -> dict[str, int]:
    """The ``mail.send`` task: send these messages over one SMTP connection."""
    return _send_each(message_ids, utcnow())


def _send_each(message_ids, now: datetime) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    if not message_ids:
        return outcomes
    smtp = connection()
    try:
        message_ids = list(message_ids)
        for start in range(0, len(message_ids), BATCH):  # claimed shortly before sending
            for message in _claim(message_ids[start:start + BATCH], now):
                status = _send_claimed(message, now, smtp)
                outcomes[status] = outcomes.get(status, 0) + 1
    finally:
        _close(smtp)
    return outcomes


def _close(smtp) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):  # the server went first
        smtp.close()


def _failed_attempt(message, code: int | None, text: str, now: datetime) -> dict:
    """The row's new values after a failed attempt (and the retry queued, or the address
    suppressed on a hard bounce)."""
    attempts = message.attempts + 1
    permanent = code is not None and 500 <= code < 600
    if permanent or attempts > len(BACKOFF):
        # A server's answer often repeats the address ("550 <ada@…>: no such user"): it
        # stays in the ledger row (which erasure deletes), never in the log or the
        # suppression list, which keeps the address as a hash only.
        if code in HARD_BOUNCES:
            suppress(message.recipient, ALL_KINDS, f"hard bounce ({code})")
        log.warning("message %s failed (SMTP %s)", message.id, code or "no answer")
        return {"status": "failed", "attempts": attempts, "last_error": text}
    retry_at = now + BACKOFF[attempts - 1]
    after_commit("mail.send", message.id, eta=retry_at)
    return {"status": "queued", "attempts": attempts, "last_error": text,
            "next_attempt_at": retry_at}


def send_due(now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Send every message due at ``now``; counts by new status."""
    now = now or utcnow()
    db.session.commit()
    ids = db.session.execute(db.select(Message.id).where(_due(now))
        .order_by(Message.next_attempt_at, Message.id).limit(limit)).scalars().all()
    return _send_each(ids, now)


def summary(subject_type: str, subject_ids) -> dict[str, dict[str, int]]:
    """For the ledger rows about ``subject_ids`` (a list or a SELECT of ids): counts by
    kind and status, in one query."""
    counts: dict[str, dict[str, int]] = {}
    for kind, status, number in db.session.execute(
            db.select(Message.kind, Message.status, func.count())
            .where(_about(subject_type, subject_ids)).group_by(Message.kind, Message.status)):
        counts.setdefault(kind, {})[status] = number
    return counts


def messages_page(subject_type: str, subject_ids, status: str | None, page: int = 1) -> Page:
    """A page of the ledger rows about ``subject_ids`` (of one ``status`` if given),
    newest first."""
    statement = db.select(Message).where(_about(subject_type, subject_ids))
    if status:
        statement = statement.where(Message.status == status)
    return page_of(statement.order_by(Message.id.desc()), page)


def _about(subject_type: str, subject_ids):
    return (Message.subject_type == subject_type) & Message.subject_id.in_(subject_ids)


def masked(address: str) -> str:
    """An address as organizers see it: ada@example.org -> a**@e******.org."""
    local, _, domain = address.partition("@")
    name, dot, top = domain.rpartition(".")
    hide = lambda part: part[:1] + "*" * max(len(part) - 1, 1)  # noqa: E731
    return f"{hide(local)}@{hide(name)}{dot}{top}" if name else f"{hide(local)}@{hide(domain)}"
