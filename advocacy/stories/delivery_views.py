"""Coordinators deliver letters: per legislator, what waits and what went where; the
contact-form helper; recording a delivery; the deliveries CSV; background exports."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from wtforms import BooleanField, DateField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from ..audit import record_audit
from ..errors import DomainError, NotFound
from ..extensions import db
from ..forms_util import SafeForm, attempt, choices
from ..legislators.models import Legislator, LegislatorOffice
from ..listing import read_filters
from ..policy import STAFF, guard
from . import deliveries, export_jobs, letter_exports, moderation
from .letter_requests import STORY_FILTERS, letter_selection, send_letters, story_filter_of
from .letters import letter_body, split_for_form
from .models import DELIVERY_METHODS

bp = guard(Blueprint("coordinate_letters", __name__, url_prefix="/coordinate/letters"), STAFF)


class DeliveryForm(SafeForm):
    method = RadioField("How it was delivered", choices=choices(DELIVERY_METHODS.items()),
                         validators=[InputRequired("Choose how the letter was delivered.")])
    delivered_on = DateField("Delivered on", validators=[InputRequired("Give the day.")])
    note = TextAreaField("Note (optional)", validators=[Length(max=deliveries.NOTE_LIMIT)])
    redeliver = BooleanField("Deliver again the stories this legislator already has")


def _filters():
    filters = read_filters(request.args, STORY_FILTERS)
    return story_filter_of(filters), filters.query


def _recipient(key: str):
    recipient = letter_exports.recipient_of(
        letter_selection(current_user, None), key) if len(key) <= 40 else None
    if recipient is None:
        raise NotFound("No such legislator in your states.")
    return recipient


@bp.route("/")
def index():
    story_filter, query = _filters()
    selection = letter_selection(current_user, story_filter)
    measured = letter_exports.waiting_by_recipient(selection)
    waiting, _places, found = measured
    summaries = deliveries.summaries([r.key for r in found])
    rows = [(r, waiting.get(r.key, 0), *summaries.get(r.key, (0, None))) for r in found]
    return render_template("stories/coordinate/legislators.html", rows=rows, query=query,
                           story_filter=story_filter,
                           counts=letter_exports.counts(selection, measured),
                           jobs=export_jobs.recent_jobs(current_user))


def _offices(key: str) -> list[LegislatorOffice]:
    return list(db.session.execute(
        db.select(LegislatorOffice)
        .join(Legislator, Legislator.id == LegislatorOffice.legislator_id)
        .where(Legislator.bioguide_id == key).order_by(LegislatorOffice.city)).scalars())


def _letter_page(key: str, form: DeliveryForm | None = None, status: int = 200):
    story_filter, query = _filters()
    recipient = _recipient(key)
    show_all = request.args.get("all") == "1"
    selection = letter_selection(current_user, story_filter, undelivered=not show_all, only=key)
    letter = next(letter_exports.letters(selection), None)
    if form is None:
        form = DeliveryForm(formdata=None, delivered_on=datetime.now(UTC).date(),
                            method="email")
    limit = current_app.config["CONTACT_FORM_LIMIT"]
    parts = split_for_form(letter_body(letter), limit) if letter else []
    delivered, last = deliveries.summaries([key])[key]
    return render_template(
        "stories/coordinate/legislator.html", recipient=recipient, letter=letter,
        parts=parts, limit=limit, offices=_offices(key), form=form, show_all=show_all,
        query=query, history=deliveries.history(key), delivered=delivered, last=last,
        logo_src=letter_exports.logo_data_uri(), methods=DELIVERY_METHODS), status


@bp.route("/<key>")
def legislator(key: str):
    return _letter_page(key)


@bp.route("/<key>/letter.<any(txt, html, pdf):fmt>", methods=["POST"])
def letter_download(key: str, fmt: str):
    """This legislator's letter alone (waiting stories; all of them with ``all=1``)."""
    _recipient(key)
    story_filter, query = _filters()
    selection = letter_selection(current_user, story_filter,
                                 undelivered=request.args.get("all") != "1", only=key)
    return send_letters(fmt, selection, query,
                        back=url_for("coordinate_letters.legislator", key=key, **query))


@bp.route("/<key>/deliveries", methods=["POST"])
def record_delivery(key: str):
    """Record that this legislator's letter (the stories listed on the page) went out."""
    recipient = _recipient(key)
    story_filter, query = _filters()
    form = DeliveryForm()
    held = [int(v) for v in request.form.getlist("story_ids")
            if v.isascii() and v.isdigit() and len(v) <= 10 and int(v) < 2**31]
    if not form.validate_on_submit():
        return _letter_page(key, form, 400)
    selection = letter_selection(current_user, story_filter, undelivered=False, only=key)
    data = deliveries.DeliveryRecord(
        method=form.method.data, note=form.note.data or "", redeliver=form.redeliver.data,
        delivered_at=datetime.combine(form.delivered_on.data, time(12), tzinfo=UTC)
        if form.delivered_on.data != datetime.now(UTC).date() else datetime.now(UTC))
    done, _delivery = attempt(form, lambda: deliveries.record(
        current_user, recipient, held, letter_exports.quotable_ids(recipient, selection), data),
        lambda error: DomainError(error.message, "delivered_on")
        if error.field == "delivered_at" else error)
    if not done:
        return _letter_page(key, form, 400)
    count = len(set(held))
    flash(f"Recorded: {count} {'story' if count == 1 else 'stories'} delivered to "
          f"{recipient.full_name} ({DELIVERY_METHODS[data.method].lower()}).", "success")
    return redirect(url_for("coordinate_letters.legislator", key=key, **query), code=303)


@bp.route("/deliveries.csv", methods=["POST"])
def deliveries_csv():
    states = moderation.states_in_scope(current_user)
    record_audit(current_user, "letters.deliveries_exported", "letter_deliveries", None)
    db.session.commit()
    return Response(stream_with_context(deliveries.deliveries_csv(states)), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="deliveries.csv"'})


@bp.route("/exports/<int:job_id>")
def export_status(job_id: int):
    job = export_jobs.job_for(current_user, job_id)
    return render_template("stories/coordinate/export_job.html", job=job,
                           ready=export_jobs.file_of(job) is not None)


@bp.route("/exports/<int:job_id>/download")
def export_download(job_id: int):
    job = export_jobs.job_for(current_user, job_id)
    path = export_jobs.file_of(job)
    if path is None:
        raise NotFound("No such legislator in your states.")
    return send_file(path, as_attachment=True, download_name=export_jobs.download_name(job),
                     mimetype=letter_exports.LETTER_TYPES[job.fmt])
