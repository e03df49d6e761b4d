"""Coordinator pages (``/coordinate``), scoped to the coordinator's chapters."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_login import current_user

from ..audit import record_audit
from ..extensions import db
from ..policy import STAFF, guard
from . import dashboard as chapter_data
from . import services
from .models import INTERESTS

bp = guard(Blueprint("coordinate", __name__, url_prefix="/coordinate"), STAFF)


@bp.route("/")
def dashboard():
    chapters = services.chapters_in_scope(current_user)
    counts = services.signup_counts([chapter.id for chapter in chapters])
    return render_template("chapters/coordinate/dashboard.html", chapters=chapters, counts=counts)


def _list_args() -> dict:
    try:
        since = date.fromisoformat(request.args.get("since", ""))
    except ValueError:
        since = None
    return {"interest": request.args.get("interest") or None, "since": since,
            "sort": request.args.get("sort", "newest")}


@bp.route("/chapters/<chapter_slug>")
def chapter(chapter_slug: str):
    found = services.chapter_in_scope(current_user, chapter_slug)
    args = _list_args()
    return render_template("chapters/coordinate/chapter.html", chapter=found, args=args,
                           signups=chapter_data.signups(found, **args), interests=INTERESTS,
                           numbers=chapter_data.numbers(found), query=request.args.to_dict())


@bp.route("/chapters/<chapter_slug>/signups.csv", methods=["POST"])
def signups_csv(chapter_slug: str):
    found = services.chapter_in_scope(current_user, chapter_slug)
    record_audit(current_user, "signups.exported", "chapter", found.id)
    db.session.commit()
    return Response(stream_with_context(chapter_data.signups_csv(found, **_list_args())),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="{found.slug}-signups.csv"'})
