"""Opting in to a week's daily email, following its confirmation link, and opening
one's progress from a day's email. A GET only shows; every change is a POST."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..accounts.participants import current_details, ensure_participant, use_participant
from ..database import utcnow
from ..errors import DomainError
from ..extensions import db
from ..forms_util import CsrfOnlyForm, choices, prefill, show_error
from ..policy import ANYONE, guard
from ..security import ip_key, link_rate_limit, login_account_key, rate_limit
from ..tokens import InvalidToken, unsign
from ..weeks import services as weeks
from ..weeks.models import Week
from ..weeks.timezones import TZ_COOKIE, date_in_zone, resolve_zone, zone_choices
from . import services
from .forms import DailyForm
from .models import DailySubscription
from .sending import PROGRESS_MAX_AGE, PROGRESS_PURPOSE

bp = guard(Blueprint("daily", __name__), ANYONE)


def _open_week(week_slug: str):
    week = weeks.published_week(week_slug)
    if date_in_zone(utcnow(), week.timezone) > week.end_date:
        return week, False
    return week, True


@bp.route("/weeks/<week_slug>/daily", methods=["GET", "POST"])
@rate_limit(link_rate_limit, key_func=ip_key, methods=["POST"], scope="links-ip")
@rate_limit(link_rate_limit, key_func=login_account_key, methods=["POST"],
            scope="links-address")
def subscribe(week_slug: str):
    week, open_ = _open_week(week_slug)
    zone = resolve_zone(None, request.cookies.get(TZ_COOKIE), week.timezone)
    form = DailyForm()
    form.timezone.choices = choices([("", "Choose your time zone"),
                                     *zone_choices(zone.key, week.timezone)])
    if not form.is_submitted():
        prefill(form, {"email": current_details().get("email")})
        form.timezone.data = zone.key
    if open_ and form.validate_on_submit():
        try:
            services.request_daily(week.id, form.email.data, int(form.minutes.data),
                                   form.timezone.data, ensure_participant().id)
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            return render_template("daily/asked.html", week=week)
    return render_template("daily/subscribe.html", week=week, form=form, open_=open_), (
        400 if form.errors else 200)


@bp.route("/daily/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    try:
        subscription, asked = services.read_confirm_token(token)
    except InvalidToken as error:
        return render_template("daily/confirm.html", problem=error.message), 404
    week = db.session.get(Week, subscription.week_id)
    form = CsrfOnlyForm()
    if form.validate_on_submit():
        services.confirm(subscription, asked)
        db.session.commit()
        flash("Done: each day's actions will come to this address at 08:00.", "success")
        return redirect(url_for("weeks.week", week_slug=week.slug))
    return render_template("daily/confirm.html", problem=None, week=week, asked=asked,
                           subscription=subscription, form=form)


@bp.route("/daily/progress/<token>", methods=["GET", "POST"])
def progress(token: str):
    try:
        subscription = db.session.get(DailySubscription, unsign(
            PROGRESS_PURPOSE, token, max_age=PROGRESS_MAX_AGE))
    except (InvalidToken, TypeError, ValueError):
        subscription = None
    if subscription is None:
        abort(404)
    week = db.session.get(Week, subscription.week_id)
    form = CsrfOnlyForm()
    if form.validate_on_submit():
        participant = services.participant_of(subscription)
        if participant is not None and participant.user_id is not None:
            flash("Your progress is saved to your account: sign in to see it.", "info")
            return redirect(url_for("accounts.login"))
        if participant is None:  # its browser's data was erased since: a fresh start
            participant = ensure_participant()
            services.attach(subscription, participant.id)
        use_participant(participant)
        db.session.commit()
        today = date_in_zone(utcnow(), subscription.timezone)
        if week.start_date <= today <= week.end_date:
            return redirect(url_for("checklists.day", week_slug=week.slug, day=today))
        return redirect(url_for("weeks.week", week_slug=week.slug))
    return render_template("daily/progress.html", week=week, form=form)
