"""``/coordinate/alerts``: a staff member's alert choices, per chapter; and
``/coordinate/follow-ups``: the meeting reports asking for help, in their scope."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..forms_util import CsrfOnlyForm, attempt
from ..listing import page_number
from ..policy import STAFF, guard
from . import follow_ups as follow_up_list
from . import services

bp = guard(Blueprint("alerts", __name__, url_prefix="/coordinate"), STAFF)

LABELS = {
    "stories": ("New stories waiting", {"instant": "At once", "digest": "Daily digest at 17:00",
                                        "off": "Off"}),
    "signups": ("New sign-ups", {"digest": "Daily digest at 17:00", "off": "Off"}),
    "follow_ups": ("Meeting reports asking for a follow-up", {"instant": "At once",
                                                              "off": "Off"}),
}


@bp.route("/alerts", methods=["GET", "POST"])
def settings():
    form = CsrfOnlyForm()
    refused = False
    if form.validate_on_submit():
        saved, _ = attempt(form, lambda: [services.save_choices(current_user, scope.key, *(
            request.form.get(f"{scope.key}-{kind}", getattr(current, kind))
            for kind in ("stories", "signups", "follow_ups")))
            for scope, current in services.choices_of(current_user)])
        if saved:
            flash("Saved: your alerts follow these choices from now on.", "success")
            return redirect(url_for("alerts.settings"), code=303)
        refused = True  # the reason is flashed above the form
    return render_template("alerts/settings.html", form=form, labels=LABELS,
                           rows=services.choices_of(current_user)), 400 if refused else 200


@bp.route("/follow-ups")
def follow_ups():
    return render_template("alerts/follow_ups.html", reports=follow_up_list.in_scope(
        current_user, page_number(request.args)))
