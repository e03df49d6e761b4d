"""Composing a message: subject, a text and an HTML part from ``templates/mail/``,
Message-ID and Date, from and reply-to from the settings.

Names and subjects are one line: a CR or LF (which would start a new header) is
turned into a space, so nothing a person typed can add a header.
"""

from __future__ import annotations

import re
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from flask import current_app
from flask_mailman import EmailMultiAlternatives

from ..database import utcnow
from ..templating import external_url
from .transport import mail

_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
SUBJECT_MAX = 200
NAME_MAX = 120


def one_line(text: str, limit: int) -> str:
    """``text`` on one line, white space folded, at most ``limit`` characters."""
    folded = " ".join(_LINE_BREAKS.sub(" ", text or "").split())
    return folded if len(folded) <= limit else folded[:limit - 1].rstrip() + "…"


class UnsendableAddress(ValueError):
    """An address no SMTP server can be given without SMTPUTF8 (a non-ASCII local part),
    or no address at all."""


def ascii_address(email: str) -> str:
    """``email`` with its domain in IDNA form (bücher.example -> xn--bcher-kva.example);
    UnsendableAddress for a non-ASCII local part or a malformed address."""
    local, at, domain = one_line(email, 254).rpartition("@")
    if not at or not local or not domain or any(c in local for c in '<>,;" '):
        raise UnsendableAddress("not an email address")
    if not local.isascii():
        raise UnsendableAddress("the part before @ is not ASCII (needs SMTPUTF8)")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise UnsendableAddress("the domain is not a valid international name") from error
    return f"{local}@{domain}"


def address(email: str, name: str = "") -> str:
    """``Name <email>`` (the name encoded as needed), or the bare address."""
    email = ascii_address(email)
    return formataddr((one_line(name, NAME_MAX), email)) if name else email


def _render(name: str, context: dict) -> str:
    # The app's Jinja environment (filters, autoescape for .html) without the request's
    # context processors: mail is also composed by the CLI and by workers.
    return current_app.jinja_env.get_template(name).render(context)


def compose(to: str, subject: str, template: str, name: str = "",
            headers: dict | None = None, mailing_list: str | None = None,
            **context) -> EmailMultiAlternatives:
    """A message to ``to`` rendered from ``<template>.txt`` and ``<template>.html``
    (``template`` a path under templates/, e.g. ``weeks/mail/registration_confirmation``).
    A message of a ``mailing_list`` carries List-Unsubscribe headers and a link in its
    footer (``unsubscribe_url`` in the templates)."""
    config = current_app.config
    subject = one_line(subject, SUBJECT_MAX)
    headers = dict(headers or {})
    unsubscribe_url = None
    if mailing_list:
        headers.update(list_unsubscribe_headers(to, mailing_list))
        unsubscribe_url = headers["List-Unsubscribe"][1:].split(">", 1)[0]
    context = {"subject": subject, "recipient_name": one_line(name, NAME_MAX),
               "unsubscribe_url": unsubscribe_url, "preferences_url": settings_url(to),
               **context}
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    message = EmailMultiAlternatives(
        subject=subject, body=_render(f"{template}.txt", context),
        from_email=config["MAIL_FROM"], to=[address(to, name)],
        reply_to=[config["MAIL_REPLY_TO"]] if config.get("MAIL_REPLY_TO") else None,
        headers={"Message-ID": make_msgid(domain=domain),
                 "Date": format_datetime(utcnow()), **headers})
    message.attach_alternative(_render(f"{template}.html", context), "text/html")
    return message


def connection():
    """A connection to the mail transport, opened by its first send (``open()`` is
    idempotent) and closed by the caller."""
    return mail.get_connection()


def send(*messages: EmailMultiAlternatives) -> int:
    """Send the messages over one connection; the number sent (errors are raised)."""
    with mail.get_connection() as opened:
        return opened.send_messages(list(messages)) or 0


UNSUBSCRIBE_PURPOSE = "unsubscribe"
SETTINGS_PURPOSE = "mail.preferences"


def settings_url(recipient: str) -> str:
    """The link to the recipient's email settings (at the foot of every message): it
    carries the address's hash, signed, and opens the page without an account."""
    from ..tokens import sign
    from .models import address_hash

    return external_url("my.email_settings", token=sign(SETTINGS_PURPOSE,
                                                         address_hash(recipient)))


def unsubscribe_token(recipient: str, mailing_list: str) -> str:
    """The signed token of an unsubscribe link: the address's hash and the list."""
    from ..tokens import sign
    from .models import address_hash

    return sign(UNSUBSCRIBE_PURPOSE, [address_hash(recipient), mailing_list])


def list_unsubscribe_headers(recipient: str, mailing_list: str) -> dict[str, str]:
    """RFC 2369/8058 headers: an https link that a one-click POST unsubscribes at once,
    and a mailto whose subject carries the same token."""
    token = unsubscribe_token(recipient, mailing_list)
    mailbox = (current_app.config.get("MAIL_UNSUBSCRIBE_ADDRESS")
               or parseaddr(current_app.config["MAIL_FROM"])[1])
    link = external_url("mail.unsubscribe", token=token)
    return {"List-Unsubscribe": f"<{link}>, <mailto:{mailbox}?subject=unsubscribe%20{token}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
