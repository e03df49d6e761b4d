"""Time zones: validation, the viewer's choice, and the short list offered to advocates."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

TZ_COOKIE = "advocacy_tz"

COMMON_ZONES = (
    ("America/New_York", "Eastern"),
    ("America/Chicago", "Central"),
    ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona"),
    ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Puerto Rico and US Virgin Islands"),
    ("Pacific/Guam", "Guam and Northern Mariana Islands"),
    ("Pacific/Pago_Pago", "American Samoa"),
    ("UTC", "UTC"),
)


@lru_cache(maxsize=1)
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted."""
    return tuple(sorted(available_timezones() - {"localtime", "Factory"}))


@lru_cache(maxsize=1)
def _zone_set() -> frozenset[str]:
    return frozenset(all_zones())


def is_valid_zone(name: str | None) -> bool:
    """True for an IANA zone name such as ``America/Los_Angeles``."""
    return bool(name) and name in _zone_set()


def zone_choices(*extra: str) -> list[tuple[str, str]]:
    """The advocate picker's options: the common US zones plus any ``extra`` ones."""
    choices = [(name, f"{label} ({name.replace('_', ' ')})") for name, label in COMMON_ZONES]
    known = {name for name, _ in choices}
    for name in extra:
        if name and name not in known:
            choices.insert(0, (name, name.replace("_", " ")))
            known.add(name)
    return choices


def resolve_zone(requested: str | None, remembered: str | None, default: str) -> ZoneInfo:
    """The zone to show: the one asked for, else the remembered one, else the week's."""
    for name in (requested, remembered, default):
        if is_valid_zone(name):
            return ZoneInfo(name)
    return ZoneInfo("UTC")


def date_in_zone(now: datetime, zone_name: str) -> date:
    """The calendar date at instant ``now`` in the named zone (a week's days are
    dates in the week's zone; UTC if the name is not a zone)."""
    return now.astimezone(resolve_zone(None, None, zone_name)).date()
