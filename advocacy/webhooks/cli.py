"""``flask webhooks deliver``: send what is due now, by hand (workers do it anyway)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .delivery import deliver_due

webhooks_cli = AppGroup("webhooks", help="Chapter webhooks.")


@webhooks_cli.command("deliver")
def deliver() -> None:
    """Send every queued webhook that is due."""
    outcomes = deliver_due()
    click.echo(", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
               or "Nothing due.")
