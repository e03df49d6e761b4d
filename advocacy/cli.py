"""Registers each feature's command group on ``flask --app advocacy``."""

from datetime import date

import click
from flask import Flask


def iso_date(_ctx, _param, value):
    """Click callback: a YYYY-MM-DD option as a ``date`` (or None)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("use the form YYYY-MM-DD") from error


def register_commands(app: Flask) -> None:
    from .admin.cli import users_cli
    from .demo.cli import demo_cli
    from .legislators.cli import legislators_cli
    from .mail.cli import mail_cli
    from .stories.cli import letters_cli, stories_cli
    from .tasks import tasks_cli
    from .webhooks.cli import webhooks_cli
    from .weeks.cli import weeks_cli

    for group in (users_cli, demo_cli, weeks_cli, legislators_cli, stories_cli, letters_cli,
                  webhooks_cli, mail_cli, tasks_cli):
        app.cli.add_command(group)
