"""``flask weeks export|import``: weeks as JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from ..errors import NotFound
from ..extensions import db
from . import services
from .exchange import WeekFormatError, export_week, import_week, parse_week_file

weeks_cli = AppGroup("weeks", help="Export and import event weeks as JSON.")


@weeks_cli.command("export")
@click.argument("slug")
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              required=True, help="File to write ('-' for standard output).")
def export_command(slug: str, out: Path):
    """Write the week SLUG (any status) to a JSON file."""
    try:
        week = services.week_for_organizer(slug)
    except NotFound as error:
        raise click.ClickException(f"No week with the slug {slug!r}.") from error
    text = json.dumps(export_week(week), indent=2, ensure_ascii=False) + "\n"
    if str(out) == "-":
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {week.slug} to {out}.", err=True)


@weeks_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Import under this slug instead of the file's.")
def import_command(file: Path, slug: str | None):
    """Create a draft week from FILE; nothing is written if any field is bad."""
    try:
        week = import_week(parse_week_file(file.read_bytes()), None, slug=slug)
    except WeekFormatError as error:
        db.session.rollback()
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"{file} is not a valid week file; nothing was written.")\
            from error
    db.session.commit()
    click.echo(f"Imported {week.slug} as a draft ({len(week.days)} days).")
