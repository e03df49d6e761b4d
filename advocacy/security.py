"""Response headers, cookie rules and rate-limit keys."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .extensions import limiter
from .textrules import storable

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
])

STATIC_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

_HEADER_ITEMS = tuple(STATIC_HEADERS.items())


class CookieFirstSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, but a request without the cookie skips the
    signing set-up: most anonymous page views never carry one."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


# Views that carry a rate limit, by qualified name. The app sets no default or
# application-wide limit: every limit is a ``rate_limit`` on its view and counts a
# write (failed sign-ins, stories), so any other request, and every read, is exempted
# through Flask-Limiter's request filter and skips its per-request work.
_LIMITED_VIEWS: set[str] = set()


def _name_of(view) -> str:
    return f"{view.__module__}.{view.__qualname__}"


def rate_limit(limit_value, **options):
    """``limiter.limit`` on a view (below ``@bp.route``); use this, never limiter.limit."""

    def decorate(view):
        _LIMITED_VIEWS.add(_name_of(view))
        return limiter.limit(limit_value, **options)(view)
    return decorate


@limiter.request_filter
def _not_rate_limited() -> bool:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return view is None or _name_of(view) not in _LIMITED_VIEWS


def register_security(app: Flask) -> None:
    """Add the security headers to every response."""
    app.session_interface = CookieFirstSessionInterface()

    @app.before_request
    def _refuse_unstorable_query():
        # Forms refuse such text at the field; a query string has no field to show it.
        if not all(storable(value) for value in request.args.values()):
            abort(400)

    @app.after_request
    def _security_headers(response):
        present = {key.lower() for key in response.headers.keys()}  # noqa: SIM118
        for name, value in _HEADER_ITEMS:
            if name.lower() not in present:
                response.headers.add(name, value)
        if current_app.config["HTTPS"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if _is_personal(response):
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("ETag", None)
        return response


def _is_personal(response) -> bool:
    """Pages that may show someone's own data are never stored by a browser or proxy:
    for a signed-in user, for a browser with a participant or session cookie (their
    ticks, registrations, story), and any response that sets a cookie."""
    if request.endpoint == "static":
        return False
    if "Set-Cookie" not in response.headers and not request.cookies:
        return False  # no cookie at all: nobody is signed in, nothing is theirs
    if "Set-Cookie" in response.headers:
        return True
    config = current_app.config
    if (request.cookies.get(config["PARTICIPANT_COOKIE_NAME"])
            or request.cookies.get(config["SESSION_COOKIE_NAME"])):
        return True
    return bool(getattr(current_user, "is_authenticated", False))


def is_safe_redirect(target: str | None) -> bool:
    """True when ``target`` is a path on this site (no scheme, host or ``//``)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def ip_key() -> str:
    """Rate-limit key: the client address."""
    return "ip:" + (get_remote_address() or "unknown")


def login_account_key() -> str:
    """Rate-limit key: the account being tried (hashed: no email in the limiter store)."""
    email = (request.form.get("email") or "").strip().lower()
    return "acct:" + hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()[:24]


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def link_rate_limit() -> str:
    """The limit on asking for emailed links (per address and per client address)."""
    return current_app.config["LINK_RATE_LIMIT"]


def login_failed(response) -> bool:
    """Only failed attempts count against the login limits."""
    return response.status_code != 302
