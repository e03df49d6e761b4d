"""The account emails (through the mail ledger): invitation, password reset, sign-in
and claim links. None carries List-Unsubscribe: each answers a request."""

from __future__ import annotations

from ..database import utcnow
from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose
from ..templating import external_url
from .links import KIND, LIFETIMES, expires_in_words, token_for
from .models import AccountLink

SUBJECTS = {"invite": "You're invited to Advocacy", "reset": "Reset your Advocacy password",
            "signin": "Your sign-in link", "claim": "Finish saving your progress"}
ENDPOINTS = {"invite": "links.set_password", "reset": "links.set_password",
             "signin": "links.sign_in", "claim": "links.sign_in"}


def build_link_message(message, now):
    """The email of one account link, while it can still be used."""
    link = db.session.get(AccountLink, message.subject_id)
    if link is None or link.used_at is not None or (now or utcnow()) >= link.expires_at:
        raise ledger.Skip("The link was used, replaced or has expired.")
    url = external_url(ENDPOINTS[link.purpose], token=token_for(link))
    name = link.user.display_name if link.user else ""
    return compose(link.email, SUBJECTS[link.purpose], "accounts/mail/link", name=name,
                   purpose=link.purpose, url=url, expires=expires_in_words(link),
                   role=link.user.role if link.user else "advocate")


for _purpose in LIFETIMES:
    ledger.register_kind(KIND.format(_purpose), build_link_message)
