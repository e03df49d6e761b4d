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


def new_secret() -> str:
    """A fresh unguessable token for a single-use link."""
    return secrets.token_urlsafe(32)


def secret_hash(token: str) -> str:
    """What is stored of a single-use token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
