"""The webhook sender's background tasks (on the app's huey engine)."""

from __future__ import annotations

from ..tasks import outbox
from .delivery import deliver_due, deliver_one

outbox("webhooks.deliver", "webhooks.sweep", deliver_one, deliver_due)
