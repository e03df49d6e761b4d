"""The mail ledger's background tasks (on the app's huey engine)."""

from __future__ import annotations

from ..tasks import outbox
from .ledger import send_batch, send_due

outbox("mail.send", "mail.sweep", send_batch, send_due)
