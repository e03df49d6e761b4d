"""The chapter sign-up form."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms_util import SLUG_RULE, SafeForm, choices, strip
from ..geography import STATES
from .models import INTERESTS


class SignupForm(SafeForm):
    name = StringField("Your name", filters=[strip], render_kw={"autocomplete": "name"},
                       validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", filters=[strip], render_kw={"autocomplete": "email"},
                       validators=[DataRequired(), Email(), Length(max=254)])
    zip = StringField("ZIP code", filters=[strip], render_kw={"autocomplete": "postal-code",
                                                             "inputmode": "numeric"},
                      validators=[DataRequired(), Regexp(r"^\d{5}(-\d{4})?$",
                                                         message="Give a 5-digit ZIP code.")])
    phone = StringField("Phone (optional)", filters=[strip], render_kw={"autocomplete": "tel",
                                                                        "inputmode": "tel"},
                        validators=[Optional(), Length(max=32)])
    interests = SelectMultipleField("I'd like to", choices=choices(INTERESTS.items()),
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
    consent = BooleanField("The chapter may contact me about library advocacy",
                           validators=[DataRequired(message="Tick this box to sign up: the "
                                                            "chapter needs it to contact you.")])


class ChapterForm(SafeForm):
    """An organizer's chapter form (coordinator choices are set by the view)."""

    name = StringField("Name", filters=[strip], validators=[DataRequired(), Length(max=200)])
    slug = StringField("Address (slug)", filters=[strip],
                       validators=[DataRequired(), Length(max=80), SLUG_RULE])
    states = SelectMultipleField("States the chapter covers", choices=choices(STATES.items()),
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())
    description = TextAreaField("Description", filters=[strip],
                                validators=[Optional(), Length(max=2000)])
    contact_name = StringField("Contact name", filters=[strip],
                               validators=[Optional(), Length(max=120)])
    contact_email = EmailField("Contact email", filters=[strip],
                               validators=[Optional(), Email(), Length(max=254)])
    timezone = SelectField("Time zone of the coordinators' daily digest (17:00)",
                           validate_choice=False)
    coordinators = SelectMultipleField("Coordinators", coerce=int,
                                       widget=ListWidget(prefix_label=False),
                                       option_widget=CheckboxInput())

