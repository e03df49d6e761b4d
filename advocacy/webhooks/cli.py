"""``flask webhooks deliver``: drain the webhook queue (from cron, or by hand)."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

webhooks_cli = AppGroup("webhooks", help="Chapter webhooks.")


@webhooks_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep running, sending as events come due.")
@click.option("--interval", default=5.0, show_default=True,
              help="Seconds between queue checks with --watch.")
def deliver(watch: bool, interval: float) -> None:
    """Send every queued webhook that is due."""
    from .delivery import deliver_due

    while True:
        outcomes = deliver_due()
        if outcomes or not watch:
            click.echo(", ".join(f"{count} {name}" for name, count in sorted(outcomes.items()))
                       or "Nothing due.")
        if not watch:
            return
        time.sleep(interval)
