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

from ..forms_util import SafeForm, choices
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
