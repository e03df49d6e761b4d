"""Device cookies (OWASP's answer to lock-out as a weapon): a browser that signed in
to an account gets a signed cookie naming it. The per-account limit on failed
sign-ins then applies only to browsers without one, so a stranger's wrong passwords
cannot lock the owner out; a browser with one has a limit of its own, and the
per-address limit stays for everyone.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, g, request

from ..tokens import InvalidToken, sign, unsign
from .services import find_user_by_email

COOKIE = "advocacy_device"
PURPOSE = "device"
LIFETIME = timedelta(days=365)


def remember_device(user) -> None:
    """Give this browser a device cookie for ``user`` (set on the response)."""
    g.device_user_id = user.id


def device_user_id() -> int | None:
    """The account this browser's device cookie names, if it is valid."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        value = unsign(PURPOSE, raw, max_age=int(LIFETIME.total_seconds()))
    except InvalidToken:
        return None
    return value[0] if isinstance(value, list) and value and isinstance(value[0], int) else None


def trusted_for_login() -> bool:
    """Whether the login form's account is the one this browser signed in to before."""
    user_id = device_user_id()
    if user_id is None:
        return False
    user = find_user_by_email(request.form.get("email") or "")
    return user is not None and user.id == user_id


def untrusted_for_login() -> bool:
    return not trusted_for_login()


def device_key() -> str:
    """Rate-limit key: the device cookie (hashed)."""
    raw = request.cookies.get(COOKIE, "")
    return "device:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:24]


def register_devices(app: Flask) -> None:
    """Set the device cookie on the response of a sign-in."""

    @app.after_request
    def _set_device_cookie(response):
        user_id = g.get("device_user_id")
        if user_id is not None:
            response.set_cookie(COOKIE, sign(PURPOSE, [user_id, secrets.token_hex(8)]),
                                max_age=int(LIFETIME.total_seconds()), httponly=True,
                                samesite="Lax", secure=current_app.config["HTTPS"])
        return response
