"""``/organize/weeks/<slug>/messages/``: write an announcement, see who it reaches,
preview it, send a test to yourself, then send it now or at a set time; the sent list
with each one's counts. Coordinators reach only their own chapters' sign-ups."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..database import utcnow
from ..errors import NotFound
from ..forms_util import CsrfOnlyForm, attempt, choices
from ..listing import page_number, page_of
from ..policy import ORGANIZERS, STAFF, guard
from ..weeks.helpers import load_week
from . import audience, services
from .forms import AnnouncementForm, SendAtForm
from .messages import preview_html, render_body

bp = guard(Blueprint("announcements", __name__,
                     url_prefix="/organize/weeks/<week_slug>/messages"), STAFF)


def _week(week_slug: str):
    """Load-and-check: organizers any week; coordinators published weeks only."""
    week = load_week(week_slug)
    if current_user.role not in ORGANIZERS and week.status != "published":
        raise NotFound("No such week.")
    return week


def _form(week, announcement=None) -> AnnouncementForm:
    data = None if announcement is None else {
        "audience": announcement.audience, "subject": announcement.subject,
        "body": announcement.body}
    form = AnnouncementForm(data=data)
    form.audience.choices = choices([("", "Choose who receives it"), *(
        (a.key, a.label) for a in audience.choices_for(current_user, week))])
    return form


@bp.route("/")
def index(week_slug: str):
    week = _week(week_slug)
    page = page_of(services.visible_to(current_user, week), page_number(request.args))
    labels = {a.key: a.label for a in audience.choices_for(current_user, week)}
    return render_template("announcements/index.html", week=week, page=page, labels=labels,
                           counts=services.counts([a.id for a in page]),
                           zone=ZoneInfo(week.timezone))


def _compose_page(week, form, announcement=None):
    preview = preview_html(form.body.data) if form.body.data else None
    return render_template("announcements/compose.html", week=week, form=form,
                           announcement=announcement, preview=preview), (
        400 if form.errors else 200)


def _save(week, form, announcement=None):
    if not form.validate_on_submit():
        return None
    draft = services.Draft(form.subject.data, form.body.data, form.audience.data)
    done, saved = attempt(form, lambda: services.save_draft(current_user, week, draft,
                                                            announcement))
    return saved if done else None


@bp.route("/new", methods=["GET", "POST"])
def new(week_slug: str):
    week = _week(week_slug)
    form = _form(week)
    if not form.is_submitted() and request.args.get("audience"):
        form.audience.data = request.args["audience"]
    saved = _save(week, form)
    if saved is not None:
        flash("Saved as a draft: check the preview, send a test, then send it.", "success")
        return redirect(url_for(".detail", week_slug=week.slug, announcement_id=saved.id))
    return _compose_page(week, form)


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
def edit(week_slug: str, announcement_id: int):
    week = _week(week_slug)
    announcement = services.load(current_user, week, announcement_id)
    form = _form(week, announcement)
    saved = _save(week, form, announcement)
    if saved is not None:
        flash("Saved as a draft.", "success")
        return redirect(url_for(".detail", week_slug=week.slug, announcement_id=saved.id))
    return _compose_page(week, form, announcement)


@bp.route("/<int:announcement_id>")
def detail(week_slug: str, announcement_id: int, send_form=None, status: int = 200):
    week = _week(week_slug)
    announcement = services.load(current_user, week, announcement_id)
    labels = {a.key: a.label for a in audience.choices_for(current_user, week)}
    return render_template(
        "announcements/detail.html", week=week, announcement=announcement,
        label=labels.get(announcement.audience, announcement.audience),
        reach=audience.count(week.id, announcement.audience), body=render_body(announcement),
        counts=services.counts([announcement.id]).get(announcement.id, {}),
        form=CsrfOnlyForm(), send_form=send_form or SendAtForm(),
        zone=ZoneInfo(week.timezone)), status


def _button(week_slug: str, announcement_id: int, action, done: str):
    """A button's POST: ``action(announcement)``, flash ``done``, back to the page."""
    week = _week(week_slug)
    announcement = services.load(current_user, week, announcement_id)
    form = CsrfOnlyForm()
    if form.validate_on_submit() and attempt(form, lambda: action(announcement))[0]:
        flash(done, "success")
    return redirect(url_for(".detail", week_slug=week.slug, announcement_id=announcement.id))


@bp.route("/<int:announcement_id>/test", methods=["POST"])
def send_test(week_slug: str, announcement_id: int):
    return _button(week_slug, announcement_id,
                   lambda announcement: services.send_test(current_user, announcement),
                   f"A test is on its way to {current_user.email}.")


@bp.route("/<int:announcement_id>/send", methods=["POST"])
def send(week_slug: str, announcement_id: int):
    week = _week(week_slug)
    announcement = services.load(current_user, week, announcement_id)
    form = SendAtForm()
    if not form.validate_on_submit():
        return detail(week_slug, announcement_id, send_form=form, status=400)
    later = request.form.get("when") == "later"
    if later and form.send_at.data is None:
        form.send_at.errors = ["Choose when to send it."]
        return detail(week_slug, announcement_id, send_form=form, status=400)
    if later and abs(form.send_at.data.year - utcnow().year) > 1:  # (year 9999 overflows UTC)
        form.send_at.errors = ["Choose a time within the next year."]
        return detail(week_slug, announcement_id, send_form=form, status=400)
    send_at = (form.send_at.data.replace(tzinfo=ZoneInfo(week.timezone))
               if later else None)
    done, _ = attempt(form, lambda: services.schedule(current_user, week, announcement,
                                                      send_at))
    if not done:
        return detail(week_slug, announcement_id, send_form=form, status=400)
    flash("Scheduled." if later else "Sending: the counts below fill in as it goes.",
          "success")
    return redirect(url_for(".detail", week_slug=week.slug, announcement_id=announcement.id))


@bp.route("/<int:announcement_id>/unschedule", methods=["POST"])
def unschedule(week_slug: str, announcement_id: int):
    return _button(week_slug, announcement_id, services.unschedule,
                   "Not scheduled any more: it is a draft again.")
