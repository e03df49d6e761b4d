"""Legislator and ZIP-district look-ups for other features."""

from __future__ import annotations

from ..extensions import db
from .models import Legislator


def legislator_data_loaded() -> bool:
    """Whether any members of Congress have been imported."""
    return db.session.execute(db.select(Legislator.id).limit(1)).first() is not None


def legislator_choices() -> list[tuple[int, str]]:
    """(id, label) of every member in office, by state then chamber and name."""
    rows = db.session.execute(
        db.select(Legislator).where(Legislator.in_office.is_(True))
        .order_by(Legislator.state, Legislator.chamber.desc(), Legislator.last_name)
    ).scalars()
    return [(m.id, f"{m.state} · {'Sen.' if m.chamber == 'senate' else 'Rep.'} "
                   f"{m.official_name}" + (f" ({m.state}-{m.district})"
                                            if m.chamber == "house" else ""))
            for m in rows]


def legislator_by_id(legislator_id: int) -> Legislator | None:
    """One member, or None."""
    return db.session.get(Legislator, legislator_id)
