"""Impact stories, their consents, impact areas and edit history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

STORY_STATUSES = ("pending", "approved", "rejected")
CONSENT_KINDS = ("share", "publish", "contact")
CONSENT_LABELS = {"share": "Share with legislators", "publish": "Publish on this site",
                  "contact": "May be contacted about the story"}
IMPACT_AREAS = {
    "covid_relief": "COVID-19 relief (protective equipment, meeting space, outreach to seniors)",
    "connectivity": "Connectivity and devices (hotspots, laptops, Wi-Fi)",
    "remote_learning": "Remote learning",
    "jobs": "Jobs and small business",
    "government_services": "Government services and the census",
    "health_information": "Trusted health information and vaccines",
    "digital_inclusion": "Digital inclusion and skills",
    "programs": "Programs for all ages",
}


class Story(db.Model):
    __tablename__ = "stories"
    # A letter reads one district's (or one state's) stories: the state and district
    # together (a state's alone by its first column).
    __table_args__ = (one_of("status", STORY_STATUSES),
                      Index("ix_stories_state_district", "state", "district"))

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int | None] = mapped_column(
        ForeignKey("weeks.id", ondelete="SET NULL"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)  # the duplicate check
    library: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(2))
    zip: Mapped[str] = mapped_column(String(10))
    district: Mapped[int | None] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    moderation_note: Mapped[str] = mapped_column(Text, default="")
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    impact_areas: Mapped[list[StoryImpactArea]] = relationship(cascade="all, delete-orphan")
    consents: Mapped[list[StoryConsent]] = relationship(cascade="all, delete-orphan")
    revisions: Mapped[list[StoryRevision]] = relationship(
        cascade="all, delete-orphan", order_by="StoryRevision.created_at"
    )


class StoryImpactArea(db.Model):
    __tablename__ = "story_impact_areas"
    __table_args__ = (one_of("area", IMPACT_AREAS),)

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class StoryConsent(db.Model):
    """One consent given with a story: what, under which policy version, when."""

    __tablename__ = "story_consents"
    __table_args__ = (UniqueConstraint("story_id", "kind"), one_of("kind", CONSENT_KINDS))

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    policy_version: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoryRevision(db.Model):
    """A moderator's correction to a story, with the value it replaced."""

    __tablename__ = "story_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LetterTemplate(db.Model):
    """The organizer-written intro and closing of letters to legislators (one row)."""

    __tablename__ = "letter_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    intro: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)  # re-encoded PNG or clean SVG
    logo_type: Mapped[str | None] = mapped_column(String(20))


DELIVERY_METHODS = {"email": "Email", "contact_form": "The member's web contact form",
                    "fax": "Fax", "meeting": "On paper, at a meeting", "other": "Other"}


class LetterDelivery(db.Model):
    """A letter delivered to one legislator: how, when, by whom; the stories it held."""

    __tablename__ = "letter_deliveries"
    __table_args__ = (one_of("method", DELIVERY_METHODS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_key: Mapped[str] = mapped_column(String(40), index=True)  # bioguide id or place
    recipient_name: Mapped[str] = mapped_column(String(200))
    chamber: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(2), index=True)
    district: Mapped[int | None]
    method: Mapped[str] = mapped_column(String(20))
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeliveredStory(db.Model):
    """A story a delivered letter held (gone with the story when its author erases it)."""

    __tablename__ = "delivered_stories"
    __table_args__ = (Index("ix_delivered_stories_recipient_story", "recipient_key",
                            "story_id"),)

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("letter_deliveries.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, index=True)
    recipient_key: Mapped[str] = mapped_column(String(40))


EXPORT_STATUSES = ("queued", "running", "ready", "failed")


class ExportJob(db.Model):
    """A letters export made in the background, for the coordinator who asked for it."""

    __tablename__ = "export_jobs"
    __table_args__ = (one_of("status", EXPORT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    fmt: Mapped[str] = mapped_column(String(10))
    selection: Mapped[str] = mapped_column(Text)  # JSON: scope, filters, undelivered
    status: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str | None] = mapped_column(String(100))  # in instance/exports/
    error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
