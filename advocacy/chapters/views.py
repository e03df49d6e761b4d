"""The public chapter directory and sign-up."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..accounts.participants import current_participant, ensure_participant
from ..forms_util import attempt
from ..geography import STATES
from ..policy import ANYONE, guard
from . import services
from .forms import SignupForm

bp = guard(Blueprint("chapters", __name__, url_prefix="/chapters"), ANYONE)


@bp.route("/")
def directory():
    state = request.args.get("state", "")
    zip_code = request.args.get("zip", "").strip()
    states = [state] if state in STATES else []
    notice = None
    if zip_code:
        states = services.states_for_zip(zip_code)
        if not states:
            notice = "We could not place that ZIP code; choose your state instead."
    elif not states:
        participant = current_participant()
        states = [participant.state] if participant and participant.state else []
    chapters = services.directory(states)
    suggested = [c for c in chapters if set(c.state_codes) & set(states)]
    return render_template("chapters/directory.html", chapters=chapters, suggested=suggested,
                           states=STATES, chosen_state=state, zip_code=zip_code, notice=notice)


@bp.route("/<chapter_slug>", methods=["GET", "POST"])
def chapter(chapter_slug: str):
    found = services.public_chapter(chapter_slug)
    form = SignupForm()

    def save():
        participant = ensure_participant()
        _signup, created = services.sign_up(found, form.name.data, form.email.data,
                                           form.zip.data, form.phone.data or "",
                                           list(form.interests.data or []), participant.id)
        return created

    if form.validate_on_submit():
        saved, created = attempt(form, save)
        if saved:
            flash(f"Welcome to {found.name}! The chapter will be in touch." if created else
                  f"You were already signed up with {found.name}: we updated your details.",
                  "success")
            return redirect(url_for("chapters.chapter", chapter_slug=found.slug))
    return render_template("chapters/chapter.html", chapter=found, form=form), (
        400 if form.errors else 200)
