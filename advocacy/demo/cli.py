"""``flask demo load``: the demo week, two chapters and two staff accounts."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from ..cli import iso_date
from ..database import schema_ready
from ..extensions import db
from .loader import load_demo_chapters, load_demo_users, load_demo_week, next_monday

demo_cli = AppGroup("demo", help="Load the demo week.")




@demo_cli.command("load")
@click.option("--start", callback=iso_date, metavar="YYYY-MM-DD",
              help="First day of the week (default: next Monday).")
def load_command(start: date | None):
    """Load (or refresh) the demo week; safe to run again."""
    if not schema_ready(db):
        raise click.ClickException(
            "The database has no schema yet: run 'flask --app advocacy db upgrade' first."
        )
    start = start or next_monday(date.today())
    week = load_demo_week(start)
    db.session.commit()
    click.echo(f"Week '{week.title}' ({week.slug}): {week.start_date} to {week.end_date}.")
    load_demo_chapters()
    db.session.commit()
    accounts = load_demo_users()
    db.session.commit()
    for account in accounts:
        click.echo(f"Created {account.role} {account.email} with password: {account.password}")
    if not accounts:
        click.echo("Demo accounts already exist (their passwords were shown when created).")
