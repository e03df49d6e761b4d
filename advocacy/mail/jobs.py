"""The mail ledger's background tasks (on the app's huey engine)."""

from __future__ import annotations

from ..tasks import outbox
from .ledger import send_due, send_one

outbox("mail.send", "mail.sweep", send_one, send_due)
