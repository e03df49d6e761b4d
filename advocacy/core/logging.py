"""Log lines in UTC, one per record: newlines in messages are escaped, and what a
database error says about the row (PostgreSQL's ``DETAIL: Key (email)=(…)``, a
"Failing row contains (…)", bound parameters) or an email address never reaches the
log, whatever logger or library the line comes from."""

from __future__ import annotations

import logging
import re
import time

# Database drivers put the offending values on their DETAIL line (psycopg, asyncpg),
# SQLAlchemy its bound parameters in "[parameters: …]" (hidden by hide_parameters,
# but not by every engine a script might make).
_REDACTIONS = (
    (re.compile(r"DETAIL:[^\n]*"), "DETAIL: [redacted]"),
    (re.compile(r"Key \([^\n]*?\)=\([^\n]*?\)"), "Key [redacted]"),
    (re.compile(r"Failing row contains \([^\n]*"), "Failing row contains [redacted]"),
    (re.compile(r"\[parameters: [^\n]*"), "[parameters: redacted]"),
    (re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
)


def redact(text: str) -> str:
    """``text`` without the personal data databases and libraries put in errors."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class OneLineUTCFormatter(logging.Formatter):
    """UTC ISO timestamps; personal data redacted; CR and LF in the message cannot
    start a new line."""

    converter = time.gmtime
    redacting = True  # the log-canary test turns it off to catch the code's own leaks

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if self.redacting:
            text = redact(text)
        return text.replace("\r", "\\r").replace("\n", "\\n")


FORMAT = "%(asctime)sZ %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def configure_logging(app) -> None:
    """Route the app's logger to stderr in the one-line UTC format; every logger
    without a handler of its own (huey's, a library's) goes through the same format
    on the root logger."""
    formatter = OneLineUTCFormatter(FORMAT, DATE_FORMAT)
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    app.logger.propagate = False
    root = logging.getLogger()
    if not root.handlers:  # gunicorn (or pytest) already configured its own
        root_handler = logging.StreamHandler()
        root_handler.setFormatter(formatter)
        root.addHandler(root_handler)
    else:
        for existing in root.handlers:
            if isinstance(existing, logging.StreamHandler) and existing.formatter is None:
                existing.setFormatter(formatter)
    # SQLAlchemy logs statements at INFO and result rows at DEBUG: rows are people's
    # data, so its engine logger never goes below WARNING, whatever the root level.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
