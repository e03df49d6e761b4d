"""Forms of the checklists feature."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from ..forms_util import SafeForm, choices, strip
from .services import CALL_OUTCOME_LABELS, MEETING_FORMAT_LABELS


class TickForm(SafeForm):
    done = HiddenField(validators=[AnyOf(["0", "1"])])


class CallForm(SafeForm):
    outcome = RadioField("How did it go?", choices=choices(CALL_OUTCOME_LABELS.items()),
                         validators=[InputRequired(message="Choose how the call went.")])


class MeetingForm(SafeForm):
    legislator_id = SelectField("Who did you meet?", coerce=lambda v: int(v) if v else None,
                                validators=[Optional()])
    legislator_name = StringField("Who did you meet?", validators=[Optional(), Length(max=200)])
    meeting_date = DateField("Date of the meeting",
                             validators=[InputRequired(message="Give the date.")])
    format = RadioField("How did you meet?", choices=choices(MEETING_FORMAT_LABELS.items()),
                        validators=[InputRequired(message="Choose how you met.")])
    attendees = TextAreaField("Who attended", validators=[Optional(), Length(max=2000)])
    notes = TextAreaField("How did it go?", validators=[Optional(), Length(max=5000)])
    follow_up = BooleanField("I'd like help with a follow-up")
    contact_name = StringField("Your name", filters=[strip],
                               validators=[Optional(), Length(max=120)],
                               render_kw={"autocomplete": "name"})
    contact_email = StringField("Email", filters=[strip],
                                validators=[Optional(), Length(max=254)],
                                render_kw={"autocomplete": "email", "type": "email"})
    contact_phone = StringField("Or phone", filters=[strip],
                                validators=[Optional(), Length(max=32)],
                                render_kw={"autocomplete": "tel", "inputmode": "tel"})
    contact_consent = BooleanField("The chapter's coordinator may contact me about this "
                                   "follow-up")
