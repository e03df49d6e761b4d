"""``flask legislators import``: members of Congress, their offices, ZIP → district."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..caching import caches
from ..extensions import db

legislators_cli = AppGroup("legislators", help="Legislator and ZIP-district data.")


def _progress_bar(name: str, total: int | None):
    bar = click.progressbar(length=total or 0, label=f"{name:36}", show_pos=not total,
                            file=sys.stderr)
    bar.__enter__()

    def advance(count: int) -> None:
        bar.update(count)
        if total and bar.pos >= total:
            bar.__exit__(None, None, None)

    return advance


@legislators_cli.command("import")
@click.option("--source", metavar="DIR_OR_URL",
              help="A folder holding the three files, or a base URL (default: the public "
                   "sources).")
@click.option("--if-missing", is_flag=True,
              help="Do nothing when legislator data is loaded already; when the download "
                   "fails, say so in one line and exit 0 (what `make run` uses).")
def import_command(source: str | None, if_missing: bool):
    """Download (or read) the three files and load them; the database is left as it
    was if anything is wrong."""
    from . import importer  # the download stack is imported only by this command
    from .services import legislator_data_loaded
    from .sources import FILES, SourceError, fetch, http_session, urls_for

    if if_missing and legislator_data_loaded():
        click.echo("Legislator data is loaded already.")
        return
    cache = Path(current_app.instance_path) / "legislator-data"
    try:
        locations = urls_for(source)
        with http_session() as session:
            files = {name: fetch(name, locations[name], cache, session, _progress_bar)
                     for name in FILES}
        members = importer.parse_members(files["legislators-current.json"].content)
        offices = importer.parse_offices(files["legislators-district-offices.json"].content)
        zip_rows = importer.parse_zip_districts(files["zccd.csv"].content)
        summary = importer.load(members, offices, zip_rows)
    except (SourceError, importer.DataError) as error:
        db.session.rollback()
        if if_missing:
            click.echo(f"Legislator data not loaded ({error}); stories will name no members "
                       "of Congress until `flask --app advocacy legislators import` works.")
            return
        raise click.ClickException(f"{error}. Nothing was changed.") from error
    db.session.commit()
    caches().forget_reference()  # this process reads the new data at once
    for fetched in files.values():
        if fetched.from_cache:
            click.echo(f"{fetched.name}: unchanged since the last download (cached copy).")
    click.echo(f"Loaded {summary.members} members, {summary.offices} district offices and "
               f"{summary.zip_rows} ZIP-district rows; {summary.left_office} marked out of "
               "office.")
