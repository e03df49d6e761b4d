"""The day checklist, ticking, "design your own path", calls and meeting reports."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from ..accounts.participants import current_details, current_participant, ensure_participant
from ..database import utcnow
from ..errors import DomainError
from ..extensions import db
from ..forms_util import attempt, choices, prefill
from ..legislators.services import legislator_by_id, legislator_choices
from ..policy import ANYONE, guard
from ..weeks.registration import standing_session_ids
from ..weeks.schedule import session_status
from ..weeks.snapshot import published_snapshot
from ..weeks.timezones import TZ_COOKIE, date_in_zone, resolve_zone
from . import services
from .browser import browser_progress
from .forms import CallForm, MeetingForm, TickForm
from .next_steps import next_step, next_step_in
from .planner import PlanItem, plan_week, suggest

bp = guard(Blueprint("checklists", __name__), ANYONE)
BUDGETS = (5, 15, 30, 60)


def _week(slug: str):
    return published_snapshot(slug)


def _budget(name: str = "minutes") -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and 1 <= value <= 24 * 60 else None


def _all_actions(week):
    return week.actions


@bp.route("/weeks/<week_slug>/<date:day>")
def day(week_slug: str, day: date):
    return show_day(week_slug, day)


def show_day(week_slug: str, day: date):
    """The day's checklist page (also shown again, with a message, after a bad report)."""
    week = _week(week_slug)
    found = next((d for d in week.days if d.date == day), None)
    if found is None:
        abort(404)
    participant_id, done = browser_progress(week.id)
    budget = _budget()
    suggestion = suggest([PlanItem(a.id, a.minutes, a.id in done) for a in found.actions],
                         budget) if budget else None
    zone = resolve_zone(request.args.get("tz"), request.cookies.get(TZ_COOKIE), week.timezone)
    now = utcnow()
    today = date_in_zone(now, week.timezone)
    # Only a day with session actions asks whose registrations they are.
    session_actions = any(a.session_id for a in found.actions)
    return render_template(
        "checklists/day.html", week=week, day=found, done=done, zone=zone,
        is_today=found.date == today, step=next_step_in(week, done, today),
        sessions={live.id: session_status(live, now, today, week.recordings_until)
                  for live in week.sessions.values()},
        registered=standing_session_ids(participant_id) if session_actions else set(),
        week_url=url_for("weeks.week", week_slug=week.slug),
        day_urls={d.date: url_for("checklists.day", week_slug=week.slug, day=d.date)
                  for d in week.days},
        day_progress=services.progress(found.actions, done),
        week_progress=services.progress(_all_actions(week), done),
        budget=budget, budgets=BUDGETS, suggestion=suggestion,
        call_outcomes=services.CALL_OUTCOME_LABELS,
    )


def _done(week) -> dict:
    """What this browser's participant has done in the week (anonymous: one query)."""
    return browser_progress(week.id)[1]


def _day_done_html(week, day, done) -> str:
    """The "day is done" notice and next step, when this tick finished the day; else ""."""
    if not services.progress(day.actions, done).finished:
        return ""
    today = date_in_zone(utcnow(), week.timezone)
    return render_template("checklists/_day_done.html", is_today=day.date == today,
                           step=next_step_in(week, done, today))


def _progress_payload(week, day, done) -> dict:
    day_progress = services.progress(day.actions, done)
    week_progress = services.progress(_all_actions(week), done)
    return {"day": vars(day_progress) | {"label": day_progress.label},
            "week": vars(week_progress) | {"label": week_progress.label}}


@bp.route("/weeks/<week_slug>/<date:day>/actions/<int:action_id>/tick", methods=["POST"])
def tick(week_slug: str, day: date, action_id: int):
    week = _week(week_slug)
    found = next((d for d in week.days if d.date == day), None)
    if found is None or all(a.id != action_id for a in found.actions):
        abort(404)
    form = TickForm()
    if not form.validate_on_submit():
        abort(400)
    participant = ensure_participant()
    if form.done.data == "1":
        services.tick(participant.id, action_id)
    else:
        services.untick(participant.id, action_id)
    db.session.commit()
    done = services.done_in_week(participant.id, week.id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(done=action_id in done, day_done_html=_day_done_html(week, found, done),
                       **_progress_payload(week, found, done))
    # Back to the action; to the "day is done" notice and next step if this finished it.
    finished = services.progress(found.actions, done).finished
    return redirect(url_for("checklists.day", week_slug=week.slug, day=day,
                            _anchor="day-done" if finished else f"action-{action_id}"))


@bp.route("/weeks/<week_slug>/actions/<int:action_id>/call", methods=["POST"])
def call_report(week_slug: str, action_id: int):
    week = _week(week_slug)
    try:
        action = services.action_in_week(week, action_id)
    except DomainError:
        abort(404)
    form = CallForm()
    day = next(d for d in week.days if action in d.actions)
    if form.validate_on_submit():
        services.record_call(ensure_participant().id, action, form.outcome.data)
        db.session.commit()
        flash("Thank you for calling! Your call is counted.", "success")
    else:  # the day page again, the message on top
        flash("Choose how the call went, then send the report.", "error")
        return show_day(week.slug, day.date), 400
    # The day's top: the thanks, then the next step (or "the day is done").
    return redirect(url_for("checklists.day", week_slug=week.slug, day=day.date))


@bp.route("/weeks/<week_slug>/plan")
def plan(week_slug: str):
    week = _week(week_slug)
    done = _done(week)
    per_day = _budget()
    today = date_in_zone(utcnow(), week.timezone)
    remaining = [d.date for d in week.days if d.date >= today]
    items = [PlanItem(a.id, a.minutes, a.id in done, d.date) for d in week.days
             for a in d.actions]
    planned = plan_week(items, remaining, per_day) if per_day else None
    actions = {a.id: a for a in _all_actions(week)}
    return render_template("checklists/plan.html", week=week, per_day=per_day,
                           budgets=BUDGETS, planned=planned, actions=actions,
                           remaining=remaining,
                           progress=services.progress(list(actions.values()), done))


def _after_action(week) -> str:
    """Where a report lands: today's page of the week (its next step), or the week."""
    today = date_in_zone(utcnow(), week.timezone)
    if any(day.date == today for day in week.days):
        return url_for("checklists.day", week_slug=week.slug, day=today)
    step = next_step(week.slug)
    return step.url if step and step.when != "recordings" else url_for(
        "weeks.week", week_slug=week.slug)


def _meeting_choices(form: MeetingForm) -> bool:
    participant = current_participant()  # their own members first
    members = legislator_choices(participant.state if participant else None,
                                 participant.district if participant else None)
    form.legislator_id.choices = choices([("", "— choose, or type a name below —")] + members)
    return bool(members)


@bp.route("/weeks/<week_slug>/meetings/new", methods=["GET", "POST"])
def meeting_report(week_slug: str):
    week = _week(week_slug)
    form = MeetingForm()
    have_members = _meeting_choices(form)
    if not form.is_submitted():
        prefill(form, current_details(), {"contact_name": "name", "contact_email": "email"})
    if form.validate_on_submit():
        member = legislator_by_id(form.legislator_id.data) if form.legislator_id.data else None
        data = services.MeetingData(
            meeting_date=form.meeting_date.data, format=form.format.data,
            legislator_id=member.id if member else None,
            legislator_name=member.official_name if member else form.legislator_name.data or "",
            state=member.state if member else None, attendees=form.attendees.data or "",
            notes=form.notes.data or "", follow_up=form.follow_up.data,
            contact_name=form.contact_name.data or "", contact_email=form.contact_email.data or "",
            contact_phone=form.contact_phone.data or "", contact_consent=form.contact_consent.data)
        if attempt(form, lambda: services.submit_meeting_report(
                ensure_participant().id, week.id, data))[0]:
            flash("Thank you for telling us about your meeting: the coordinator sees it"
                  + (" and will help with the follow-up." if data.follow_up else "."),
                  "success")
            return redirect(_after_action(week))
    return render_template("checklists/meeting.html", week=week, form=form,
                           have_members=have_members), 400 if form.errors else 200
