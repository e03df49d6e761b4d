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
from ..security import ip_key, link_rate_limit, login_account_key, rate_limit
from ..tokens import InvalidToken
from . import links
from .forms import EmailOnlyForm, NewPasswordForm
from .signing_in import landing_for, start_session

bp = guard(Blueprint("links", __name__), ANYONE)
SENT = ("If an account uses that address, a link is on its way to it. It works once, "
        "for a short time; check your spam folder if it does not come.")


@bp.route("/login/forgot", methods=["GET", "POST"])
@rate_limit(link_rate_limit, key_func=ip_key, methods=["POST"], scope="links-ip")
@rate_limit(link_rate_limit, key_func=login_account_key, methods=["POST"], scope="links-address")
def forgot():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        links.request_reset(form.email.data)
        db.session.commit()
        flash(SENT, "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


def _problem(error: InvalidToken):
    db.session.rollback()
    return render_template("accounts/link_problem.html", problem=error.message), 404


def _follow(token: str, purposes: tuple[str, ...], spend, form) -> tuple:
    """(link, None) while the link's form is shown; (link, user) once a valid POST
    spent it and signed the user in. InvalidToken for a link that cannot be used."""
    link = links.usable(token, purposes)
    if not form.validate_on_submit():
        return link, None
    user = spend(link)
    db.session.flush()
    start_session(user)
    current_app.logger.info("signed in from a %s link: user %s", link.purpose, user.id)
    return link, user


@bp.route("/account/password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    form = NewPasswordForm()
    try:
        link, user = _follow(token, ("invite", "reset"), lambda link: links.set_password(
            link, form.password.data), form)
    except InvalidToken as error:
        return _problem(error)
    if user is not None:
        flash("Your password is set and you are signed in.", "success")
        return redirect(landing_for(user))
    return render_template("accounts/set_password.html", form=form, link=link), (
        400 if form.errors else 200)


@bp.route("/my/link", methods=["POST"])
@rate_limit(link_rate_limit, key_func=ip_key, scope="links-ip")
@rate_limit(link_rate_limit, key_func=login_account_key, scope="links-address")
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
    form = CsrfOnlyForm()
    try:
        link, user = _follow(token, ("signin", "claim"), links.sign_in, form)
    except InvalidToken as error:
        return _problem(error)
    if user is not None:
        flash("Your progress is saved to your account." if link.purpose == "claim" else
              "You are signed in: this browser's progress is added to your account.",
              "success")
        return redirect(url_for("my.progress"))
    return render_template("accounts/sign_in_link.html", form=form, link=link, token=token)
