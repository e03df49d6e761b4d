"""Coordinators moderate and export the stories of their chapters' states."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from ..audit import record_audit
from ..errors import DomainError, NotFound
from ..extensions import db
from ..forms_util import CsrfOnlyForm
from ..geography import STATES
from ..listing import page_number, read_filters
from ..policy import STAFF, guard
from . import exports, letter_exports, moderation
from .letter_requests import STORY_FILTERS, letter_selection, send_letters, story_filter_of
from .models import CONSENT_LABELS, IMPACT_AREAS, STORY_STATUSES

bp = guard(Blueprint("coordinate_stories", __name__, url_prefix="/coordinate/stories"), STAFF)


def current_filter() -> tuple[moderation.StoryFilter, dict]:
    """The list's filters from the query string (bad values are ignored), and the valid
    query keys for links."""
    filters = read_filters(request.args, STORY_FILTERS)
    return story_filter_of(filters), filters.query


def _story(story_id: int):
    return moderation.story_in_scope(current_user, story_id)


@bp.route("/")
def index():
    story_filter, query = current_filter()
    letter_counts, all_counts = letter_exports.both_counts(
        letter_selection(current_user, story_filter))
    return render_template(
        "stories/coordinate/stories.html",
        stories=moderation.stories_for(current_user, story_filter, page_number(request.args)),
        story_filter=story_filter, statuses=STORY_STATUSES, areas=IMPACT_AREAS,
        states=STATES, query=query,
        letter_counts=letter_counts, all_counts=all_counts,
        status_counts=moderation.status_counts(current_user, story_filter),
        bulk_form=CsrfOnlyForm())


def _story_page(story_id: int, typed: dict | None = None, error: DomainError | None = None):
    """The story with its moderation and correction forms (again with what was typed and
    the message at its field, after a refused correction)."""
    return render_template("stories/coordinate/story.html", story=_story(story_id),
                           areas=IMPACT_AREAS, consent_labels=CONSENT_LABELS,
                           editable=moderation.EDITABLE_FIELDS,
                           typed=typed or {}, error=error)


@bp.route("/<int:story_id>")
def detail(story_id: int):
    return _story_page(story_id)


@bp.route("/<int:story_id>/moderate", methods=["POST"])
def moderate(story_id: int):
    story = _story(story_id)
    try:
        moderation.moderate(current_user, story, request.form.get("decision", ""),
                            request.form.get("note", "")[:2000])
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _story_page(story_id), 400
    db.session.commit()
    flash(f"Story {story.status}.", "success")
    return redirect(url_for("coordinate_stories.index", status="pending"))


@bp.route("/bulk", methods=["POST"])
def bulk():
    """Approve or reject the ticked stories of the list, with one note."""
    _story_filter, query = current_filter()
    back = redirect(url_for("coordinate_stories.index", **query), code=303)
    if not CsrfOnlyForm().validate_on_submit():
        flash("The form expired: tick the stories again.", "error")
        return back
    ids = [int(value) for value in request.form.getlist("story_ids")  # ASCII digits only
           if re.fullmatch(r"[0-9]{1,10}", value) and int(value) < 2**31]
    decision = request.form.get("decision", "")
    try:
        done = moderation.moderate_many(current_user, ids, decision,
                                        request.form.get("note", "")[:2000])
    except NotFound:
        raise  # another chapter's story among them: 404, nothing changed
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return back
    db.session.commit()
    flash(f"{'Approved' if decision == 'approve' else 'Rejected'} {done} "
          f"{'story' if done == 1 else 'stories'}.", "success")
    return back


@bp.route("/<int:story_id>/edit", methods=["POST"])
def edit(story_id: int):
    story = _story(story_id)
    changes = {f: request.form.get(f, "") for f in moderation.EDITABLE_FIELDS
               if f in request.form}
    try:
        count = moderation.correct(current_user, story, changes)
    except DomainError as error:
        db.session.rollback()
        flash(f"Nothing saved: {error.message}", "error")
        return _story_page(story_id, typed=changes, error=error), 400
    db.session.commit()
    flash(f"Saved {count} correction{'s' if count != 1 else ''}; the old text is kept "
          "in the history.", "success")
    return redirect(url_for("coordinate_stories.detail", story_id=story.id))


def _audit_export(kind: str, query: dict) -> None:
    record_audit(current_user, "stories.exported", "stories", None, format=kind,
                 filters=query)
    db.session.commit()


@bp.route("/export.csv", methods=["POST"])
def export_csv():
    story_filter, query = current_filter()
    statement = moderation.scoped_query(current_user, story_filter)
    _audit_export("csv", query)
    body = exports.stories_csv(statement, bom=request.args.get("bom") == "1")
    return Response(stream_with_context(body), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="stories.csv"'})


@bp.route("/export.json", methods=["POST"])
def export_json():
    story_filter, query = current_filter()
    statement = moderation.scoped_query(current_user, story_filter)
    _audit_export("json", query)
    return Response(stream_with_context(exports.stories_json(statement)),
                    mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="stories.json"'})


@bp.route("/letters.<any(txt, html, pdf, csv, zip):fmt>", methods=["POST"])
def letters(fmt: str):
    story_filter, query = current_filter()
    selection = letter_selection(current_user, story_filter,
                                 undelivered=request.args.get("all") != "1")
    return send_letters(fmt, selection, query,
                        back=url_for("coordinate_stories.index", **query))
