"""Pages behind the account emails: "Forgot your password?", choosing a password from
an invitation or reset link, "Email me a link to my progress", and following a
sign-in or claim link. Every request form answers the same words whether or not the
address has an account; a link is spent by a POST (a mail scanner's GET spends
nothing)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for

from ..extensions import db
from ..forms_util import CsrfOnlyForm
from ..policy import ANYONE, guard
from ..security import ip_key, rate_limit
from ..tokens import InvalidToken
from . import links
from .forms import EmailOnlyForm, NewPasswordForm
from .signing_in import start_session

bp = guard(Blueprint("links", __name__), ANYONE)
SENT = ("If an account uses that address, a link is on its way to it. It works once, "
        "for a short time; check your spam folder if it does not come.")


def link_rate_limit() -> str:
    return current_app.config["LINK_RATE_LIMIT"]


def _address_key() -> str:
    from ..security import login_account_key

    return login_account_key()


@bp.route("/login/forgot", methods=["GET", "POST"])
@rate_limit(link_rate_limit, key_func=ip_key, methods=["POST"], scope="links-ip")
@rate_limit(link_rate_limit, key_func=_address_key, methods=["POST"], scope="links-address")
def forgot():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        links.request_reset(form.email.data)
        db.session.commit()
        flash(SENT, "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/account/password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    try:
        link = links.usable(token, ("invite", "reset"))
    except InvalidToken as error:
        return render_template("accounts/link_problem.html", problem=error.message), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = links.set_password(link, form.password.data)
        db.session.flush()
        start_session(user)
        current_app.logger.info("password set from a %s link: user %s", link.purpose, user.id)
        flash("Your password is set and you are signed in.", "success")
        return redirect(url_for("my.progress") if user.role == "advocate" else "/organize/"
                        if user.role in ("organizer", "admin") else "/coordinate/")
    return render_template("accounts/set_password.html", form=form, link=link), (
        400 if form.errors else 200)


@bp.route("/my/link", methods=["POST"])
@rate_limit(link_rate_limit, key_func=ip_key, scope="links-ip")
@rate_limit(link_rate_limit, key_func=_address_key, scope="links-address")
def email_link():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        links.request_sign_in(form.email.data)
        db.session.commit()
        flash(SENT, "success")
    else:
        flash("Give the email address of your account.", "error")
    return redirect(url_for("my.progress"))


@bp.route("/my/signin/<token>", methods=["GET", "POST"])
def sign_in(token: str):
    try:
        link = links.usable(token, ("signin", "claim"))
    except InvalidToken as error:
        return render_template("accounts/link_problem.html", problem=error.message), 404
    form = CsrfOnlyForm()
    if form.validate_on_submit():
        user = links.sign_in(link)
        db.session.flush()
        start_session(user)
        current_app.logger.info("signed in from a %s link: user %s", link.purpose, user.id)
        flash("Your progress is saved to your account." if link.purpose == "claim" else
              "You are signed in: this browser's progress is added to your account.",
              "success")
        return redirect(url_for("my.progress"))
    return render_template("accounts/sign_in_link.html", form=form, link=link, token=token)
