"""The one-row table ``/healthz`` writes to: a database that can be read but not
written (a read-only file, directory or replica) is not healthy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime
from ..extensions import db


class HealthCheck(db.Model):
    __tablename__ = "health_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
