"""Legislator and ZIP-district look-ups for other features."""

from __future__ import annotations

from ..caching import caches
from ..database import read_only_connection
from ..extensions import db
from .models import Legislator, ZipDistrict


def _reference_read(statement):
    """Rows of a read of imported reference data, on a pooled connection of its own: a
    POST that asks (the story form placing a ZIP) does not start its write transaction
    for it."""
    with read_only_connection(db.engine) as connection:
        return connection.execute(statement).all()


def legislator_data_loaded() -> bool:
    """Whether any members of Congress have been imported."""
    return bool(_reference_read(db.select(Legislator.id).limit(1)))


def legislator_choices(state: str | None = None, district: int | None = None
                       ) -> list[tuple[int, str]]:
    """(id, label) of every member in office, by state then chamber and name; the
    members for ``state`` (and ``district``) first, when given."""
    rows = list(db.session.execute(
        db.select(Legislator).where(Legislator.in_office.is_(True))
        .order_by(Legislator.state, Legislator.chamber.desc(), Legislator.last_name)
    ).scalars())
    if state:
        def own(m) -> bool:
            return m.state == state and (m.chamber == "senate" or district is None
                                         or m.district == district)
        rows.sort(key=lambda m: not own(m))  # stable: the order above within each group
    return [(m.id, f"{m.state} · {'Sen.' if m.chamber == 'senate' else 'Rep.'} "
                   f"{m.official_name}" + (f" ({m.state}-{m.district})"
                                            if m.chamber == "house" else ""))
            for m in rows]


def legislator_by_id(legislator_id: int) -> Legislator | None:
    """One member, or None."""
    return db.session.get(Legislator, legislator_id)


def _zip_pairs(zip_code: str):
    return (db.select(ZipDistrict.state, ZipDistrict.district)
            .where(ZipDistrict.zcta == zip_code.strip()[:5])
            .order_by(ZipDistrict.state, ZipDistrict.district))


def districts_for_zip(zip_code: str) -> list[tuple[str, int]]:
    """(state, district) pairs a ZIP (ZCTA) falls in; several for a split ZIP."""
    return [(state, district) for state, district in _reference_read(_zip_pairs(zip_code))]


def zip_lookup(zip_code: str) -> tuple[list[tuple[str, int]], bool]:
    """``districts_for_zip`` and, when it finds none, whether any members of Congress
    are imported at all (one connection for both), kept ``REFERENCE_MAX_AGE`` seconds."""
    zip_code = zip_code.strip()[:5]
    return caches().remember(caches().reference, ("zip", zip_code),
                             lambda: _zip_lookup(zip_code))


def _zip_lookup(zip_code: str) -> tuple[list[tuple[str, int]], bool]:
    with read_only_connection(db.engine) as connection:
        pairs = [(state, district) for state, district
                 in connection.execute(_zip_pairs(zip_code))]
        loaded = bool(pairs) or connection.execute(
            db.select(Legislator.id).limit(1)).first() is not None
    return pairs, loaded


def members_for(state: str, district: int | None) -> list[Legislator]:
    """The representative of (state, district) and the state's senators, in office."""
    chamber_match = Legislator.chamber == "senate"
    if district is not None:
        chamber_match = chamber_match | ((Legislator.chamber == "house") &
                                         (Legislator.district == district))
    return list(db.session.execute(
        db.select(Legislator).where(Legislator.state == state,
                                    Legislator.in_office.is_(True), chamber_match)
        .order_by(Legislator.chamber, Legislator.last_name)
    ).scalars())
