"""``/organize/weeks/<slug>/stats``: how the week is going, charts and numbers."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, stream_with_context

from ..csvutil import stream_csv
from ..policy import ORGANIZERS, guard
from ..weeks.helpers import load_week
from . import services

bp = guard(Blueprint("stats", __name__, url_prefix="/organize/weeks/<week_slug>/stats"), ORGANIZERS)

TITLES = {
    "completions_by_day": "Actions ticked per day",
    "completions_by_action": "Actions ticked per action",
    "registrations": "Registrations per session",
    "calls": "Call outcomes",
    "stories_by_state": "Stories per state",
    "stories_by_area": "Stories per impact area",
    "signups_by_chapter": "Sign-ups per chapter",
    "minutes": "Minutes of advocacy",
}


@bp.route("/")
def page(week_slug: str):
    week = load_week(week_slug)
    stats = services.week_stats(week)
    return render_template("stats/organize/week.html", week=week, stats=stats, titles=TITLES,
                           tables=services.tables(week, stats, services.day_label))


@bp.route("/<name>.csv")
def table_csv(week_slug: str, name: str):
    week = load_week(week_slug)
    tables = services.tables(week, services.week_stats(week))
    if name not in tables:
        abort(404)
    header, rows = tables[name]
    return Response(stream_with_context(stream_csv(header, rows)), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{week.slug}-{name}.csv"'})
