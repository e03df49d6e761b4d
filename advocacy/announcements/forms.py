"""The compose form and the send-at form of an announcement."""

from __future__ import annotations

from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..forms_util import SafeForm, strip
from ..mail.messages import SUBJECT_MAX
from .services import BODY_MAX


class AnnouncementForm(SafeForm):
    audience = SelectField("Who receives it", validators=[DataRequired(
        message="Choose who receives it.")])
    subject = StringField("Subject", filters=[strip], validators=[
        DataRequired(message="Give the message a subject."), Length(max=SUBJECT_MAX)])
    body = TextAreaField("Message", validators=[
        DataRequired(message="Write the message."), Length(max=BODY_MAX)],
        render_kw={"rows": 12})


class SendAtForm(SafeForm):
    send_at = DateTimeLocalField("Send at (in the week's time zone)",
                                 format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
                                 validators=[Optional()])
