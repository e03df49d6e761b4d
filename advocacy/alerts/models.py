"""A staff member's alert choices per chapter, and how far the sweeps have read."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import one_of
from ..extensions import db

STORY_CHOICES = ("instant", "digest", "off")
SIGNUP_CHOICES = ("digest", "off")
FOLLOW_UP_CHOICES = ("instant", "off")
DEFAULTS = {"stories": "digest", "signups": "digest", "follow_ups": "instant"}
NO_CHAPTER = "none"  # the scope of the states without a chapter (organizers)


class AlertSetting(db.Model):
    """What one staff member gets about one chapter (``scope`` its id as text, or
    ``none``: the states without a chapter). No row: the defaults."""

    __tablename__ = "alert_settings"
    __table_args__ = (UniqueConstraint("user_id", "scope"),
                      one_of("stories", STORY_CHOICES), one_of("signups", SIGNUP_CHOICES),
                      one_of("follow_ups", FOLLOW_UP_CHOICES))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    stories: Mapped[str] = mapped_column(String(10), default=DEFAULTS["stories"])
    signups: Mapped[str] = mapped_column(String(10), default=DEFAULTS["signups"])
    follow_ups: Mapped[str] = mapped_column(String(10), default=DEFAULTS["follow_ups"])


class AlertCursor(db.Model):
    """The last row id an instant-alert sweep has handled, per source."""

    __tablename__ = "alert_cursors"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
