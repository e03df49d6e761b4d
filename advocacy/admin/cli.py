"""``flask users ...``: create staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..accounts.models import ROLES
from ..accounts.services import create_user
from ..chapters.services import chapters_by_slugs
from ..errors import DomainError
from ..extensions import db

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="organizer", show_default=True)
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--chapter", "chapter_slugs", multiple=True,
              help="Chapter slug a coordinator works for (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_command(email, role, display_name, chapter_slugs, password_stdin):
    """Create a user; asks for the password unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, password, role, display_name)
        user.chapters = chapters_by_slugs(chapter_slugs)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Created {role} account {user.id}.")
