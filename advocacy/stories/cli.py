"""``flask stories export``: the same exports as the coordinator pages, for everything."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func

from ..audit import record_audit
from ..cli import iso_date
from ..extensions import db
from ..weeks.models import Week
from . import deliveries, exports, letter_exports
from .models import LetterDelivery
from .moderation import StoryFilter, filtered_query

stories_cli = AppGroup("stories", help="Export stories and letters to legislators.")
FORMATS = ("csv", "json", "letters-txt", "letters-pdf", "mailmerge", "letters-zip")




def _counted(items, total: int, label: str):
    with click.progressbar(items, length=total, label=label, file=sys.stderr) as bar:
        yield from bar


@stories_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--status", type=click.Choice(["pending", "approved", "rejected"]))
@click.option("--state")
@click.option("--district", type=int)
@click.option("--impact-area")
@click.option("--week", "week_slug", help="Slug of the week the stories came in.")
@click.option("--since", callback=iso_date, metavar="YYYY-MM-DD")
@click.option("--until", callback=iso_date, metavar="YYYY-MM-DD")
@click.option("--bom", is_flag=True, help="CSV: start with a byte-order mark (for Excel).")
@click.option("--undelivered/--all", "undelivered", default=True, show_default=True,
              help="Letters: only the stories not yet delivered to each legislator "
                   "(the default), or all of them.")
def export_command(fmt, out, status, state, district, impact_area, week_slug, since, until,
                   bom, undelivered):
    """Write an export to OUT, streaming, with a progress bar on the terminal. Letter
    formats quote approved stories shared with legislators, within the same filters."""
    week_id = None
    if week_slug:
        week_id = db.session.execute(db.select(Week.id).where(Week.slug == week_slug)
                                     ).scalar_one_or_none()
        if week_id is None:
            raise click.ClickException(f"No week with the slug {week_slug!r}.")
    story_filter = StoryFilter(status=status, impact_area=impact_area,
                               state=state.upper() if state else None, district=district,
                               week_id=week_id, since=since, until=until)
    statement = filtered_query(None, story_filter)
    record_audit(None, "stories.exported", "stories", None, format=fmt, via="cli")
    db.session.commit()
    if fmt in ("csv", "json"):
        total = db.session.execute(db.select(func.count()).select_from(
            statement.order_by(None).subquery())).scalar_one()
        chunks = exports.stories_csv(statement, bom=bom) if fmt == "csv" else \
            exports.stories_json(statement)
        # CSV comes in batches of 200 stories; JSON one story at a time.
        steps = total // 200 + 1 if fmt == "csv" else total + 2
        with out.open("w", encoding="utf-8", newline="") as handle:
            for chunk in _counted(chunks, steps, "stories"):
                handle.write(chunk)
        click.echo(f"Wrote {total} stories to {out}.")
        return
    everything = letter_exports.Selection(None, story_filter, undelivered)  # every state
    recipients = len(letter_exports.recipients(everything))
    if fmt == "letters-txt":
        _write_text(out, letter_exports.text_stream(everything), recipients)
    elif fmt == "mailmerge":
        _write_text(out, letter_exports.mailmerge_stream(everything), recipients + 1)
    elif fmt == "letters-pdf":
        with out.open("wb") as handle:
            letter_exports.pdf_file(everything, handle)
    else:
        with letter_exports.zip_file(everything) as spool, out.open("wb") as handle:
            shutil.copyfileobj(spool, handle)
    click.echo(f"Wrote {fmt} to {out}.")


def _write_text(out: Path, chunks, total: int) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        for chunk in _counted(chunks, total, "letters"):
            handle.write(chunk)


letters_cli = AppGroup("letters", help="Deliveries of letters to legislators.")


@letters_cli.command("deliveries")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def deliveries_command(out):
    """Write every recorded delivery (newest first) to OUT as CSV."""
    record_audit(None, "letters.deliveries_exported", "letter_deliveries", None, via="cli")
    db.session.commit()
    with out.open("w", encoding="utf-8", newline="") as handle:
        for chunk in deliveries.deliveries_csv(None):
            handle.write(chunk)
    total = db.session.execute(db.select(func.count()).select_from(LetterDelivery)).scalar_one()
    click.echo(f"Wrote {total} deliveries to {out}.")
