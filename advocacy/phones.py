"""Phone numbers, checked with ``phonenumbers`` (US by default)."""

from __future__ import annotations

import phonenumbers

from .errors import DomainError


def normalize_phone(raw: str, field: str = "phone") -> str | None:
    """A US (or +international) phone number in E.164; DomainError at ``field`` if it
    is not one; None for a blank one."""
    if not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as error:
        raise DomainError("Give a phone number such as 202-555-0123.", field) from error
    if not phonenumbers.is_valid_number(number):
        raise DomainError("That phone number does not exist; please check it.", field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
