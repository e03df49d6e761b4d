"""Helpers shared by every feature's views for showing errors on forms."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Regexp

from .errors import DomainError, DomainErrors
from .extensions import db
from .form_rendering import FastRenderMeta
from .textrules import UNSTORABLE_MESSAGE, storable


class SafeForm(FlaskForm):
    """The base of every form: text holding NUL or other control characters (tabs and
    line breaks are fine) is refused at its field. PostgreSQL cannot store NUL, and the
    others garble terminals, spreadsheets and logs."""

    class Meta(FastRenderMeta):
        pass

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            values = field.data if isinstance(field.data, list) else [field.data]
            if any(isinstance(v, str) and not storable(v) for v in values):
                valid = False
                if not field.errors:
                    field.errors = [UNSTORABLE_MESSAGE]
        return valid


class CsrfOnlyForm(SafeForm):
    """A button that changes something and needs only its CSRF token (sign out, delete,
    publish, send a test, retry…)."""


def strip(value):
    """Field filter: surrounding white space goes."""
    return value.strip() if isinstance(value, str) else value


SLUG_RULE = Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
                   message="Use lower-case letters, digits and single hyphens, like nllw-2027.")


def show_error(form, error: DomainError) -> None:
    """Put a domain error next to its field, or at the top of the page (each of them,
    for DomainErrors)."""
    if isinstance(error, DomainErrors):
        for message, field in error.problems:
            show_error(form, DomainError(message, field))
        return
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        if not isinstance(field.errors, list):
            field.errors = list(field.errors)
        if error.message not in field.errors:
            field.errors.append(error.message)
    else:
        flash(error.message, "error")


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def attempt(form, save, translate=None) -> tuple[bool, object]:
    """Run ``save()`` and commit; on a DomainError roll back and show it on ``form``.

    Returns (True, what save returned) or (False, None). ``translate`` may turn
    the error into one that names a field of this form."""
    try:
        result = save()
    except DomainError as error:
        db.session.rollback()
        show_error(form, translate(error) if translate else error)
        return False, None
    db.session.commit()
    return True, result


def prefill(form, values: dict, fields: dict[str, str] | None = None) -> None:
    """Fill the empty fields of a form not yet sent with ``values`` (what this browser's
    person typed before); ``fields`` maps a form field to a value's name when they
    differ (``{"author_name": "name"}``)."""
    names = {name: name for name in values} | {f: v for f, v in (fields or {}).items()}
    for field_name, value_name in names.items():
        if field_name in form and value_name in values and not form[field_name].data:
            form[field_name].data = values[value_name]
