"""Sharing an impact story."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ..accounts.participants import current_details, ensure_participant
from ..chapters.services import chapter_names_for_state
from ..checklists.next_steps import next_step
from ..database import utcnow
from ..errors import DomainError
from ..extensions import db
from ..forms_util import choices, prefill, show_error
from ..legislators import services as legislators
from ..policy import ANYONE, guard
from ..security import ip_key, rate_limit
from ..weeks import services as weeks
from . import moderation, services
from .forms import StoryForm
from .models import IMPACT_AREAS, Story

bp = guard(Blueprint("stories", __name__, url_prefix="/stories"), ANYONE)


def _story_limit() -> str:
    return current_app.config["STORY_RATE_LIMIT"]


def _data(form: StoryForm) -> services.StoryData:
    consents = {kind for kind in ("share", "publish", "contact")
                if form[f"consent_{kind}"].data}
    district = form.district.data
    return services.StoryData(
        author_name=form.author_name.data, email=form.email.data, library=form.library.data,
        city=form.city.data, state=form.state.data, zip=form.zip.data, title=form.title.data,
        body=form.body.data, impact_areas=list(form.impact_areas.data), consents=consents,
        district=int(district) if district and re.fullmatch(r"[0-9]{1,2}", district) else None)


@bp.route("/")
def published():
    return render_template("stories/published.html", stories=moderation.published_stories(),
                           first_name=moderation.first_name, areas=IMPACT_AREAS)


def _find_district(form: StoryForm):
    """The story form again, with the ZIP's districts and who the story would go to
    (after the state's and ZIP's own checks: nothing unchecked reaches a query)."""
    if not all([form.state.validate(form), form.zip.validate(form)]):
        return render_template("stories/new.html", form=form), 400
    district = form.district.data
    lookup = services.find_district(
        form.state.data or "", (form.zip.data or "").strip(),
        int(district) if district and re.fullmatch(r"[0-9]{1,2}", district) else None)
    if len(lookup.districts) > 1:
        form.district.choices = choices((str(d), label) for d, label in lookup.districts)
    return render_template("stories/new.html", form=form, lookup=lookup)


@bp.route("/new", methods=["GET", "POST"])
@rate_limit(_story_limit, key_func=ip_key, methods=["POST"],
               deduct_when=lambda response: response.status_code == 302, scope="stories")
def new():
    form = StoryForm()
    form.district.choices = []
    if not form.is_submitted():
        prefill(form, current_details(), {"author_name": "name"})
    if form.is_submitted() and request.form.get("find_district"):
        return _find_district(form)  # no JavaScript needed: the form comes back, filled
    if not form.validate_on_submit():
        return render_template("stories/new.html", form=form), 400 if form.errors else 200
    if form.website.data:  # the honeypot: a person never sees it
        current_app.logger.info("story honeypot filled; nothing saved")
        return redirect(url_for("weeks.index"))
    slug = weeks.cached_current_slug(utcnow())
    week = weeks.cached_version(slug) if slug else None
    data = _data(form)
    try:
        # The ZIP's district first: it reads only reference data, before the write
        # transaction the participant's record starts (and a refusal starts none).
        placement = services.place(data.state, data.zip, data.district)
        participant = ensure_participant(  # what they typed fills their later forms
            name=form.author_name.data, email=form.email.data, library=form.library.data,
            city=form.city.data, state=form.state.data, zip=form.zip.data)
        submitted = services.submit(data, participant.id, week.week_id if week else None,
                                    placement)
    except services.DistrictChoiceNeeded as error:
        db.session.rollback()
        form.district.choices = choices(services.district_choices(form.state.data,
                                                                  error.districts))
        show_error(form, error)
        return render_template("stories/new.html", form=form), 400
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return render_template("stories/new.html", form=form), 400
    story_id = submitted.story_id
    db.session.commit()
    session["shared_stories"] = [*session.get("shared_stories", [])[-9:], story_id]
    if submitted.notice:
        flash(submitted.notice, "warning")
    return redirect(url_for("stories.thanks", story_id=story_id))


@bp.route("/<int:story_id>/thanks")
def thanks(story_id: int):
    if story_id not in session.get("shared_stories", []):
        abort(404)
    story = db.session.get(Story, story_id)
    if story is None:
        abort(404)
    members = legislators.members_for(story.state, story.district)
    return render_template("stories/thanks.html", story=story, members=members,
                           chapters=chapter_names_for_state(story.state), step=next_step(),
                           organizers=weeks.organizing_name(),
                           shared=any(c.kind == "share" for c in story.consents),
                           data_loaded=legislators.legislator_data_loaded())
