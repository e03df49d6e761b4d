"""Members of Congress, their offices, and the ZIP (ZCTA) to district table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, one_of, utcnow
from ..extensions import db

CHAMBERS = ("house", "senate")


class Legislator(db.Model):
    __tablename__ = "legislators"
    __table_args__ = (one_of("chamber", CHAMBERS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bioguide_id: Mapped[str] = mapped_column(String(10), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    official_name: Mapped[str] = mapped_column(String(200))
    chamber: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(2), index=True)
    district: Mapped[int | None]
    party: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    contact_form_url: Mapped[str | None] = mapped_column(String(500))
    website_url: Mapped[str | None] = mapped_column(String(500))
    dc_office: Mapped[str | None] = mapped_column(String(300))
    in_office: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    offices: Mapped[list[LegislatorOffice]] = relationship(cascade="all, delete-orphan")


class LegislatorOffice(db.Model):
    __tablename__ = "legislator_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    legislator_id: Mapped[int] = mapped_column(
        ForeignKey("legislators.id", ondelete="CASCADE"), index=True
    )
    office_key: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    suite: Mapped[str] = mapped_column(String(120), default="")
    building: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))


class ZipDistrict(db.Model):
    """One ZCTA's share of a congressional district (district 0 = at-large)."""

    __tablename__ = "zip_districts"

    zcta: Mapped[str] = mapped_column(String(5), primary_key=True)
    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    district: Mapped[int] = mapped_column(primary_key=True)
