"""Organizers write the intro and closing of letters to legislators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length

from ..audit import record_audit
from ..errors import DomainError
from ..forms_util import SafeForm, attempt
from ..policy import ORGANIZERS, guard
from . import letters
from .letter_exports import letter_templates

bp = guard(Blueprint("organize_letters", __name__, url_prefix="/organize/letters"), ORGANIZERS)


class LetterTemplateForm(SafeForm):
    intro = TextAreaField("Opening (salutation and introduction)",
                          validators=[Length(max=5000)])
    closing = TextAreaField("Closing", validators=[Length(max=5000)])


def _save(form: LetterTemplateForm):
    for field in ("intro", "closing"):
        if form[field].data.strip():
            letters.check_template(form[field].data, field)
    row = letter_templates()
    row.intro, row.closing = form.intro.data.strip(), form.closing.data.strip()
    row.updated_by_id = current_user.id
    record_audit(current_user, "letters.templates_edited", "letter_templates", row.id)
    return row


@bp.route("/", methods=["GET", "POST"])
def edit():
    row = letter_templates()
    form = LetterTemplateForm(obj=row)
    if request.method == "GET":
        form.intro.data = row.intro or letters.DEFAULT_INTRO
        form.closing.data = row.closing or letters.DEFAULT_CLOSING
    if form.validate_on_submit() and attempt(form, lambda: _save(form))[0]:
        flash("Letter templates saved.", "success")
        return redirect(url_for("organize_letters.edit"))
    preview = None
    try:
        context = letters.sample_context()
        preview = (letters.render(form.intro.data or "", context) + "\n\n[stories]\n\n" +
                   letters.render(form.closing.data or "", context))
    except DomainError:
        preview = None
    return render_template("stories/organize/letters.html", form=form, preview=preview,
                           fields=letters.MERGE_FIELDS), 400 if form.errors else 200
