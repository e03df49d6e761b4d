"""Anonymous participants: a signed cookie that refers to a Participant row.

A row is created only by ``ensure_participant()``, which actions that need one
call (ticking, registering…); a plain GET never creates one.

The cookie's value is signed with the time it was issued: it is honoured for
``PARTICIPANT_COOKIE_MAX_AGE`` (400 days) and re-issued when a request uses one older
than a day, so a browser in use keeps it while a copy taken once expires. Erasing the
data gives the row a new token (``revoke``): every copy of the old cookie stops working.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, g, request
from flask_login import current_user
from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import bindparam
from sqlalchemy import inspect as sa_inspect

from ..extensions import db
from .details import LIMITS, known_details, remember_details
from .models import Participant, new_token

_SALT = "advocacy.participant"
RENEW_AFTER_SECONDS = 24 * 60 * 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _legacy_serializer() -> URLSafeSerializer:
    """Cookies issued before they carried a time: honoured once, then re-issued."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def current_participant() -> Participant | None:
    """The signed-in user's participant, else the one named by the cookie, else None."""
    if "participant" in g:
        return g.participant
    if current_user.is_authenticated:
        participant = db.session.execute(
            db.select(Participant).where(Participant.user_id == current_user.id)
            .order_by(Participant.id).limit(1)
        ).scalar_one_or_none()
        if participant is not None:
            g.participant = participant
            return participant
    g.participant = cookie_participant()
    return g.participant


def cookie_token() -> str | None:
    """The participant token in the request's signed cookie, if the signature holds."""
    raw = request.cookies.get(current_app.config["PARTICIPANT_COOKIE_NAME"])
    if not raw:
        return None
    max_age = current_app.config["PARTICIPANT_COOKIE_MAX_AGE"]
    try:
        token, issued = _serializer().loads(raw, max_age=max_age, return_timestamp=True)
        renew = time.time() - issued.timestamp() > RENEW_AFTER_SECONDS
    except BadData:  # also an expired one (SignatureExpired)
        try:  # (an expired timed value fails here too: its payload is not the old form)
            token, renew = _legacy_serializer().loads(raw), True
        except BadData:
            return None
    if not isinstance(token, str):
        return None
    if renew:
        g.participant_cookie_due = True
    return token


# Built once: a participant is looked up on most personal pages.
_BY_TOKEN = db.select(Participant).where(Participant.token == bindparam("token"))


def cookie_participant() -> Participant | None:
    """The participant named by the request's signed cookie, or None."""
    participant = None
    token = cookie_token()
    if token:
        participant = db.session.execute(_BY_TOKEN, {"token": token}).scalar_one_or_none()
    # A claimed record belongs to its account: only that account, signed in, uses it.
    if participant is not None and participant.user_id is not None:
        user_id = current_user.id if current_user.is_authenticated else None
        if participant.user_id != user_id:
            return None
    return participant


_DETAILS_BY_TOKEN = db.select(
    Participant.user_id, *(getattr(Participant, name) for name in LIMITS)
).where(Participant.token == bindparam("token"))


def current_details() -> dict[str, str]:
    """What the current participant typed before ({} for none), for a form's GET: read
    as plain columns, without loading the record, when only a cookie names it."""
    if "participant" in g or current_user.is_authenticated:
        return known_details(current_participant())
    token = cookie_token()
    if not token:
        return {}
    row = db.session.connection().execute(_DETAILS_BY_TOKEN, {"token": token}).first()
    if row is None or row.user_id is not None:  # a claimed record: its account's only
        return {}
    return known_details(row)


def ensure_participant(**details: str | None) -> Participant:
    """The current participant, created (and its cookie set) if there is none;
    ``details`` (name, email…) are remembered on it, a new one written with them."""
    participant = current_participant()
    if participant is None:
        participant = Participant(
            token=new_token(), user_id=current_user.id if current_user.is_authenticated else None)
        remember_details(participant, **details)
        db.session.add(participant)
        db.session.flush()
        g.participant = participant
        g.participant_token = participant.token  # the cookie needs no read after the commit
        g.participant_cookie_due = True
    else:
        remember_details(participant, **details)
    return participant


def use_participant(participant: Participant) -> None:
    """Make ``participant`` this browser's from now on (after a merge, say)."""
    g.participant = participant
    g.participant_token = participant.token
    g.participant_cookie_due = True


def revoke(participant: Participant) -> None:
    """A new token for ``participant``: every copy of its old cookie stops working."""
    participant.token = new_token()
    if g.get("participant") is participant:
        g.participant_token = participant.token


def forget_participant_cookie(response) -> None:
    """Remove the participant cookie (after the data behind it was deleted)."""
    response.delete_cookie(current_app.config["PARTICIPANT_COOKIE_NAME"])


def register_participants(app: Flask) -> None:
    """Set the participant cookie on the response that created the row."""

    @app.after_request
    def _set_participant_cookie(response):
        participant = g.get("participant")
        # Only for a row that still exists: one created by a request that then
        # rolled back (a refused form, say) is transient again and gets no cookie.
        if (g.get("participant_cookie_due") and participant is not None
                and sa_inspect(participant).persistent):
            config = current_app.config
            response.set_cookie(
                config["PARTICIPANT_COOKIE_NAME"],
                _serializer().dumps(g.get("participant_token") or participant.token),
                max_age=config["PARTICIPANT_COOKIE_MAX_AGE"], httponly=True,
                samesite="Lax", secure=config["HTTPS"],
            )
        return response
