"""Helpers the week views share with other features' staff pages.

Views import these, never each other: ``load_week`` (load-and-check for
organizer pages), ``render_week`` (the public page and the organizer's
preview) and ``actor`` (the signed-in user recorded on edits).
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from .. import signals
from . import services
from .schedule import build_schedule
from .timezones import date_in_zone, zone_choices


def load_week(slug: str):
    """Load-and-check for organizer pages: any status, 404 if missing."""
    return services.week_for_organizer(slug)


def actor():
    """The signed-in user (the object itself, not the proxy) for services to record."""
    return current_user._get_current_object()


def render_week(week, template: str, zone, now, **extra) -> str:
    """Render a week page (also used by the organizer's preview): today first during
    the week, this browser's progress per day, everyone's totals."""
    today = date_in_zone(now, week.timezone)
    # Everyone's totals are shown once the week is over: only then counted.
    activity = signals.collect(signals.week_activity, week.id,
                               totals=today > week.end_date)
    return render_template(template, week=week, zone=zone, now=now,
                           days=build_schedule(week, zone, now), today=today,
                           done=activity.get("done", {}),
                           totals=activity.get("totals", (0, 0)),
                           zone_choices=zone_choices(zone.key, week.timezone), **extra)
