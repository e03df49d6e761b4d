"""What advocates did: completions, call outcomes and meeting reports."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

COMPLETION_SOURCES = ("manual", "story", "chapter_signup", "registration", "meeting_report", "call")
CALL_OUTCOMES = ("voicemail", "talked", "no_answer")
MEETING_FORMATS = ("in_person", "video", "phone")


class Completion(db.Model):
    """One participant has done one action (at most once: the unique key)."""

    __tablename__ = "completions"
    __table_args__ = (UniqueConstraint("participant_id", "action_id"),
                      one_of("source_type", COMPLETION_SOURCES))

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source_type: Mapped[str] = mapped_column(String(20), default="manual")
    source_id: Mapped[int | None]


class CallReport(db.Model):
    """The outcome an advocate reported after a call action."""

    __tablename__ = "call_reports"
    __table_args__ = (one_of("outcome", CALL_OUTCOMES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeetingReport(db.Model):
    """"Tell us about your meetings with elected officials"."""

    __tablename__ = "meeting_reports"
    __table_args__ = (one_of("format", MEETING_FORMATS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    week_id: Mapped[int | None] = mapped_column(
        ForeignKey("weeks.id", ondelete="SET NULL"), index=True
    )
    legislator_id: Mapped[int | None] = mapped_column(
        ForeignKey("legislators.id", ondelete="SET NULL"), index=True
    )
    legislator_name: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str | None] = mapped_column(String(2))
    meeting_date: Mapped[date]
    format: Mapped[str] = mapped_column(String(20))
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[bool] = mapped_column(default=False)
    # Who the coordinator may reach about the follow-up (only when one was asked for,
    # with consent; blanked with the person's data).
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
