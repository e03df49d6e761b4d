"""``/my``: an advocate's progress, claiming it into an account, and their data."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from ..accounts import links, mydata
from ..accounts.forms import ClaimForm, ConfirmForm, EmailOnlyForm
from ..accounts.participants import (
    current_details,
    current_participant,
    ensure_participant,
    forget_participant_cookie,
)
from ..checklists import services as checklists
from ..checklists.planner import streak
from ..database import utcnow
from ..extensions import db
from ..forms_util import CsrfOnlyForm, prefill
from ..mail import preferences
from ..mail.models import address_hash
from ..policy import ANYONE, guard
from ..security import ip_key, link_rate_limit, login_account_key, rate_limit
from ..tokens import InvalidToken
from ..weeks.timezones import date_in_zone

bp = guard(Blueprint("my", __name__, url_prefix="/my"), ANYONE)


def _weeks_of(history):
    weeks: dict[str, dict] = {}
    for done in history:
        entry = weeks.setdefault(done.week_slug, {
            "title": done.week_title, "items": [], "days": set(), "minutes": 0,
            "timezone": done.week_timezone,
            "span": [date.fromordinal(n) for n in range(done.week_start.toordinal(),
                                                        done.week_end.toordinal() + 1)]})
        entry["items"].append(done)
        # (action, when it was done in the week's own zone)
        entry.setdefault("rows", []).append(
            (done, done.completed_at.astimezone(ZoneInfo(done.week_timezone))))
        entry["days"].add(done.day)
        entry["minutes"] += done.minutes
    return weeks


@bp.route("/")
def progress():
    participant = current_participant()
    history = checklists.history(participant.id) if participant else []
    weeks = _weeks_of(history)
    now = utcnow()
    for entry in weeks.values():  # "today" is the date in the week's own zone
        today = date_in_zone(now, entry["timezone"])
        entry["streak"] = streak(entry["days"], entry["span"], today)
    return render_template("my/progress.html", weeks=weeks, participant=participant,
                           link_form=EmailOnlyForm())


@bp.route("/claim", methods=["GET", "POST"])
@rate_limit(link_rate_limit, key_func=ip_key, methods=["POST"], scope="links-ip")
@rate_limit(link_rate_limit, key_func=login_account_key, methods=["POST"], scope="links-address")
def claim():
    if current_user.is_authenticated:
        return redirect(url_for("my.progress"))
    form = ClaimForm()
    if not form.is_submitted():
        prefill(form, {"email": current_details().get("email")})
    if form.validate_on_submit():
        links.request_claim(ensure_participant(), form.email.data, form.password.data)
        db.session.commit()
        # The same words whether or not the address has an account: the email says which.
        flash("Check your email: open the link we sent to finish saving your progress "
              "(it works for 15 minutes).", "success")
        return redirect(url_for("my.progress"))
    return render_template("my/claim.html", form=form), 400 if form.errors else 200


@bp.route("/data")
def data():
    return render_template("my/data.html", export_form=ConfirmForm(prefix="export"),
                           delete_form=ConfirmForm(prefix="delete"),
                           participant=current_participant())


def _confirmed(prefix: str):
    """The participant, if the confirmation box of form ``prefix`` was ticked; else flash."""
    participant = current_participant()
    if participant is None:
        flash("There is no data linked to this browser.", "error")
    elif not ConfirmForm(prefix=prefix).validate_on_submit():
        flash("Tick the box to confirm.", "error")
    else:
        return participant
    return None


@bp.route("/data/export", methods=["POST"])
def export():
    participant = _confirmed("export")
    if participant is None:
        return redirect(url_for("my.data"))
    body = json.dumps(mydata.export(participant), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="my-advocacy-data.json"'})


@bp.route("/data/delete", methods=["POST"])
def delete():
    participant = _confirmed("delete")
    if participant is None:
        return redirect(url_for("my.data"))
    was_signed_in = current_user.is_authenticated
    mydata.erase(participant)
    db.session.commit()
    if was_signed_in:
        logout_user()
    session.clear()
    flash("Your personal data has been deleted. Anonymous counts of actions remain.", "success")
    response = redirect(url_for("weeks.index"))
    forget_participant_cookie(response)
    return response


def _email_settings(hashed: str, action: str):
    """The settings page of the address with this hash, and what its buttons do."""
    form = CsrfOnlyForm()
    if form.validate_on_submit():
        if request.form.get("action") == "stop":
            preferences.stop_everything(hashed)
            flash("Done: nothing more will come to this address unless you ask for it.",
                  "success")
        else:
            preferences.save(hashed, set(request.form.getlist("on")))
            flash("Saved: your choices apply from the next email.", "success")
        db.session.commit()
        return redirect(action, code=303)
    return render_template("my/email.html", switches=preferences.switches(hashed),
                           bounced=preferences.bounced(hashed), form=form, action=action)


@bp.route("/email", methods=["GET", "POST"])
@rate_limit(link_rate_limit, key_func=ip_key, methods=["POST"], scope="links-ip")
@rate_limit(link_rate_limit, key_func=login_account_key, methods=["POST"], scope="links-address")
def email_settings_here():
    """Signed in: this account's address. Otherwise: a link to the settings, by email."""
    if current_user.is_authenticated:
        return _email_settings(address_hash(current_user.email), url_for("my.email_settings_here"))
    form = EmailOnlyForm()
    if form.validate_on_submit():
        preferences.request_link(form.email.data)
        db.session.commit()
        # The same words for every address: knowing one opens nothing.
        return render_template("my/email_asked.html")
    if not form.is_submitted():
        prefill(form, {"email": current_details().get("email")})
    return render_template("my/email_ask.html", form=form), 400 if form.errors else 200


@bp.route("/email/<token>", methods=["GET", "POST"])
def email_settings(token: str):
    """The settings of the address a message's link names (no account needed)."""
    try:
        hashed = preferences.read_token(token)
    except InvalidToken as error:
        return render_template("my/email_ask.html", form=EmailOnlyForm(),
                               problem=error.message), 404
    return _email_settings(hashed, url_for("my.email_settings", token=token))
