"""Who may use which route: one table, enforced before every request.

Every endpoint of the app must appear in ``ROUTES``. A route that is missing
is refused (403) and fails the access-matrix test, so each feature adds its
routes here. Scoped routes also check the object they load (a coordinator's
chapter, say) with a load-and-check helper that answers 404 out of scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

ANYONE = frozenset({"anonymous", "participant", "advocate", "coordinator", "organizer", "admin"})
SIGNED_IN = frozenset({"advocate", "coordinator", "organizer", "admin"})
STAFF = frozenset({"coordinator", "organizer", "admin"})
ORGANIZERS = frozenset({"organizer", "admin"})
ADMINS = frozenset({"admin"})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    # Coordinators see only their own chapters' objects; others get 404.
    scoped: bool = False
    # Only the browser that made the object may see it (checked from its session);
    # everyone else gets 404.
    owner: bool = False


ROUTES: dict[str, Rule] = {
    "static": Rule(ANYONE),
    "core.healthz": Rule(ANYONE),
    "weeks.index": Rule(ANYONE),
    "weeks.week": Rule(ANYONE),
    "weeks.week_print": Rule(ANYONE),
    "weeks.week_ics": Rule(ANYONE),
    "weeks.session_ics": Rule(ANYONE),
    "weeks.register": Rule(ANYONE),
    "weeks.registered": Rule(ANYONE),
    "checklists.day": Rule(ANYONE),
    "checklists.tick": Rule(ANYONE),
    "checklists.call_report": Rule(ANYONE),
    "checklists.plan": Rule(ANYONE),
    "checklists.meeting_report": Rule(ANYONE),
    "chapters.directory": Rule(ANYONE),
    "chapters.chapter": Rule(ANYONE),
    "stories.published": Rule(ANYONE),
    "stories.new": Rule(ANYONE),
    "stories.thanks": Rule(ANYONE, owner=True),
    "api.weeks": Rule(ANYONE),
    "api.week": Rule(ANYONE),
    "accounts.login": Rule(ANYONE),
    "accounts.logout": Rule(SIGNED_IN),
    "my.progress": Rule(ANYONE),
    "my.claim": Rule(ANYONE),
    "my.data": Rule(ANYONE),
    "my.export": Rule(ANYONE),
    "my.delete": Rule(ANYONE),
    "organize.dashboard": Rule(ORGANIZERS),
    "organize.new_week": Rule(ORGANIZERS),
    "organize.week": Rule(ORGANIZERS),
    "organize.edit_week": Rule(ORGANIZERS),
    "organize.preview": Rule(ORGANIZERS),
    "organize.change_status": Rule(ORGANIZERS),
    "organize.clone": Rule(ORGANIZERS),
    "organize.export": Rule(ORGANIZERS),
    "organize.import_page": Rule(ORGANIZERS),
    "organize_reports.reports": Rule(ORGANIZERS),
    "organize_reports.meetings_csv": Rule(ORGANIZERS),
    "organize_letters.edit": Rule(ORGANIZERS),
    "stats.page": Rule(ORGANIZERS),
    "stats.table_csv": Rule(ORGANIZERS),
    "organize_items.edit_day": Rule(ORGANIZERS),
    "organize_items.edit_session": Rule(ORGANIZERS),
    "organize_items.edit_action": Rule(ORGANIZERS),
    "organize_items.delete_item": Rule(ORGANIZERS),
    "organize_items.move_item": Rule(ORGANIZERS),
    "coordinate.dashboard": Rule(STAFF),
    "coordinate.chapter": Rule(STAFF, scoped=True),
    "coordinate.signups_csv": Rule(STAFF, scoped=True),
    "webhooks.settings": Rule(STAFF, scoped=True),
    "webhooks.send_test": Rule(STAFF, scoped=True),
    "webhooks.retry": Rule(STAFF, scoped=True),
    "organize_chapters.index": Rule(ORGANIZERS),
    "organize_chapters.new": Rule(ORGANIZERS),
    "organize_chapters.edit": Rule(ORGANIZERS),
    "organize_chapters.delete": Rule(ORGANIZERS),
    "coordinate_stories.index": Rule(STAFF),
    "coordinate_stories.detail": Rule(STAFF, scoped=True),
    "coordinate_stories.moderate": Rule(STAFF, scoped=True),
    "coordinate_stories.edit": Rule(STAFF, scoped=True),
    "coordinate_stories.export_csv": Rule(STAFF),
    "coordinate_stories.export_json": Rule(STAFF),
    "coordinate_stories.letters": Rule(STAFF),
}


def role_of_current_user() -> str:
    """The role the table speaks of for whoever is asking."""
    if getattr(current_user, "is_authenticated", False):
        return current_user.role
    return "anonymous"


def is_allowed(endpoint: str, role: str) -> bool:
    rule = ROUTES.get(endpoint)
    if rule is None:
        return False
    # An anonymous participant has no more rights than any anonymous visitor.
    return role in rule.roles or (role == "participant" and "anonymous" in rule.roles)


def register_policy(app: Flask) -> None:
    """Enforce ``ROUTES`` before every request that matched a route."""

    @app.before_request
    def _enforce_policy():
        endpoint = request.endpoint
        if endpoint is None:  # no route matched: the 404/405 handler answers
            return None
        if endpoint not in ROUTES:
            current_app.logger.error("route %s is missing from the access policy", endpoint)
            abort(403)
        role = role_of_current_user()
        if is_allowed(endpoint, role):
            return None
        if role == "anonymous":
            current_app.logger.info("access denied: anonymous to %s", endpoint)
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        current_app.logger.info(
            "access denied: user %s (%s) to %s", current_user.id, role, endpoint
        )
        abort(403)
