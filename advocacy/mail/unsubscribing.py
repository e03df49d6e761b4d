"""Leaving a mailing list: the token of a List-Unsubscribe link, and what it does."""

from __future__ import annotations

from ..tokens import InvalidToken, unsign
from .ledger import mailing_lists, suppress_hash
from .messages import UNSUBSCRIBE_PURPOSE

LIST_LABELS = {
    "reminders": "session reminders",
    "session-news": "recordings and news of sessions you registered for",
    "receipts": "receipts for sign-ups and stories",
    "daily-actions": "daily emails of each day's actions",
}


def read_token(token: str) -> tuple[str, str]:
    """(address hash, list) from an unsubscribe token; InvalidToken otherwise."""
    value = unsign(UNSUBSCRIBE_PURPOSE, token)
    if not (isinstance(value, list) and len(value) == 2
            and all(isinstance(part, str) for part in value)
            and value[1] in mailing_lists() and len(value[0]) == 64):
        raise InvalidToken("This link is not valid.")
    return value[0], value[1]


def unsubscribe(hashed: str, mailing_list: str) -> None:
    """No more mail of ``mailing_list`` to the address with this hash (idempotent)."""
    suppress_hash(hashed, mailing_list, "unsubscribed")
