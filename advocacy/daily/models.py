"""An opted-in daily-actions email for one week (DESIGN: Subscription)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db
from ..mail.models import address_hash

MINUTE_CHOICES = (5, 15, 30, 0)  # 0: any amount of time (every action left today)


def _email_hash(context) -> str:
    return address_hash(context.get_current_parameters()["email"])


class DailySubscription(db.Model):
    """One address's daily email for one week. Nothing is sent until ``confirmed_at``
    (the link in the confirmation email was followed); what a request asked for waits
    in that link, so a stranger who types someone's address changes nothing."""

    __tablename__ = "daily_subscriptions"
    __table_args__ = (UniqueConstraint("week_id", "email"),
                      one_of("minutes", MINUTE_CHOICES))

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    # the address as the email settings page knows it (mail.models.address_hash)
    email_hash: Mapped[str] = mapped_column(String(64), index=True, default=_email_hash)
    minutes: Mapped[int] = mapped_column(default=15)
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
