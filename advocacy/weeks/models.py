"""Event weeks: days, live sessions, actions, session registrations and waitlists."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

WEEK_STATUSES = ("draft", "published", "archived")
ACTION_KINDS = ("story", "call", "chapter_signup", "register", "meeting_report", "watch", "link")
REGISTRATION_MODES = ("none", "internal", "external")


class Week(db.Model):
    __tablename__ = "weeks"
    __table_args__ = (one_of("status", WEEK_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    timezone: Mapped[str] = mapped_column(String(64), default="America/New_York")
    start_date: Mapped[date]
    end_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    recordings_until: Mapped[date | None]
    hotline: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    days: Mapped[list[Day]] = relationship(
        back_populates="week", cascade="all, delete-orphan", order_by="Day.date"
    )
    partners: Mapped[list[WeekPartner]] = relationship(
        back_populates="week", cascade="all, delete-orphan", order_by="WeekPartner.position"
    )


class WeekPartner(db.Model):
    """An organisation running the week with the organizers (the coalition)."""

    __tablename__ = "week_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0)

    week: Mapped[Week] = relationship(back_populates="partners")


class Day(db.Model):
    __tablename__ = "days"
    __table_args__ = (UniqueConstraint("week_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    date: Mapped[date]
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    week: Mapped[Week] = relationship(back_populates="days")
    sessions: Mapped[list[LiveSession]] = relationship(
        back_populates="day", cascade="all, delete-orphan",
        order_by="(LiveSession.position, LiveSession.starts_at)",
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="day", cascade="all, delete-orphan", order_by="Action.position"
    )


class LiveSession(db.Model):
    __tablename__ = "live_sessions"
    __table_args__ = (one_of("registration_mode", REGISTRATION_MODES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("days.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    host: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    registration_mode: Mapped[str] = mapped_column(String(10), default="internal")
    capacity: Mapped[int | None]
    registration_url: Mapped[str | None] = mapped_column(String(500))
    join_url: Mapped[str | None] = mapped_column(String(500))
    recording_url: Mapped[str | None] = mapped_column(String(500))
    members_only: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # Cancelled by an organizer: kept (its registrants were told), takes no registrations.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    day: Mapped[Day] = relationship(back_populates="sessions")
    registrations: Mapped[list[SessionRegistration]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionRegistration(db.Model):
    __tablename__ = "session_registrations"
    __table_args__ = (UniqueConstraint("session_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    # The zone the registrant was viewing the week in: their emails' times are in it.
    timezone: Mapped[str | None] = mapped_column(String(64))
    consent_reminders_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Cancelled by the registrant (their email's link): the place is free again.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[LiveSession] = relationship(back_populates="registrations")


class WaitlistEntry(db.Model):
    """Someone waiting for a place in a full session. When one frees, the first waiting
    is offered it (``offered_at``) and it is held for them until ``hold_until``; they
    accept (``accepted_at``: a registration is made) or the hold passes on
    (``passed_at``)."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (UniqueConstraint("session_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hold_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Action(db.Model):
    __tablename__ = "actions"
    __table_args__ = (one_of("kind", ACTION_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("days.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(default=5)
    kind: Mapped[str] = mapped_column(String(20), default="link")
    target: Mapped[str | None] = mapped_column(String(500))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    day: Mapped[Day] = relationship(back_populates="actions")
    session: Mapped[LiveSession | None] = relationship()
