"""``/organize/users``: admins list accounts and change role, chapters and access."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from ..accounts import services as accounts
from ..chapters import management as chapters
from ..forms_util import attempt
from ..policy import ADMINS, guard
from ..weeks.helpers import actor
from . import services
from .forms import UserForm

bp = guard(Blueprint("users", __name__, url_prefix="/organize/users"), ADMINS)


@bp.route("/")
def index():
    return render_template("admin/users.html", users=accounts.users_by_role())


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
