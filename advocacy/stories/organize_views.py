"""Organizers write the intro and closing of letters to legislators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from ..audit import record_audit
from ..errors import DomainError
from ..forms_util import SafeForm, attempt
from ..policy import ORGANIZERS, guard
from . import letters
from .letter_exports import letter_templates, logo_data_uri
from .logos import MAX_BYTES, clean_logo

bp = guard(Blueprint("organize_letters", __name__, url_prefix="/organize/letters"), ORGANIZERS)


class LetterTemplateForm(SafeForm):
    intro = TextAreaField("Introduction (after “Dear Senator Doe,”)",
                          validators=[Length(max=5000)])
    closing = TextAreaField("Closing and signature", validators=[Length(max=5000)])
    logo = FileField(f"Letterhead logo (PNG or SVG, at most {MAX_BYTES // 1024} KB)")
    remove_logo = BooleanField("Remove the logo")


def _save(form: LetterTemplateForm):
    for field in ("intro", "closing"):
        if form[field].data.strip():
            letters.check_template(form[field].data, field)
    upload = form.logo.data
    logo = None
    if upload and getattr(upload, "filename", ""):
        logo = clean_logo(upload.read(MAX_BYTES + 1), upload.filename)
    row = letter_templates()
    row.intro, row.closing = form.intro.data.strip(), form.closing.data.strip()
    if logo is not None:
        row.logo, row.logo_type = logo
    elif form.remove_logo.data:
        row.logo, row.logo_type = None, None
    row.updated_by_id = current_user.id
    record_audit(current_user, "letters.templates_edited", "letter_templates", row.id,
                 logo="new" if logo else ("removed" if form.remove_logo.data else "kept"))
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
                           fields=letters.MERGE_FIELDS, logo_src=logo_data_uri(),
                           sample_salutation="Dear Representative Doe,"
                           ), 400 if form.errors else 200
