"""The admin's form for one account."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..accounts.models import ROLES
from ..forms_util import SafeForm, choices, strip

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


STAFF_ROLES = ("coordinator", "organizer", "admin")


class InviteForm(SafeForm):
    """A new staff account, invited by email (role choices set by the view)."""

    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip])
    display_name = StringField("Name", validators=[Optional(), Length(max=120)],
                               filters=[strip])
    role = SelectField("Role")
