"""Helpers shared by every feature's views for showing errors on forms."""

from __future__ import annotations

from flask import flash
from wtforms.fields.choices import SelectChoice

from .errors import DomainError


def show_error(form, error: DomainError) -> None:
    """Put a domain error next to its field, or at the top of the page."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        if not isinstance(field.errors, list):
            field.errors = list(field.errors)
        field.errors.append(error.message)
    else:
        flash(error.message, "error")


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
