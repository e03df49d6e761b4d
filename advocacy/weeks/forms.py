"""Forms of the weeks feature (public registration and organizer editing)."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..forms_util import SLUG_RULE, SafeForm, choices, strip
from .models import ACTION_KINDS

KIND_LABELS = {
    "story": "Share a story", "call": "Make a call", "chapter_signup": "Sign up with a chapter",
    "register": "Register for a session", "meeting_report": "Report a meeting",
    "watch": "Watch", "link": "Visit a link",
}


class RegistrationForm(SafeForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)],
                       filters=[strip], render_kw={"autocomplete": "name"})
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[strip], render_kw={"autocomplete": "email"})
    reminders = BooleanField("Email me a reminder before the session starts")


def _partners(form, field):
    for number, line in enumerate(field.data.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, url = (part.strip() for part in line.partition("|"))
        if not name:
            raise ValidationError(f"Line {number}: give the partner's name before the |.")
        if url and not url.startswith(("https://", "http://")):
            raise ValidationError(f"Line {number}: the address must start with https://.")


class WeekForm(SafeForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    slug = StringField("Address (slug)", validators=[Optional(), Length(max=80), SLUG_RULE])
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=5000)])
    timezone = StringField("Time zone", validators=[DataRequired(), Length(max=64)],
                           default="America/New_York", render_kw={"list": "timezones"})
    start_date = DateField("First day", validators=[InputRequired(message="Give the first day.")])
    end_date = DateField("Last day", validators=[InputRequired(message="Give the last day.")])
    recordings_until = DateField("Recordings available until", validators=[Optional()])
    hotline = StringField("Hotline number", validators=[Optional(), Length(max=40)])
    partners = TextAreaField("Partners", validators=[Optional(), Length(max=5000), _partners])

    def partner_list(self) -> list[tuple[str, str | None]]:
        pairs = []
        text = self.partners.data if isinstance(self.partners.data, str) else ""
        for line in text.splitlines():
            name, _, url = (part.strip() for part in line.partition("|"))
            if name:
                pairs.append((name, url or None))
        return pairs


class DayForm(SafeForm):
    title = StringField("Day title", validators=[Optional(), Length(max=200)])
    summary = TextAreaField("Short summary", validators=[Optional(), Length(max=2000)])


class SessionForm(SafeForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    starts_local = DateTimeLocalField("Starts (in the week's time zone)",
                                      format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                      validators=[InputRequired(message="Give the start.")])
    duration_minutes = IntegerField("Duration (minutes)", default=60, validators=[
        InputRequired(), NumberRange(5, 600, "Between 5 and 600 minutes.")])
    host = StringField("Host", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    registration_mode = SelectField("Registration", choices=choices([
        ("internal", "On this site, with a number of places"),
        ("external", "On another site (give its address)"),
        ("none", "No registration")]), default="internal")
    capacity = IntegerField("Places", validators=[Optional(), NumberRange(1, 100_000)])
    registration_url = StringField("External registration address", validators=[
        Optional(), Length(max=500), URL(message="Give a full address (https://…).")])
    join_url = StringField("Join link (shown while live)", validators=[
        Optional(), Length(max=500), URL(message="Give a full address (https://…).")])
    recording_url = StringField("Recording address", validators=[
        Optional(), Length(max=500), URL(message="Give a full address (https://…).")])
    members_only = BooleanField("Members only")


class ActionForm(SafeForm):
    day_id = SelectField("Day", coerce=lambda v: int(v) if v not in (None, "") else None,
                         validators=[InputRequired(message="Choose the day.")])
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    instructions = TextAreaField("Instructions (or call script)",
                                 validators=[Optional(), Length(max=5000)])
    minutes = IntegerField("Minutes it takes", default=5, render_kw={"list": "minute-presets"},
                           validators=[InputRequired(message="Give the minutes."),
                                       NumberRange(1, 240, "Between 1 and 240 minutes.")])
    kind = SelectField("Kind", choices=choices((k, KIND_LABELS[k]) for k in ACTION_KINDS))
    target = StringField("Target (phone number or address)",
                         validators=[Optional(), Length(max=500)])
    session_id = SelectField("Session", coerce=lambda v: int(v) if v not in (None, "") else None,
                             validators=[Optional()])


class CloneForm(SafeForm):
    title = StringField("New title", validators=[DataRequired(), Length(max=200)])
    slug = StringField("New address (slug)", validators=[DataRequired(), Length(max=80),
                                                          SLUG_RULE])
    start_date = DateField("New first day", validators=[InputRequired()])


class ImportForm(SafeForm):
    file = FileField("Week file (JSON)", validators=[
        FileRequired("Choose a file."), FileAllowed(["json"], "Choose a .json file.")])
    slug = StringField("Address (slug), if different from the file's",
                       validators=[Optional(), Length(max=80), SLUG_RULE])
