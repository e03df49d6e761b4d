"""An announcement: what it says, to whom, and when it goes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

# draft -> scheduled (a send time is set) -> sending (its messages are being queued)
# -> sent (every message is in the ledger); a scheduled one can go back to draft.
STATUSES = ("draft", "scheduled", "sending", "sent")


class Announcement(db.Model):
    """One message to one audience of a week (``audience``: ``session:<id>``,
    ``daily`` or ``chapter:<id>``). The ledger holds one row per recipient."""

    __tablename__ = "announcements"
    __table_args__ = (one_of("status", STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipients: Mapped[int] = mapped_column(default=0)  # how many it was queued for
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # while ``sending``: when a worker last claimed it (one worker queues its copies)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
