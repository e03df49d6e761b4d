"""Who may use which route: declared once per blueprint, beside its routes.

Each blueprint says who may use it with ``guard(bp, ROLES)`` (a before_request
guard); a view whose access differs says so with ``@allow(ROLES)``. Everything
else is refused: a route whose blueprint declared nothing answers 403 (and the
access-matrix test fails). Scoped routes also check the object they load (a
coordinator's chapter, say) with a load-and-check helper that answers 404 out
of scope.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

ANYONE = frozenset({"anonymous", "participant", "advocate", "coordinator", "organizer", "admin"})
SIGNED_IN = frozenset({"advocate", "coordinator", "organizer", "admin"})
STAFF = frozenset({"coordinator", "organizer", "admin"})
ORGANIZERS = frozenset({"organizer", "admin"})
ADMINS = frozenset({"admin"})

# Endpoints Flask itself adds outside any blueprint.
APP_ENDPOINTS = {"static": ANYONE}
_BLUEPRINT_ROLES: dict[str, frozenset[str]] = {}


def guard(blueprint: Blueprint, roles: frozenset[str]) -> Blueprint:
    """Declare who may use every route of ``blueprint`` (before it is registered)."""
    _BLUEPRINT_ROLES[blueprint.name] = roles
    blueprint.before_request(enforce)
    return blueprint


def allow(roles: frozenset[str]) -> Callable:
    """Decorator (below ``@bp.route``): this view's roles differ from its blueprint's."""

    def mark(view):
        view.access_roles = roles
        return view
    return mark


def declared_roles(app: Flask, endpoint: str) -> frozenset[str] | None:
    """The roles declared for ``endpoint`` (its view's, else its blueprint's), or None."""
    if endpoint in APP_ENDPOINTS:
        return APP_ENDPOINTS[endpoint]
    view = app.view_functions.get(endpoint)
    override = getattr(view, "access_roles", None)
    if override is not None:
        return override
    blueprint = endpoint.rpartition(".")[0]
    return _BLUEPRINT_ROLES.get(blueprint) if blueprint else None


def role_of_current_user() -> str:
    """The role the declarations speak of for whoever is asking."""
    if getattr(current_user, "is_authenticated", False):
        return current_user.role
    return "anonymous"


def is_allowed(roles: frozenset[str] | None, role: str) -> bool:
    """Deny by default; an anonymous participant has no more rights than any visitor."""
    if roles is None:
        return False
    return role in roles or (role == "participant" and "anonymous" in roles)


def enforce():
    """Let the request through, send an anonymous visitor to sign in, or refuse (403)."""
    endpoint = request.endpoint
    roles = declared_roles(current_app, endpoint)
    if roles is None:
        current_app.logger.error("route %s has no declared access", endpoint)
        abort(403)
    if roles is ANYONE:  # public: no need to load who is asking
        return None
    role = role_of_current_user()
    if is_allowed(roles, role):
        return None
    if role == "anonymous":
        current_app.logger.info("access denied: anonymous to %s", endpoint)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    current_app.logger.info("access denied: user %s (%s) to %s", current_user.id, role,
                            endpoint)
    abort(403)


def register_policy(app: Flask) -> None:
    """Refuse every matched route whose blueprint declared no access (deny by default)."""

    @app.before_request
    def _deny_undeclared():
        endpoint = request.endpoint
        if endpoint is None:  # no route matched: the 404/405 handler answers
            return None
        blueprint = request.blueprint
        if blueprint is None or blueprint not in _BLUEPRINT_ROLES:
            return enforce()  # app endpoints (static), and blueprints with no guard
        return None  # the blueprint's own guard decides
