"""Staff and advocate accounts, and anonymous participants."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

ROLES = ("advocate", "coordinator", "organizer", "admin")
# Roles that see every chapter and every state (coordinators see their own).
FULL_ACCESS_ROLES = frozenset({"organizer", "admin"})


def new_token() -> str:
    """A fresh unguessable token for sessions and participants."""
    return secrets.token_urlsafe(32)


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="advocate")
    display_name: Mapped[str] = mapped_column(String(120), default="")
    # Rotated at logout and password change: a session cookie carries it, so a
    # cookie copied before logout stops working afterwards.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An advocate account counts as claimed once a link sent to its email was followed.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    chapters: Mapped[list[Chapter]] = relationship(  # noqa: F821
        secondary="chapter_coordinators", back_populates="coordinators", order_by="Chapter.name"
    )

    # Flask-Login protocol -------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class Participant(db.Model):
    """An advocate's progress record, referred to by a signed cookie."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    zip: Mapped[str | None] = mapped_column(String(10))
    state: Mapped[str | None] = mapped_column(String(2))
    district: Mapped[int | None]
    timezone: Mapped[str | None] = mapped_column(String(64))
    # What this browser's person typed once, to fill their later forms (only for this
    # browser; erased with their data).
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    library: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    # Chapters this browser sent the sign-up form to (whatever became of it).
    chapter_ids: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()


LINK_PURPOSES = ("invite", "reset", "signin", "claim")


class AccountLink(db.Model):
    """A single-use link sent by email: a staff invitation or password reset (for a
    user), an advocate's sign-in link, or the link that finishes saving progress to a
    new account (for a participant). Only the token's hash is stored."""

    __tablename__ = "account_links"
    __table_args__ = (one_of("purpose", LINK_PURPOSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    # A claim link carries the password chosen in the form (hashed), set when followed.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
