"""Coordinator pages (``/coordinate``), scoped to the coordinator's chapters."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_login import current_user

from ..audit import record_audit
from ..database import utcnow
from ..extensions import db
from ..listing import choice, iso_date, page_number, read_filters
from ..policy import STAFF, guard
from ..weeks import services as weeks
from . import dashboard as chapter_data
from . import services
from .models import INTERESTS

bp = guard(Blueprint("coordinate", __name__, url_prefix="/coordinate"), STAFF)


@bp.route("/")
def dashboard():
    chapters = services.chapters_in_scope(current_user)
    counts = services.signup_counts([chapter.id for chapter in chapters])
    return render_template("chapters/coordinate/dashboard.html", chapters=chapters, counts=counts)


SIGNUP_FILTERS = {"interest": choice(*INTERESTS), "since": iso_date,
                  "sort": choice(*chapter_data.SORTS)}


def _list_args() -> tuple[dict, dict]:
    """The sign-up list's filters (values, and the valid query keys for links)."""
    filters = read_filters(request.args, SIGNUP_FILTERS)
    return {**filters.values, "sort": filters.get("sort", "newest")}, filters.query


@bp.route("/chapters/<chapter_slug>")
def chapter(chapter_slug: str):
    found = services.chapter_in_scope(current_user, chapter_slug)
    args, query = _list_args()
    return render_template("chapters/coordinate/chapter.html", chapter=found, args=args,
                           signups=chapter_data.signups(
                               found, **args, page=page_number(request.args)),
                           total=services.signup_counts([found.id]).get(found.id, 0),
                           interests=INTERESTS, numbers=chapter_data.numbers(found),
                           query=query, message_week=weeks.cached_current_slug(utcnow()))


@bp.route("/chapters/<chapter_slug>/signups.csv", methods=["POST"])
def signups_csv(chapter_slug: str):
    found = services.chapter_in_scope(current_user, chapter_slug)
    record_audit(current_user, "signups.exported", "chapter", found.id)
    db.session.commit()
    return Response(stream_with_context(chapter_data.signups_csv(found, **_list_args()[0])),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="{found.slug}-signups.csv"'})
