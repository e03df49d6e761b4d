"""Organizer pages for chapters (``/organize/chapters``): details, states, coordinators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from ..forms_util import CsrfOnlyForm, attempt, choices
from ..policy import ORGANIZERS, guard
from ..weeks.timezones import zone_choices
from . import management
from .forms import ChapterForm

bp = guard(Blueprint("organize_chapters", __name__, url_prefix="/organize/chapters"), ORGANIZERS)


def _form(chapter=None) -> ChapterForm:
    data = None if chapter is None else {
        "name": chapter.name, "slug": chapter.slug, "states": chapter.state_codes,
        "description": chapter.description, "contact_name": chapter.contact_name,
        "contact_email": chapter.contact_email, "timezone": chapter.timezone or "",
        "coordinators": [user.id for user in chapter.coordinators]}
    form = ChapterForm(data=data)
    form.coordinators.choices = management.coordinator_choices()
    form.timezone.choices = choices([("", "The zone of its first state"),
                                     *zone_choices(*([chapter.timezone] if chapter is not None
                                                     and chapter.timezone else []))])
    return form


def _data(form: ChapterForm) -> management.ChapterData:
    return management.ChapterData(
        name=form.name.data, slug=form.slug.data, states=list(form.states.data or []),
        description=form.description.data or "", contact_name=form.contact_name.data or "",
        contact_email=form.contact_email.data or "", timezone=form.timezone.data or "",
        coordinator_ids=tuple(form.coordinators.data or ()))


def _page(form, chapter=None):
    return render_template("chapters/organize/chapter_form.html", form=form, chapter=chapter,
                           delete_form=CsrfOnlyForm()), 400 if form.errors else 200


@bp.route("/")
def index():
    return render_template("chapters/organize/chapters.html", chapters=management.all_chapters())


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = _form()
    if form.validate_on_submit():
        saved, chapter = attempt(form, lambda: management.create_chapter(_data(form),
                                                                         current_user))
        if saved:
            flash(f"Chapter {chapter.name} created.", "success")
            return redirect(url_for("organize_chapters.index"))
    return _page(form)


@bp.route("/<chapter_slug>/edit", methods=["GET", "POST"])
def edit(chapter_slug: str):
    chapter = management.chapter_for_organizer(chapter_slug)
    form = _form(chapter)
    if form.validate_on_submit():
        saved, _ = attempt(form, lambda: management.update_chapter(chapter, _data(form),
                                                                   current_user))
        if saved:
            flash(f"Chapter {chapter.name} saved.", "success")
            return redirect(url_for("organize_chapters.index"))
    return _page(form, chapter)


@bp.route("/<chapter_slug>/delete", methods=["POST"])
def delete(chapter_slug: str):
    chapter = management.chapter_for_organizer(chapter_slug)
    form, name = CsrfOnlyForm(), chapter.name
    if form.validate_on_submit():  # a refusal is flashed on the edit page
        saved, _ = attempt(form, lambda: management.delete_chapter(chapter, current_user))
        if saved:
            flash(f"Chapter {name} deleted.", "success")
            return redirect(url_for("organize_chapters.index"))
    return redirect(url_for("organize_chapters.edit", chapter_slug=chapter_slug))
