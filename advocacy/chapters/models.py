"""Chapters, the states they cover, their coordinators and sign-ups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..geography import STATE_ZONES

DEFAULT_ZONE = "America/New_York"

INTERESTS = {
    "contact_legislators": "Contact legislators",
    "share_stories": "Share stories",
    "attend_trainings": "Attend trainings",
    "host_events": "Host events",
}

chapter_coordinators = Table(
    "chapter_coordinators",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("chapter_id", ForeignKey("chapters.id", ondelete="CASCADE"), primary_key=True),
)


class Chapter(db.Model):
    __tablename__ = "chapters"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(String(128))
    # The coordinators' daily digest goes out at 17:00 here (None: the first state's zone).
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    states: Mapped[list[ChapterState]] = relationship(
        cascade="all, delete-orphan", order_by="ChapterState.state"
    )
    coordinators: Mapped[list[User]] = relationship(  # noqa: F821
        secondary=chapter_coordinators, back_populates="chapters"
    )

    @property
    def state_codes(self) -> list[str]:
        return [s.state for s in self.states]

    @property
    def zone(self) -> str:
        """The chapter's zone: its own, else its first state's."""
        codes = self.state_codes
        return self.timezone or (STATE_ZONES.get(codes[0]) if codes else None) or DEFAULT_ZONE


class ChapterState(db.Model):
    __tablename__ = "chapter_states"

    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class ChapterSignup(db.Model):
    __tablename__ = "chapter_signups"
    __table_args__ = (UniqueConstraint("chapter_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chapter_id: Mapped[int] = mapped_column(
        ForeignKey("chapters.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    zip: Mapped[str] = mapped_column(String(10))
    interests: Mapped[list] = mapped_column(JSON, default=list)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Details sent from a browser that did not make the sign-up: they apply only once
    # the link emailed to the sign-up's address is followed (knowing an email is not
    # enough to change, or take, someone's sign-up).
    pending_details: Mapped[dict | None] = mapped_column(JSON)
    pending_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
