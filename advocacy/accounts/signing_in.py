"""Starting a signed-in session, the same way from the password form and from an
emailed link: a fresh session (and session id), and this browser's anonymous
progress folded into the account's."""

from __future__ import annotations

import secrets

from flask import session, url_for
from flask_login import login_user

from ..extensions import db
from . import mydata
from .devices import remember_device
from .participants import cookie_participant, use_participant


def start_session(user) -> None:
    """Sign ``user`` in on this browser (commits)."""
    anonymous = cookie_participant()
    session.clear()  # a fresh session (and session id) at every sign-in
    session["sid"] = secrets.token_urlsafe(16)
    login_user(user)
    remember_device(user)  # this browser may sign in even while the account is locked
    own = mydata.attach_on_login(user, anonymous)
    db.session.commit()
    if own is not None:
        use_participant(own)


def landing_for(user) -> str:
    """Where a user lands after signing in: their part of the site."""
    if user.role in ("organizer", "admin"):
        return url_for("organize.dashboard")
    if user.role == "coordinator":
        return url_for("coordinate.dashboard")
    return url_for("my.progress")
