"""What the coordinator pages share about letters: the list's filters, the selection
of stories they make in the user's scope, and handing out an export (in the request
when it is small, else as a background job)."""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from ..audit import record_audit
from ..errors import DomainError
from ..extensions import db
from ..geography import STATES
from ..listing import bounded_int, choice, iso_date
from . import export_jobs, letter_exports, moderation
from .models import IMPACT_AREAS, STORY_STATUSES

STORY_FILTERS = {"status": choice(*STORY_STATUSES), "impact_area": choice(*IMPACT_AREAS),
                 "state": choice(*STATES), "district": bounded_int(0, 99),
                 "week": bounded_int(1, 2**31 - 1), "since": iso_date, "until": iso_date,
                 "chapterless": choice("1")}


def story_filter_of(filters) -> moderation.StoryFilter:
    """The moderation list's filter from read query values."""
    return moderation.StoryFilter(
        status=filters["status"], impact_area=filters["impact_area"], state=filters["state"],
        district=filters["district"], week_id=filters["week"], since=filters["since"],
        until=filters["until"], chapterless=filters["chapterless"] == "1")


def letter_selection(user, story_filter: moderation.StoryFilter | None,
                     undelivered: bool = True, only: str | None = None
                     ) -> letter_exports.Selection:
    """The letters of the stories the list's filters show, in the user's states."""
    states = moderation.states_in_scope(user)
    return letter_exports.Selection(None if states is None else frozenset(states),
                                    story_filter, undelivered, only)


def send_letters(fmt: str, selection: letter_exports.Selection, query: dict, back: str):
    """The export as a download (small) or a background job's page (large)."""
    try:
        letter_exports.check_stored_templates()
    except DomainError as error:
        db.session.rollback()
        flash(f"The letter templates must be fixed first: {error.message}", "error")
        return redirect(back, code=303)
    stories, letters_held = letter_exports.counts(selection)
    record_audit(current_user, "letters.exported", "letters", None, format=fmt,
                 filters=query, undelivered=selection.undelivered,
                 legislator=selection.only, stories=stories)
    if stories > current_app.config["LETTERS_INLINE_STORIES"]:
        job = export_jobs.start(current_user, fmt, selection, letters_held)
        db.session.commit()
        flash(f"Making {letters_held:,} letters quoting {stories:,} stories in the "
              "background: you may leave this page; the download is listed here and on "
              "the legislators page.", "success")
        return redirect(url_for("coordinate_letters.export_status", job_id=job.id), code=303)
    db.session.commit()
    filename = f"letters-to-legislators.{fmt}"
    if fmt == "txt":
        body = stream_with_context(letter_exports.text_stream(selection))
    elif fmt == "csv":
        body = stream_with_context(letter_exports.mailmerge_stream(selection))
        filename = "letters-mailmerge.csv"
    elif fmt == "pdf":
        body = letter_exports.pdf_bytes(selection)
    elif fmt == "zip":
        body = letter_exports.read_chunks(letter_exports.zip_file(selection))
    else:
        return render_template("stories/coordinate/letters.html",
                               letters=list(letter_exports.letters(selection)),
                               logo_src=letter_exports.logo_data_uri())
    return Response(body, mimetype=letter_exports.LETTER_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
