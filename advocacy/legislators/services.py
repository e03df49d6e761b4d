"""Legislator and ZIP-district look-ups for other features."""

from __future__ import annotations

from ..extensions import db
from .models import Legislator


def legislator_data_loaded() -> bool:
    """Whether any members of Congress have been imported."""
    return db.session.execute(db.select(Legislator.id).limit(1)).first() is not None
