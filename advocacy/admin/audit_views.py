"""``/organize/audit``: admins read the audit log (who exported, moderated or changed
what, and when), paged and filtered by action."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..listing import page_number, read_filters, text
from ..policy import ADMINS, guard
from . import services

bp = guard(Blueprint("audit", __name__, url_prefix="/organize/audit"), ADMINS)
AUDIT_FILTERS = {"action": text(64)}


@bp.route("/")
def index():
    filters = read_filters(request.args, AUDIT_FILTERS)
    return render_template("admin/audit.html", filters=filters,
                           events=services.audit_page(filters["action"],
                                                      page_number(request.args)),
                           actions=services.audit_actions())
