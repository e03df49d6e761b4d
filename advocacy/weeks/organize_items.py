"""Organizer pages for a week's days, live sessions and actions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..errors import DomainError
from ..extensions import db
from ..forms_util import CsrfOnlyForm, attempt, choices
from ..listing import bounded_int, read_filters
from ..policy import ORGANIZERS, guard
from . import editing
from .forms import ActionForm, DayForm, SessionForm
from .helpers import actor, load_week
from .models import Action, LiveSession

bp = guard(Blueprint("organize_items", __name__,
                         url_prefix="/organize/weeks/<week_slug>"),
           ORGANIZERS)
KINDS = {"sessions": LiveSession, "actions": Action}


def _item(week, model, item_id: int):
    """Load-and-check: the session or action must belong to this week."""
    for day in week.days:
        for item in (day.sessions if model is LiveSession else day.actions):
            if item.id == item_id:
                return item
    abort(404)


def _open(week_slug: str, model, item_id: int | None, form_class):
    """(week, its session or action or None for a new one, the form filled from it)."""
    week = load_week(week_slug)
    item = _item(week, model, item_id) if item_id else None
    return week, item, form_class(obj=item)


def _back(week):
    return redirect(url_for("organize.week", week_slug=week.slug))


def _save_or_show(form, save, week, saved_message: str, template: str, **context):
    """A valid form is saved and sends the organizer back to the week; otherwise the
    form comes back with its messages (400)."""
    if form.validate_on_submit() and attempt(form, save)[0]:
        flash(saved_message, "success")
        return _back(week)
    return render_template(template, form=form, week=week, **context), (
        400 if form.errors else 200)


@bp.route("/days/<int:day_id>/edit", methods=["GET", "POST"])
def edit_day(week_slug: str, day_id: int):
    week = load_week(week_slug)
    day = next((d for d in week.days if d.id == day_id), None)
    if day is None:
        abort(404)
    form = DayForm(obj=day)
    return _save_or_show(
        form, lambda: editing.update_day(day, form.title.data or "", form.summary.data or "",
                                         actor()),
        week, "Day saved.", "weeks/organize/day_form.html", day=day)


def _session_data(form: SessionForm) -> editing.SessionData:
    return editing.SessionData(
        title=form.title.data.strip(), starts_local=form.starts_local.data,
        duration_minutes=form.duration_minutes.data, description=form.description.data or "",
        host=(form.host.data or "").strip(), registration_mode=form.registration_mode.data,
        capacity=form.capacity.data, registration_url=form.registration_url.data or None,
        join_url=form.join_url.data or None, recording_url=form.recording_url.data or None,
        members_only=form.members_only.data,
    )


@bp.route("/sessions/new", methods=["GET", "POST"], defaults={"session_id": None})
@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(week_slug: str, session_id: int | None):
    week, live, form = _open(week_slug, LiveSession, session_id, SessionForm)
    if request.method == "GET" and live is not None:
        form.starts_local.data = live.starts_at.astimezone(
            ZoneInfo(week.timezone)).replace(tzinfo=None)
    return _save_or_show(
        form, lambda: editing.save_session(week, live, _session_data(form), actor()),
        week, "Session saved.", "weeks/organize/session_form.html", live=live)


def _action_choices(form: ActionForm, week) -> None:
    # A required select opens on an empty choice (HTML: its first option must be one).
    form.day_id.choices = choices([("", "— choose the day —")] + [
        (d.id, f"{d.date:%A, %B %-d}" + (f" — {d.title}" if d.title else "")) for d in week.days])
    form.session_id.choices = choices([("", "— none —")] + [
        (s.id, f"{d.date:%a %b %-d}: {s.title}") for d in week.days for s in d.sessions])


def _action_data(form: ActionForm) -> editing.ActionData:
    return editing.ActionData(
        day_id=form.day_id.data, title=form.title.data.strip(), minutes=form.minutes.data,
        kind=form.kind.data, instructions=form.instructions.data or "",
        target=(form.target.data or "").strip() or None, session_id=form.session_id.data,
    )


@bp.route("/actions/new", methods=["GET", "POST"], defaults={"action_id": None})
@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
def edit_action(week_slug: str, action_id: int | None):
    week, action, form = _open(week_slug, Action, action_id, ActionForm)
    _action_choices(form, week)
    day = read_filters(request.args, {"day": bounded_int(1, 2**31 - 1)})["day"]
    if request.method == "GET" and action is None and day is not None:
        form.day_id.data = day
    return _save_or_show(
        form, lambda: editing.save_action(week, action, _action_data(form), actor()),
        week, "Action saved.", "weeks/organize/action_form.html", action=action)


@bp.route("/<any(sessions, actions):kind>/<int:item_id>/delete", methods=["POST"])
def delete_item(week_slug: str, kind: str, item_id: int):
    week = load_week(week_slug)
    item = _item(week, KINDS[kind], item_id)
    if CsrfOnlyForm().validate_on_submit():
        try:
            editing.delete_item(week, item, actor())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return _back(week)
        db.session.commit()
        flash(f"Deleted “{item.title}”.", "success")
    return _back(week)


@bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
def cancel_session(week_slug: str, session_id: int):
    week = load_week(week_slug)
    live = _item(week, LiveSession, session_id)
    if CsrfOnlyForm().validate_on_submit():
        try:
            told = editing.cancel_session(week, live, actor())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return _back(week)
        db.session.commit()
        flash(f"Cancelled “{live.title}”: {told} registrant(s) will be told by email.",
              "success")
    return _back(week)


@bp.route("/<any(sessions, actions):kind>/<int:item_id>/move", methods=["POST"])
def move_item(week_slug: str, kind: str, item_id: int):
    week = load_week(week_slug)
    item = _item(week, KINDS[kind], item_id)
    direction = request.form.get("direction")
    if CsrfOnlyForm().validate_on_submit() and direction in ("up", "down"):
        editing.move_item(week, item, direction, actor())
        db.session.commit()
    return _back(week)
