"""The webhook sender's background tasks (on the app's huey engine)."""

from __future__ import annotations

from huey import crontab

from ..tasks import periodic, task
from .delivery import deliver_due, deliver_one


@task("webhooks.deliver")
def deliver(delivery_id: int) -> str | None:
    """Send one queued delivery (nothing if it is not due or already taken)."""
    return deliver_one(delivery_id)


@periodic("webhooks.sweep", crontab(minute="*"))
def sweep() -> dict[str, int]:
    """Every minute: send whatever is due and was never queued (or whose task was lost)."""
    return deliver_due()
