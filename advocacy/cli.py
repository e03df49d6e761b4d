"""Registers each feature's command group on ``flask --app advocacy``."""

from flask import Flask


def register_commands(app: Flask) -> None:
    from .accounts.cli import users_cli
    from .demo.cli import demo_cli
    from .legislators.cli import legislators_cli
    from .stories.cli import stories_cli
    from .weeks.cli import weeks_cli

    for group in (users_cli, demo_cli, weeks_cli, legislators_cli, stories_cli):
        app.cli.add_command(group)
