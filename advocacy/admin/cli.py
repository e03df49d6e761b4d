"""``flask users ...``: create staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from ..accounts.models import ROLES
from ..accounts.services import change_password, create_user, find_user_by_email
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


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(email, password_stdin):
    """Set a new password for EMAIL (and sign out its sessions); asks for it unless
    --password-stdin. For staff who lost theirs, or the demo accounts."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account uses {email}.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        change_password(user, password)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"New password set for account {user.id}; its sessions are signed out.")
