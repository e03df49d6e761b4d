"""Public week pages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, abort, render_template

from ..database import utcnow
from ..errors import NotFound
from . import services
from .schedule import build_schedule

bp = Blueprint("weeks", __name__)


def _render_week(week):
    zone = ZoneInfo(week.timezone)
    now = utcnow()
    return render_template(
        "weeks/week.html", week=week, zone=zone, now=now,
        days=build_schedule(week, zone, now),
    )


@bp.route("/")
def index():
    week = services.current_or_next_week(utcnow().date())
    if week is None:
        return render_template("weeks/none.html")
    return _render_week(week)


@bp.route("/weeks/<week_slug>")
def week(week_slug: str):
    try:
        found = services.published_week(week_slug)
    except NotFound:
        abort(404)
    return _render_week(found)
