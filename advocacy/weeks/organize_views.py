"""Organizer pages (``/organize``): weeks, publishing, cloning, JSON exchange."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from ..database import utcnow
from ..errors import DomainError, DomainErrors
from ..extensions import db
from ..forms_util import CsrfOnlyForm, attempt, show_error
from ..legislators.services import legislator_data_loaded
from ..listing import choice, page_number, read_filters
from ..mail import ledger
from ..mail.models import MESSAGE_STATUSES
from ..policy import ORGANIZERS, guard
from . import editing, services
from .exchange import WeekFormatError, clone_week, export_week, import_week, parse_week_file
from .forms import CloneForm, ImportForm, WeekForm
from .helpers import actor, load_week, render_week
from .registration import registration_ids_of
from .timezones import all_zones, resolve_zone

bp = guard(Blueprint("organize", __name__, url_prefix="/organize"), ORGANIZERS)


@bp.route("/")
def dashboard():
    return render_template(
        "weeks/organize/dashboard.html", weeks=services.all_weeks(),
        legislators_loaded=legislator_data_loaded(),
    )


def _week_data(form: WeekForm) -> editing.WeekData:
    title = (form.title.data or "").strip()
    return editing.WeekData(
        title=title, slug=(form.slug.data or "").strip() or editing.suggest_slug(title),
        timezone=form.timezone.data.strip(), start_date=form.start_date.data,
        end_date=form.end_date.data, summary=(form.summary.data or "").strip(),
        recordings_until=form.recordings_until.data,
        hotline=(form.hotline.data or "").strip() or None, partners=form.partner_list(),
    )


def _valid_week_form(form: WeekForm, week=None) -> bool:
    """The form's own checks and the week's rules, every problem at once: when a field
    is refused, the rules that can still be judged are reported beside it."""
    if not form.is_submitted():
        return False
    if not form.slug.data and form.title.data:  # suggested from the title
        form.slug.data = editing.suggest_slug(form.title.data)
    if form.validate():
        return True
    problems = editing.week_problems(_week_data(form), week)
    if problems:
        show_error(form, DomainErrors(problems))
    return False


def _week_form_page(form, week=None, status=200):
    return render_template("weeks/organize/week_form.html", form=form, week=week,
                           zones=all_zones()), status


@bp.route("/weeks/new", methods=["GET", "POST"])
def new_week():
    form = WeekForm()
    if _valid_week_form(form):
        saved, week = attempt(form, lambda: editing.create_week(_week_data(form), actor()))
        if saved:
            flash("Week created as a draft. Add its sessions and actions, then publish.",
                  "success")
            return redirect(url_for("organize.week", week_slug=week.slug))
    return _week_form_page(form, status=400 if form.errors else 200)


@bp.route("/weeks/<week_slug>")
def week(week_slug: str):
    found = load_week(week_slug)
    return render_template("weeks/organize/week.html", week=found, status_form=CsrfOnlyForm(),
                           zone=resolve_zone(None, None, found.timezone), now=utcnow())


@bp.route("/weeks/<week_slug>/edit", methods=["GET", "POST"])
def edit_week(week_slug: str):
    found = load_week(week_slug)
    form = WeekForm(obj=found)
    if request.method == "GET":
        form.partners.data = "\n".join(
            f"{p.name} | {p.url}" if p.url else p.name for p in found.partners)
    if _valid_week_form(form, found) and attempt(
            form, lambda: editing.update_week(found, _week_data(form), actor()))[0]:
        flash("Week saved.", "success")
        return redirect(url_for("organize.week", week_slug=found.slug))
    return _week_form_page(form, found, 400 if form.errors else 200)


@bp.route("/weeks/<week_slug>/preview")
def preview(week_slug: str):
    found = load_week(week_slug)
    zone = resolve_zone(request.args.get("tz"), None, found.timezone)
    return render_week(found, "weeks/week.html", zone, utcnow(), preview=True)


@bp.route("/weeks/<week_slug>/status", methods=["POST"])
def change_status(week_slug: str):
    found = load_week(week_slug)
    if CsrfOnlyForm().validate_on_submit():
        try:
            editing.change_status(found, request.form.get("change", ""), actor())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(f"The week is now {found.status}.", "success")
    return redirect(url_for("organize.week", week_slug=found.slug))


@bp.route("/weeks/<week_slug>/clone", methods=["GET", "POST"])
def clone(week_slug: str):
    found = load_week(week_slug)
    form = CloneForm()
    if request.method == "GET":  # a year later, with the year in the title moved on
        next_start = found.start_date + timedelta(weeks=52)
        form.start_date.data = next_start
        form.title.data = editing.suggest_clone_title(found.title, next_start)
        form.slug.data = editing.suggest_slug(form.title.data)
    if form.validate_on_submit():
        saved, copy = attempt(form, lambda: clone_week(
            found, form.slug.data, form.title.data.strip(), form.start_date.data, actor()),
            translate=_clone_field)
        if saved:
            flash("Copied as a draft, every date shifted. Check it, then publish.", "success")
            return redirect(url_for("organize.week", week_slug=copy.slug))
    return render_template("weeks/organize/clone.html", form=form, week=found), (
        400 if form.errors else 200)


def _clone_field(error: DomainError) -> DomainError:
    if isinstance(error, WeekFormatError) and any(p.startswith("week.slug") for p in
                                                   error.problems):
        return DomainError("Another week already uses this address.", "slug")
    return error


@bp.route("/weeks/<week_slug>/export.json")
def export(week_slug: str):
    found = load_week(week_slug)
    body = json.dumps(export_week(found), indent=2, ensure_ascii=False) + "\n"
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{found.slug}.json"'
    return response


@bp.route("/weeks/import", methods=["GET", "POST"])
def import_page():
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            data = parse_week_file(form.file.data.read())
            week = import_week(data, actor(), slug=form.slug.data or None)
        except WeekFormatError as error:
            db.session.rollback()
            problems = error.problems
        else:
            db.session.commit()
            flash("Week imported as a draft.", "success")
            return redirect(url_for("organize.week", week_slug=week.slug))
    status = 400 if (form.errors or problems) else 200
    return render_template("weeks/organize/import.html", form=form, problems=problems), status


@bp.route("/weeks/<week_slug>/mail")
def week_mail(week_slug: str):
    """The mail ledger of the week: counts by kind and status, failures and why."""
    found = load_week(week_slug)
    filters = read_filters(request.args, {"status": choice(*MESSAGE_STATUSES)})
    status = filters.get("status", "failed")
    return render_template(
        "weeks/organize/mail.html", week=found, masked=ledger.masked,
        counts=ledger.summary("registration", registration_ids_of(found.id)),
        messages=ledger.messages_page("registration", registration_ids_of(found.id), status,
                                      page_number(request.args)),
        status=status, statuses=MESSAGE_STATUSES)
