"""The chapter webhook settings form."""

from __future__ import annotations

from wtforms import BooleanField, URLField
from wtforms.validators import Length

from ..forms_util import SafeForm, strip


class WebhookForm(SafeForm):
    url = URLField("Endpoint address", filters=[strip],
                   validators=[Length(max=500)], render_kw={"placeholder": "https://"})
    new_secret = BooleanField("Make a new signing secret (the old one stops working)")
