"""What text the app stores: no NUL or other control characters (tabs and breaks are fine),
and, for stories (as advocates write them and as coordinators correct them), plain text
without HTML tags.

PostgreSQL cannot store NUL at all, and the others garble terminals, spreadsheets and
logs; forms refuse them at the field, services refuse them with a DomainError, and query
strings holding them are answered 400.
"""

from __future__ import annotations

import re

UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNSTORABLE_MESSAGE = "This contains characters that cannot be stored; please remove them."


# A tag starts "<" + name, "</", "<!" or "<?" (browsers read "< b" as text: "kids < 5
# years" is fine).
MARKUP = re.compile(r"</?[A-Za-z!?]")
MARKUP_MESSAGE = "Please write plain text, without HTML tags (< … >)."


def plain_text(text: str) -> bool:
    """True when ``text`` holds no HTML tag (the rule of every story field)."""
    return not MARKUP.search(text)


def storable(text: str) -> bool:
    """True when ``text`` holds nothing the database or a log should not."""
    return not UNSTORABLE.search(text)


def normalize_email(email: str) -> str:
    """Emails are compared trimmed and lower-cased."""
    return email.strip().lower()
