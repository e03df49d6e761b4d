"""``/organize/users``: admins list accounts and change role, chapters and access."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..accounts import links
from ..accounts import services as accounts
from ..chapters import management as chapters
from ..forms_util import attempt, choices
from ..listing import choice, page_number, read_filters, text
from ..policy import ADMINS, ORGANIZERS, allow, guard
from ..weeks.helpers import actor
from . import services
from .forms import ROLE_LABELS, STAFF_ROLES, InviteForm, UserForm

bp = guard(Blueprint("users", __name__, url_prefix="/organize/users"), ADMINS)


USER_FILTERS = {"role": choice(*ROLE_LABELS), "q": text(100)}


@bp.route("/")
def index():
    filters = read_filters(request.args, USER_FILTERS)
    return render_template("admin/users.html", filters=filters, roles=ROLE_LABELS,
                           users=accounts.users_by_role(filters["role"], filters["q"],
                                                        page_number(request.args)))


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    user = services.user_for_admin(user_id)
    form = UserForm(data={"role": user.role, "chapters": [c.id for c in user.chapters],
                          "active": user.is_active})
    form.chapters.choices = chapters.chapter_choices()
    if form.validate_on_submit():
        change = services.UserChange(role=form.role.data,
                                     chapter_ids=tuple(form.chapters.data or ()),
                                     active=bool(form.active.data))
        saved, changed = attempt(form, lambda: services.change_user(actor(), user, change))
        if saved:
            flash(f"{user.email} saved." if changed else "Nothing changed.", "success")
            return redirect(url_for("users.index"))
    return render_template("admin/user_form.html", form=form, user=user), (
        400 if form.errors else 200)


@bp.route("/invite", methods=["GET", "POST"])
@allow(ORGANIZERS)
def invite():
    """Organizers invite coordinators and organizers; admins also admins."""
    form = InviteForm()
    allowed = STAFF_ROLES if current_user.role == "admin" else STAFF_ROLES[:2]
    form.role.choices = choices((role, ROLE_LABELS[role]) for role in allowed)
    if form.validate_on_submit():
        saved, user = attempt(form, lambda: links.invite(
            form.email.data, form.role.data, form.display_name.data or ""))
        if saved:
            flash(f"Invitation sent to {user.email}: the link works once, for 72 hours.",
                  "success")
            return redirect(url_for("users.index") if current_user.role == "admin"
                            else url_for("organize.dashboard"))
    return render_template("admin/invite.html", form=form), 400 if form.errors else 200
