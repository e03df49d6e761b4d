"""The story form."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import textrules
from ..forms_util import SafeForm, choices, strip
from ..geography import STATES
from .models import IMPACT_AREAS

BODY_MIN, BODY_MAX = 50, 5000


def plain_text(form, field):
    """Stories are plain text: refuse HTML tags (< … >), as corrections do."""
    if isinstance(field.data, str) and not textrules.plain_text(field.data):
        raise ValidationError(textrules.MARKUP_MESSAGE)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StoryForm(SafeForm):
    author_name = StringField("Your name", filters=[strip], render_kw={"autocomplete": "name"},
                              validators=[DataRequired(), Length(max=120), plain_text])
    email = EmailField("Email", filters=[strip], render_kw={"autocomplete": "email"},
                       validators=[DataRequired(), Email(), Length(max=254)])
    library = StringField("Your library", filters=[strip],
                          validators=[DataRequired(), Length(max=200), plain_text])
    city = StringField("City or town", filters=[strip], render_kw={"autocomplete":
                                                                    "address-level2"},
                       validators=[DataRequired(), Length(max=120), plain_text])
    state = SelectField("State", choices=choices([("", "— choose —"), *STATES.items()]),
                        validators=[DataRequired(message="Choose your state.")])
    zip = StringField("ZIP code", filters=[strip], render_kw={
        "autocomplete": "postal-code", "inputmode": "numeric"},
        validators=[DataRequired(), Regexp(r"^\d{5}(-\d{4})?$",
                                           message="Give a 5-digit ZIP code, like 10001.")])
    district = RadioField("Your congressional district", coerce=str, validators=[Optional()],
                          validate_choice=False)
    impact_areas = MultiCheckboxField("What does your story show?",
                                      choices=choices(IMPACT_AREAS.items()),
                                      validators=[DataRequired(message="Choose at least one.")])
    title = StringField("Title", filters=[strip],
                        validators=[DataRequired(), Length(max=200), plain_text])
    body = TextAreaField("Your story", validators=[
        DataRequired(), plain_text,
        Length(min=BODY_MIN, max=BODY_MAX,
               message=f"Tell your story in {BODY_MIN} to {BODY_MAX:,} characters.")],
        render_kw={"data-counter": "true", "maxlength": BODY_MAX, "rows": 10})
    consent_share = BooleanField("Share my story with my members of Congress "
                                 "(needed for it to appear in letters)")
    consent_publish = BooleanField("Publish my story on this site (first name and city only)")
    consent_contact = BooleanField("You may contact me about my story")
    website = StringField("Leave this field empty", render_kw={"autocomplete": "off",
                                                               "tabindex": "-1"})
