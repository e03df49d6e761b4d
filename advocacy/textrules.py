"""What text the app stores: no NUL or other control characters (tabs and breaks are fine).

PostgreSQL cannot store NUL at all, and the others garble terminals, spreadsheets and
logs; forms refuse them at the field, services refuse them with a DomainError, and query
strings holding them are answered 400.
"""

from __future__ import annotations

import re

UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNSTORABLE_MESSAGE = "This contains characters that cannot be stored; please remove them."


def storable(text: str) -> bool:
    """True when ``text`` holds nothing the database or a log should not."""
    return not UNSTORABLE.search(text)


def normalize_email(email: str) -> str:
    """Emails are compared trimmed and lower-cased."""
    return email.strip().lower()
