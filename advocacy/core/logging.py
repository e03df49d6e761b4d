"""Log lines in UTC, one per record: newlines in messages are escaped."""

from __future__ import annotations

import logging
import time


class OneLineUTCFormatter(logging.Formatter):
    """UTC ISO timestamps; CR and LF in the message cannot start a new line."""

    converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace("\r", "\\r").replace("\n", "\\n")


def configure_logging(app) -> None:
    """Route the app's logger to stderr in the one-line UTC format."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineUTCFormatter(
        "%(asctime)sZ %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S"
    ))
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    app.logger.propagate = False
    # SQLAlchemy logs statements at INFO and result rows at DEBUG: rows are people's
    # data, so its engine logger never goes below WARNING, whatever the root level.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
