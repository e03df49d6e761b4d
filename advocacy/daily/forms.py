"""The opt-in form of the daily email."""

from __future__ import annotations

from wtforms import EmailField, RadioField, SelectField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from ..forms_util import SafeForm, choices, strip

MINUTE_LABELS = {"5": "5 minutes", "15": "15 minutes", "30": "30 minutes",
                 "0": "Any: every action left that day"}


class DailyForm(SafeForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip], render_kw={"autocomplete": "email"})
    minutes = RadioField("How much time do you have each day?", default="15",
                         choices=choices(MINUTE_LABELS.items()), validators=[InputRequired()])
    timezone = SelectField("Your time zone (the email comes at 08:00 there)",
                           validators=[DataRequired()])
