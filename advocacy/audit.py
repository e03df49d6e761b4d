"""The audit log: who exported, moderated or changed what, and when.

Every feature records its staff actions here, so it lives below them all. The
actor is a user id (a plain foreign key): the log never holds personal data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .database import UTCDateTime, utcnow
from .extensions import db


class AuditEvent(db.Model):
    """Who exported, moderated or changed what, and when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def record_audit(actor, action: str, subject_type: str, subject_id: object = None,
                 summary: str = "", **detail) -> AuditEvent:
    """Append an audit event by ``actor`` (a user or None); never personal data in ``detail``."""
    event = AuditEvent(actor_id=actor.id if actor else None, action=action,
                       subject_type=subject_type,
                       subject_id=None if subject_id is None else str(subject_id),
                       summary=summary, detail=detail)
    db.session.add(event)
    return event
