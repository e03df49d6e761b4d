"""URL converters shared by the blueprints."""

from __future__ import annotations

from datetime import date

from werkzeug.routing import BaseConverter, ValidationError


class DateConverter(BaseConverter):
    """``<date:day>``: a YYYY-MM-DD path segment, as a ``date``."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise ValidationError() from error

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)
