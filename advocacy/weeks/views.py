"""Public week pages, calendar files and session registration."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from ..accounts.details import known_details
from ..accounts.participants import cookie_token, current_participant, ensure_participant
from ..caching import caches
from ..database import utcnow
from ..extensions import db
from ..forms_util import CsrfOnlyForm, prefill
from ..policy import ANYONE, guard
from ..tokens import InvalidToken
from . import registration as reg
from . import services, waitlist
from .forms import RegistrationForm
from .helpers import render_week
from .ics import build_calendar
from .public_pages import mark_public
from .schedule import next_change, session_status
from .timezones import TZ_COOKIE, date_in_zone, is_valid_zone, resolve_zone

bp = guard(Blueprint("weeks", __name__), ANYONE)
TZ_COOKIE_AGE = 60 * 60 * 24 * 400


def _week_response(slug: str, template: str):
    version = services.cached_version(slug)
    if version is None:
        abort(404)
    updated_at, week_zone = version.updated_at, version.timezone
    requested = request.args.get("tz")
    bad_zone = bool(requested) and not is_valid_zone(requested)
    zone = resolve_zone(None if bad_zone else requested, request.cookies.get(TZ_COOKIE),
                        week_zone)
    now = utcnow()
    # A browser with progress sees it on the page: its page is its own, not cached.
    cacheable = (current_app.config.get("WEEK_PAGE_CACHE", True) and not bad_zone
                 and not current_user.is_authenticated and "_flashes" not in session
                 and cookie_token() is None)
    key = (template, request.endpoint, slug, zone.key, updated_at)
    page = caches().page(key, now) if cacheable else None
    if page is None:
        week = services.published_week(slug)
        html = render_week(week, template, zone, now, bad_zone=bad_zone)
        if not cacheable:
            return _with_zone_cookie(make_response(html), requested, bad_zone)
        page = caches().store_page(key, html, next_change(week, zone, now))
    response = make_response(page.html)
    response.set_etag(page.etag)
    response.headers["Cache-Control"] = "no-cache"
    response = _with_zone_cookie(response, requested, bad_zone)
    mark_public(request.environ, page.valid_until)  # the layer keeps it if it set no cookie
    return response.make_conditional(request)


def _with_zone_cookie(response, requested: str | None, bad_zone: bool):
    if requested and not bad_zone and requested != request.cookies.get(TZ_COOKIE):
        response.set_cookie(TZ_COOKIE, requested, max_age=TZ_COOKIE_AGE, httponly=True,
                            samesite="Lax", secure=current_app.config["HTTPS"])
    return response


@bp.route("/")
def index():
    slug = services.cached_current_slug(utcnow())
    if slug is None:
        return render_template("weeks/none.html")
    return _week_response(slug, "weeks/week.html")


@bp.route("/weeks/<week_slug>")
def week(week_slug: str):
    return _week_response(week_slug, "weeks/week.html")


@bp.route("/weeks/<week_slug>/print")
def week_print(week_slug: str):
    return _week_response(week_slug, "weeks/print.html")


def _calendar_response(week, sessions, filename: str, name: str | None = None) -> Response:
    body = build_calendar(
        week, sessions, host=request.host.split(":")[0], name=name, stamp=week.updated_at,
        url_for_session=lambda live: url_for("weeks.register", session_id=live.id,
                                             _external=True),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(f"{week.id}-{week.updated_at.timestamp()}-{len(sessions)}")
    response.last_modified = week.updated_at
    return response.make_conditional(request)


@bp.route("/weeks/<week_slug>.ics")
def week_ics(week_slug: str):
    found = services.published_week(week_slug)
    sessions = [live for day in found.days for live in day.sessions]
    return _calendar_response(found, sessions, f"{found.slug}.ics")


@bp.route("/sessions/<int:session_id>.ics")
def session_ics(session_id: int):
    live = reg.registrable_session(session_id)
    return _calendar_response(live.day.week, [live], f"session-{live.id}.ics", name=live.title)


def _registration_page(live, form, status: int = 200, full_message: str | None = None):
    week = live.day.week
    zone = resolve_zone(None, request.cookies.get(TZ_COOKIE), week.timezone)
    now = utcnow()
    participant = current_participant()
    mine = reg.standing_registration(live.id, participant.id if participant else None)
    return render_template("weeks/register.html", live=live, week=week, form=form,
                           zone=zone, starts=live.starts_at.astimezone(zone),
                           places_left=reg.places_left(live), now=now,
                           full_message=full_message, mine=mine,
                           another=request.args.get("another") == "1" or request.method == "POST",
                           cancel_token=reg.cancel_token(mine) if mine else None,
                           status=session_status(live, now, date_in_zone(now, week.timezone),
                                                 week.recordings_until)), status


@bp.route("/sessions/<int:session_id>/register", methods=["GET", "POST"])
def register(session_id: int):
    live = reg.registrable_session(session_id)
    form = RegistrationForm()
    if not form.is_submitted():  # the page reads the record anyway: loaded once
        prefill(form, known_details(current_participant()))
    if not form.validate_on_submit():
        return _registration_page(live, form, 400 if form.errors else 200)
    try:
        viewing_in = resolve_zone(None, request.cookies.get(TZ_COOKIE), live.day.week.timezone)
        participant = ensure_participant(name=form.name.data, email=form.email.data)
        reg.register(live.id, form.name.data, form.email.data, form.reminders.data,
                     participant.id, timezone=viewing_in.key)
    except (reg.SessionFull, reg.RegistrationClosed) as error:
        db.session.rollback()
        return _registration_page(live, form, 409, error.message)
    db.session.commit()
    session["registered_sessions"] = sorted(
        set(session.get("registered_sessions", [])) | {live.id})
    # The same words whether or not this email had registered before: a stranger who
    # types someone's address learns nothing (the confirmation goes to that address).
    flash("You are registered: we are sending the confirmation to the address you gave.",
          "success")
    return redirect(url_for("weeks.registered", session_id=live.id))


@bp.route("/sessions/<int:session_id>/waitlist", methods=["POST"])
def join_waitlist(session_id: int):
    live = reg.registrable_session(session_id)
    form = RegistrationForm()
    if not form.validate_on_submit():
        return _registration_page(live, form, 400)
    try:
        viewing_in = resolve_zone(None, request.cookies.get(TZ_COOKIE), live.day.week.timezone)
        participant = ensure_participant(name=form.name.data, email=form.email.data)
        waitlist.join(live.id, form.name.data, form.email.data, participant.id,
                      timezone=viewing_in.key)
    except waitlist.PlacesFree as error:
        db.session.rollback()
        flash(error.message, "info")
        return redirect(url_for("weeks.register", session_id=live.id))
    except reg.RegistrationClosed as error:
        db.session.rollback()
        return _registration_page(live, form, 409, error.message)
    db.session.commit()
    # The same words for every address (a registered one is simply not added).
    flash("You are on the waitlist: if a place frees, we email you and hold it for you "
          "for 24 hours.", "success")
    return redirect(url_for("weeks.register", session_id=live.id))


@bp.route("/waitlist/accept/<token>", methods=["GET", "POST"])
def accept_place(token: str):
    """The offer's link: a page with a button; the POST takes the held place."""
    try:
        entry = waitlist.entry_for_accept(token)
    except InvalidToken as error:
        return render_template("weeks/accept_place.html", problem=error.message), 404
    live = reg.registrable_session(entry.session_id)
    form = CsrfOnlyForm()
    if form.validate_on_submit():
        try:
            waitlist.accept(entry)
        except (waitlist.HoldLapsed, reg.SessionFull, reg.RegistrationClosed) as error:
            db.session.rollback()
            return render_template("weeks/accept_place.html", problem=error.message,
                                   live=live), 409
        db.session.commit()
        session["registered_sessions"] = sorted(
            set(session.get("registered_sessions", [])) | {live.id})
        flash("The place is yours: we are sending the confirmation.", "success")
        return redirect(url_for("weeks.registered", session_id=live.id))
    zone = resolve_zone(entry.timezone, None, live.day.week.timezone)
    return render_template("weeks/accept_place.html", problem=None, live=live, form=form,
                           entry=entry, starts=live.starts_at.astimezone(zone),
                           hold_until=entry.hold_until.astimezone(zone)
                           if entry.hold_until else None)


@bp.route("/sessions/<int:session_id>/registered")
def registered(session_id: int):
    live = reg.registrable_session(session_id)
    zone = resolve_zone(None, request.cookies.get(TZ_COOKIE), live.day.week.timezone)
    return render_template("weeks/registered.html", live=live, week=live.day.week,
                           starts=live.starts_at.astimezone(zone), zone=zone,
                           is_registered=live.id in session.get("registered_sessions", []))


def _cancel_page(token: str):
    try:
        registration = reg.registration_for_cancel(token)
    except InvalidToken as error:
        return render_template("weeks/cancel.html", problem=error.message, form=None), 404
    live = registration.session
    zone = resolve_zone(registration.timezone, None, live.day.week.timezone)
    return render_template("weeks/cancel.html", problem=None, form=CsrfOnlyForm(),
                           registration=registration, live=live, week=live.day.week,
                           starts=live.starts_at.astimezone(zone), now=utcnow(), token=token)


@bp.route("/registrations/cancel/<token>", methods=["GET", "POST"])
def cancel_registration(token: str):
    """The confirmation email's cancel link: a page that asks, then a POST that frees
    the place (a link opened by a mail scanner changes nothing)."""
    if request.method == "GET" or not CsrfOnlyForm().validate_on_submit():
        return _cancel_page(token)
    try:
        registration = reg.registration_for_cancel(token)
        live = registration.session
        reg.cancel(registration)
    except InvalidToken:
        return _cancel_page(token)
    except reg.RegistrationClosed as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("weeks.cancel_registration", token=token))
    db.session.commit()
    session["registered_sessions"] = [
        i for i in session.get("registered_sessions", []) if i != live.id]
    flash("Your registration is cancelled: your place is free for someone else.", "success")
    return redirect(url_for("weeks.register", session_id=live.id))
