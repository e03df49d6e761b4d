"""Read-only JSON API of published weeks (documented in docs/api.md)."""

from __future__ import annotations

import hashlib
from datetime import UTC

from flask import Blueprint, jsonify, request, url_for
from sqlalchemy import func

from ..database import utcnow
from ..extensions import db
from ..policy import ANYONE, guard
from . import services
from .exchange import export_week
from .models import Week
from .schedule import session_state, visible_join_url

bp = guard(Blueprint("api", __name__, url_prefix="/api/v1"), ANYONE)


def _conditional(payload: dict, last_modified, tag_source: str):
    response = jsonify(payload)
    response.set_etag(hashlib.blake2b(tag_source.encode(), digest_size=12).hexdigest())
    if last_modified is not None:
        response.last_modified = last_modified.astimezone(UTC)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)


@bp.route("/weeks")
def weeks():
    count, newest = db.session.execute(
        db.select(func.count(), func.max(Week.updated_at)).where(Week.status == "published")
    ).one()
    found = services.published_weeks()
    payload = {"weeks": [{
        "slug": week.slug, "title": week.title, "timezone": week.timezone,
        "start_date": week.start_date.isoformat(), "end_date": week.end_date.isoformat(),
        "url": url_for("weeks.week", week_slug=week.slug, _external=True),
        "api_url": url_for("api.week", week_slug=week.slug, _external=True),
    } for week in found]}
    return _conditional(payload, newest, f"weeks:{count}:{newest}:{[w.slug for w in found]}")


@bp.route("/weeks/<week_slug>")
def week(week_slug: str):
    found = services.published_week(week_slug)
    data = export_week(found)["week"]
    by_date = {day.date.isoformat(): day for day in found.days}
    now, states = utcnow(), []
    for day in data["days"]:
        model_day = by_date[day["date"]]
        for item, live in zip(day["sessions"], model_day.sessions, strict=True):
            item["id"] = live.id
            item["state"] = "cancelled" if live.cancelled_at else session_state(
                live.starts_at, live.duration_minutes, now)
            # The join link only as the week's page shows it (public session, live).
            item["join_url"] = visible_join_url(live.join_url, live.members_only,
                                                item["state"])
            states.append(item["state"])
            item["starts_at"] = live.starts_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
            item["ics_url"] = url_for("weeks.session_ics", session_id=live.id, _external=True)
        for item, action in zip(day["actions"], model_day.actions, strict=True):
            item["id"] = action.id
    data["url"] = url_for("weeks.week", week_slug=found.slug, _external=True)
    data["ics_url"] = url_for("weeks.week_ics", week_slug=found.slug, _external=True)
    return _conditional({"week": data}, found.updated_at,
                        f"week:{found.id}:{found.updated_at.isoformat()}:{states}")
