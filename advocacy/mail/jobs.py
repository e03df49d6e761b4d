"""The mail ledger's background tasks (on the app's huey engine)."""

from __future__ import annotations

from huey import crontab

from ..tasks import periodic, task
from .ledger import send_due, send_one


@task("mail.send")
def send_message(message_id: int) -> str | None:
    """Send one ledger message (nothing if it is not due or already taken)."""
    return send_one(message_id)


@periodic("mail.sweep", crontab(minute="*"))
def sweep() -> dict[str, int]:
    """Every minute: send what is due (retries, and rows whose task was lost)."""
    return send_due()
