"""The public chapter directory and sign-up."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from ..accounts.details import known_details, remember_chapter, remember_details
from ..accounts.participants import current_participant, ensure_participant
from ..checklists.next_steps import next_step
from ..extensions import db
from ..forms_util import CsrfOnlyForm, attempt, prefill
from ..geography import STATES
from ..policy import ANYONE, guard
from ..tokens import InvalidToken
from . import services, signing_up
from .forms import SignupForm
from .models import INTERESTS

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
    if states and not suggested and notice is None:
        names = " or ".join(STATES.get(code, code) for code in states)
        notice = (f"No chapter covers {names} yet. You can still take every action of the "
                  "week: stories from there go to the week's organizers, who review them "
                  "and send them on. Or join a chapter nearby below.")
    return render_template("chapters/directory.html", chapters=chapters, suggested=suggested,
                           states=STATES, chosen_state=state, zip_code=zip_code, notice=notice)


@bp.route("/<chapter_slug>", methods=["GET", "POST"])
def chapter(chapter_slug: str):
    found = services.public_chapter(chapter_slug)
    form = SignupForm()
    participant = current_participant()
    known = known_details(participant)
    if not form.is_submitted():
        prefill(form, known)

    def save():
        participant = ensure_participant()
        outcome = signing_up.sign_up(found, form.name.data, form.email.data, form.zip.data,
                                     form.phone.data or "", list(form.interests.data or []),
                                     participant.id)[1]
        states = services.states_for_zip(form.zip.data)
        remember_details(participant, name=form.name.data, email=form.email.data,
                         zip=form.zip.data, state=states[0] if len(states) == 1 else None)
        remember_chapter(participant, found.id)  # in every outcome: the same page after
        return outcome

    if form.validate_on_submit():
        saved, outcome = attempt(form, save)
        if saved:
            # A new sign-up and a repeat from another browser get the same words.
            flash(f"Your details with {found.name} are updated."
                  if outcome is signing_up.Outcome.UPDATED else
                  f"Welcome to {found.name}! We are sending a message to the address you "
                  "gave; if it had signed up before, the message has a link to confirm "
                  "your new details.", "success")
            return redirect(url_for("chapters.chapter", chapter_slug=found.slug))
    # After sending the form, this browser sees what it sent (whatever became of it:
    # a stranger's browser cannot tell a new address from a known one) and may change it.
    signed_up = (participant is not None and found.id in (participant.chapter_ids or [])
                 and not form.is_submitted() and request.args.get("change") != "1")
    return render_template("chapters/chapter.html", chapter=found, form=form,
                           signed_up=signed_up, known=known,
                           step=next_step() if signed_up else None), 400 if form.errors else 200


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """The emailed link: a page that shows the held details, then a POST that applies
    them (a link opened by a mail scanner changes nothing)."""
    try:
        signup = signing_up.signup_to_confirm(token)
    except InvalidToken as error:
        return render_template("chapters/confirm.html", problem=error.message), 404
    chapter = services.chapter_by_id(signup.chapter_id)
    form = CsrfOnlyForm()
    if form.validate_on_submit():
        signing_up.confirm(signup, ensure_participant().id)
        db.session.commit()
        flash(f"Your details with {chapter.name} are updated.", "success")
        return redirect(url_for("chapters.chapter", chapter_slug=chapter.slug))
    return render_template("chapters/confirm.html", problem=None, form=form, token=token,
                           signup=signup, chapter=chapter, details=signup.pending_details,
                           interests=INTERESTS)
