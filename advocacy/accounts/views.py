"""Login and logout for staff (and advocates who claimed an account)."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from ..extensions import db
from ..forms_util import CsrfOnlyForm
from ..policy import ANYONE, SIGNED_IN, allow, guard
from ..security import (
    ip_key,
    is_safe_redirect,
    login_account_key,
    login_failed,
    login_rate_limit,
    rate_limit,
)
from . import services
from .devices import device_key, trusted_for_login, untrusted_for_login
from .forms import LoginForm
from .signing_in import landing_for, start_session

bp = guard(Blueprint("accounts", __name__), ANYONE)


@bp.route("/login", methods=["GET", "POST"])
@rate_limit(login_rate_limit, key_func=ip_key, methods=["POST"],
               deduct_when=login_failed, scope="login-ip")
@rate_limit(login_rate_limit, key_func=login_account_key, methods=["POST"],
               deduct_when=login_failed, exempt_when=trusted_for_login, scope="login-account")
@rate_limit(login_rate_limit, key_func=device_key, methods=["POST"],
               deduct_when=login_failed, exempt_when=untrusted_for_login, scope="login-device")
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.record_login(user)
            start_session(user)
            current_app.logger.info("login succeeded: user %s", user.id)
            flash("You are signed in.", "success")
            target = form.next.data
            return redirect(target if is_safe_redirect(target) else landing_for(user))
        current_app.logger.info("login failed: %s", _failed_account_label(form.email.data))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(SIGNED_IN)
def logout():
    user = current_user._get_current_object()
    services.rotate_session_token(user)
    db.session.commit()
    current_app.logger.info("logout: user %s", user.id)
    logout_user()
    session.clear()
    flash("You are signed out.", "success")
    return redirect(url_for("weeks.index"))


def _failed_account_label(email: str | None) -> str:
    user = services.find_user_by_email(email or "")
    return f"user {user.id}" if user else "unknown account"


def register_template_helpers(app) -> None:
    """Offer the logout form to every template (the header's button)."""

    @app.context_processor
    def _logout_form():
        # formdata=None: the header form never reads the request (an error page for a
        # body over the limit must not read it again).
        return {"logout_form": CsrfOnlyForm(formdata=None)
                if current_user.is_authenticated else None}
