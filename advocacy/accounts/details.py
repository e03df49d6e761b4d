"""What a participant typed once (name, email, ZIP, state, library, city), kept on
their own record to fill their later forms in the same browser: never in a cookie,
only ever shown to the browser whose cookie names the record, erased with their data.
"""

from __future__ import annotations

from ..geography import STATES
from ..textrules import storable
from .models import Participant

LIMITS = {"name": 120, "email": 254, "zip": 5, "state": 2, "library": 200, "city": 120}


def remember_details(participant: Participant, **values: str | None) -> None:
    """Keep what was typed (blank values and unknown names are ignored)."""
    for name, value in values.items():
        if name not in LIMITS or not isinstance(value, str):
            continue
        value = value.strip()[:LIMITS[name]]
        if name == "email":
            value = value.lower()
        if not value or not storable(value) or (name == "state" and value not in STATES):
            continue
        setattr(participant, name, value)


def remember_chapter(participant: Participant, chapter_id: int) -> None:
    """This browser sent the sign-up form of ``chapter_id``."""
    ids = list(participant.chapter_ids or [])
    if chapter_id not in ids:
        participant.chapter_ids = [*ids, chapter_id]


def known_details(participant) -> dict[str, str]:
    """What the participant typed before ({} for none); ``participant`` is the record
    or a row of its detail columns."""
    if participant is None:
        return {}
    return {name: getattr(participant, name) for name in LIMITS
            if getattr(participant, name)}


def forget_details(participant: Participant) -> None:
    """Erase them (with the rest of the person's data)."""
    for name in LIMITS:
        setattr(participant, name, None)
    participant.chapter_ids = None


def carry_details(source: Participant, target: Participant) -> None:
    """On merging two records, keep what the target lacks."""
    for name in LIMITS:
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    target.chapter_ids = sorted(set(target.chapter_ids or []) | set(source.chapter_ids or []))
