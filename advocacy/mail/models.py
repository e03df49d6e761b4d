"""The mail ledger: one row per message (sent at most once per idempotency key),
and the suppression list (hashes of addresses that get no more mail of a kind)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

# skipped: nothing to send any more when its time came (a cancelled registration,
# a reminder for a start time the session no longer has).
MESSAGE_STATUSES = ("queued", "sending", "sent", "failed", "suppressed", "skipped")
ALL_KINDS = "*"  # a suppression of every kind (a hard bounce)


def address_hash(address: str) -> str:
    """What the suppression list keeps of an address (never the address itself)."""
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


class Message(db.Model):
    """One message: what it is about, where it goes, and how sending went. The body
    is rendered when it is sent and never kept."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_due", "status", "next_attempt_at"),
                      # the ledger page, erasure and exports find rows by what they are about
                      Index("ix_messages_subject", "subject_type", "subject_id"),
                      one_of("status", MESSAGE_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject_type: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Suppression(db.Model):
    """An address (as its hash) that gets no more mail of ``kind`` (``*``: none)."""

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("address_hash", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
