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
from ..listing import bounded_int, choice, iso_date, page_number, read_filters
from ..policy import STAFF, guard
from . import exports, letter_exports, moderation
from .letters import letter_text
from .models import CONSENT_LABELS, IMPACT_AREAS, STORY_STATUSES

bp = guard(Blueprint("coordinate_stories", __name__, url_prefix="/coordinate/stories"), STAFF)


STORY_FILTERS = {"status": choice(*STORY_STATUSES), "impact_area": choice(*IMPACT_AREAS),
                 "state": choice(*STATES), "district": bounded_int(0, 99),
                 "week": bounded_int(1, 2**31 - 1), "since": iso_date, "until": iso_date,
                 "chapterless": choice("1")}


def current_filter() -> tuple[moderation.StoryFilter, dict]:
    """The list's filters from the query string (bad values are ignored), and the valid
    query keys for links."""
    filters = read_filters(request.args, STORY_FILTERS)
    return moderation.StoryFilter(
        status=filters["status"], impact_area=filters["impact_area"], state=filters["state"],
        district=filters["district"], week_id=filters["week"], since=filters["since"],
        until=filters["until"], chapterless=filters["chapterless"] == "1"), filters.query


def _letter_selection(story_filter: moderation.StoryFilter) -> letter_exports.Selection:
    """The letters of the stories the list's filters show, in the user's states."""
    states = moderation.states_in_scope(current_user)
    return letter_exports.Selection(None if states is None else frozenset(states),
                                    story_filter)


def _story(story_id: int):
    return moderation.story_in_scope(current_user, story_id)


@bp.route("/")
def index():
    story_filter, query = current_filter()
    return render_template(
        "stories/coordinate/stories.html",
        stories=moderation.stories_for(current_user, story_filter, page_number(request.args)),
        story_filter=story_filter, statuses=STORY_STATUSES, areas=IMPACT_AREAS,
        states=STATES, query=query,
        letter_counts=letter_exports.counts(_letter_selection(story_filter)),
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


LETTER_TYPES = {"txt": "text/plain", "html": "text/html", "pdf": "application/pdf",
                "csv": "text/csv", "zip": "application/zip"}


@bp.route("/letters.<any(txt, html, pdf, csv, zip):fmt>", methods=["POST"])
def letters(fmt: str):
    story_filter, query = current_filter()
    states = _letter_selection(story_filter)
    try:
        letter_exports.check_stored_templates()
    except DomainError as error:
        db.session.rollback()
        flash(f"The letter templates must be fixed first: {error.message}", "error")
        return redirect(url_for("coordinate_stories.index"))
    record_audit(current_user, "letters.exported", "letters", None, format=fmt,
                 filters=query)
    db.session.commit()
    filename = f"letters-to-legislators.{fmt}"
    if fmt == "txt":
        body = stream_with_context(letter_exports.text_stream(states))
    elif fmt == "csv":
        body = stream_with_context(letter_exports.mailmerge_stream(states))
        filename = "letters-mailmerge.csv"
    elif fmt == "pdf":
        body = letter_exports.pdf_bytes(states)
    elif fmt == "zip":
        body = letter_exports.read_chunks(letter_exports.zip_file(states))
    else:
        return render_template("stories/coordinate/letters.html",
                               letters=list(letter_exports.letters(states)),
                               letter_text=letter_text)
    return Response(body, mimetype=LETTER_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
