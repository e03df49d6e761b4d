"""The admin's form for one account."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.models import ROLES
from ..forms_util import SafeForm, choices

ROLE_LABELS = {"advocate": "Advocate (saved progress only)",
               "coordinator": "Coordinator (their chapters only)",
               "organizer": "Organizer (every week and chapter)",
               "admin": "Admin (everything, and users)"}


class UserForm(SafeForm):
    """Role, chapters and whether the account may sign in (chapter choices set by the view)."""

    role = SelectField("Role", choices=choices((role, ROLE_LABELS[role]) for role in ROLES))
    chapters = SelectMultipleField("Chapters this coordinator works for", coerce=int,
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())
    active = BooleanField("Active: may sign in")
