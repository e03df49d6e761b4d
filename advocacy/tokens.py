"""Tokens in links that people get by email.

- ``sign(purpose, value)`` / ``unsign(purpose, token)``: a value signed with the
  secret key for one purpose only (a cancel link's token cannot unsubscribe, nor the
  reverse); used where the link may be followed again and again harmlessly.
- ``new_secret()`` / ``secret_hash(token)``: a random token for single-use links
  (invitations, password resets, sign-in links): only its hash is stored, so a copy
  of the database opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .errors import DomainError


class InvalidToken(DomainError):
    """The link is broken, altered, for something else, or too old."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt=f"advocacy.link.{purpose}")


def sign(purpose: str, value) -> str:
    """``value`` (JSON-able) signed for ``purpose``, safe in a URL."""
    return _serializer(purpose).dumps(value)


def unsign(purpose: str, token: str, max_age: int | None = None):
    """The value signed into ``token`` for ``purpose``; InvalidToken otherwise."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidToken("This link has expired.") from error
    except BadSignature as error:
        raise InvalidToken("This link is not valid: it may have been cut short.") from error


def row_token(purpose: str, row_id: int, email: str) -> str:
    """A link's token naming one row with an address: it stops working when the row's
    address changes (as erasure does)."""
    return sign(purpose, [row_id, _email_check(email)])


def row_of_token(purpose: str, token: str, load, gone: str, max_age: int | None = None):
    """The row a ``row_token`` names (``load(id)`` reads it); InvalidToken for a bad or
    old link, or with ``gone`` when the row or its address is no longer there."""
    value = unsign(purpose, token, max_age=max_age)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise InvalidToken("This link is not valid.")
    row = load(value[0])
    if row is None or _email_check(row.email) != value[1]:
        raise InvalidToken(gone)
    return row


def _email_check(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def new_secret() -> str:
    """A fresh unguessable token for a single-use link."""
    return secrets.token_urlsafe(32)


def secret_hash(token: str) -> str:
    """What is stored of a single-use token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
