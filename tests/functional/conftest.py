"""Fixtures of the functional tests that mail about a week."""

from __future__ import annotations

from datetime import date

import pytest

from ..factories import build_week
from ..mail_server import MailServer

WEEK_START = date(2027, 5, 3)  # a Monday; five days, actions of 5, 15 and 30 minutes a day


@pytest.fixture
def week_mail_app(make_app):
    """An app mailing a real SMTP server (``app.mail_server``) with links from a public
    https address, and a published week of three actions a day from ``WEEK_START``."""
    with MailServer() as server:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{server.port}?starttls=0",
                       PUBLIC_URL="https://advocacy.example.org")
        with app.app_context():
            build_week(start=WEEK_START, actions_per_day=3)
        app.mail_server = server
        yield app
