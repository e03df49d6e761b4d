"""Letters to legislators from the database, in text, HTML, PDF, mail-merge CSV and ZIP.

Stories are read one legislator at a time, so memory does not grow with the
number of stories. Only approved stories whose authors agreed to share them
with their legislators are ever quoted.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import tempfile
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func

from ..chapters.models import Chapter, ChapterState
from ..csvutil import csv_line, csv_record_streaming_last
from ..errors import DomainError
from ..extensions import db
from ..legislators.models import Legislator
from ..weeks.services import organizing_name
from . import deliveries
from .letters import (
    Letter,
    Quote,
    Recipient,
    check_template,
    compile_letter,
    letter_body_parts,
    letter_text_parts,
)
from .logos import LOGO_TYPES
from .models import LetterTemplate, Story
from .moderation import StoryFilter, filtered_query, first_name, shared_consent

log = logging.getLogger(__name__)
DEFAULT_CHAPTER = "library advocates"
QUOTES_PER_READ = 500
LETTER_TYPES = {"txt": "text/plain", "html": "text/html", "pdf": "application/pdf",
                "csv": "text/csv", "zip": "application/zip"}


def letter_templates() -> LetterTemplate:
    """The one row of organizer templates (created empty on first use)."""
    row = db.session.execute(db.select(LetterTemplate).limit(1)).scalar_one_or_none()
    if row is None:
        row = LetterTemplate(intro="", closing="")
        db.session.add(row)
        db.session.flush()
    return row


def check_stored_templates() -> None:
    """DomainError if the saved intro or closing goes over the sandbox's limits for
    some recipient (saved before the limits, or by hand): checked before an export
    starts, so a download never breaks half-way."""
    row = letter_templates()
    for source in (row.intro, row.closing):
        if source:
            check_template(source, "template")


@dataclass(frozen=True)
class Selection:
    """Which stories letters quote: those of ``states`` (None: every state) that the
    moderation list's ``story_filter`` shows, approved and shared with legislators; with
    ``undelivered``, only those not yet delivered to the letter's legislator."""

    states: frozenset[str] | None = None
    story_filter: StoryFilter | None = None
    undelivered: bool = True
    only: str | None = None  # one legislator's letter (their key)


def _quotable(selection: Selection):
    states = None if selection.states is None else set(selection.states)
    return filtered_query(states, selection.story_filter).order_by(None).where(
        Story.status == "approved", shared_consent(Story.id))


def waiting_by_recipient(selection: Selection, only_states: set[str] | None = None
                         ) -> tuple[dict[str, int], dict[tuple, int], list[Recipient]]:
    """Per legislator key, how many stories a letter of ``selection`` quotes; the
    stories per (state, district); and the legislators in scope (of ``only_states``)."""
    everything = _quotable(replace(selection, undelivered=False))
    places = {(state, district): number for state, district, number in db.session.execute(
        everything.with_only_columns(Story.state, Story.district, func.count())
        .group_by(Story.state, Story.district))}
    by_state: dict[str, int] = {}
    for (state, _district), number in places.items():
        by_state[state] = by_state.get(state, 0) + number
    found = recipients(selection, only_states=set(by_state) if only_states is None
                       else only_states)
    delivered = deliveries.delivered_counts(everything, [r.key for r in found]) \
        if selection.undelivered else {}
    waiting = {r.key: (by_state.get(r.state, 0) if r.chamber == "senate"
                       else places.get((r.state, r.district), 0)) - delivered.get(r.key, 0)
               for r in found}
    return waiting, places, found


def both_counts(selection: Selection) -> tuple[tuple[int, int], tuple[int, int]]:
    """(stories, letters) of ``selection``, and of the same selection delivered or not,
    from one reading of the stories per place."""
    measured = waiting_by_recipient(selection)
    _waiting, places, found = measured
    states = {state for state, _district in places}
    every_letters = sum(1 for r in found if (r.state in states if r.chamber == "senate"
                                             else (r.state, r.district) in places))
    every = (sum(places.values()), every_letters) if every_letters else (0, 0)
    return counts(selection, measured), every


def counts(selection: Selection, measured=None) -> tuple[int, int]:
    """(stories, letters) an export of ``selection`` holds, before it is made: a story
    counts once however many of its legislators it still goes to (``measured``: what
    ``waiting_by_recipient`` already read for it)."""
    waiting, places, found = measured or waiting_by_recipient(selection)
    if selection.only is not None:
        number = max(waiting.get(selection.only, 0), 0)
        return number, int(number > 0)
    letters_held = sum(1 for number in waiting.values() if number > 0)
    if not letters_held:
        return 0, 0
    stories = sum(places.values())
    if selection.undelivered:
        senators: dict[str, int] = {}
        members: dict[tuple, int] = {}
        for r in found:
            if r.chamber == "senate":
                senators[r.state] = senators.get(r.state, 0) + 1
            else:
                members[(r.state, r.district)] = members.get((r.state, r.district), 0) + 1
        stories -= deliveries.fully_delivered(
            _quotable(replace(selection, undelivered=False)), [r.key for r in found],
            lambda state, district: senators.get(state, 0) + (
                members.get((state, district), 0) if district is not None else 0))
    return stories, letters_held


def recipients(selection: Selection, only_states: set[str] | None = None) -> list[Recipient]:
    """Legislators in office in scope (of ``only_states``, if given: those with stories);
    without legislator data, one per district and one for each state's senators,
    addressed by place."""
    states = selection.states
    wanted = selection.story_filter.state if selection.story_filter else None
    members = db.select(Legislator).where(Legislator.in_office.is_(True))
    if states is not None:
        members = members.where(Legislator.state.in_(sorted(states) or [""]))
    if wanted:
        members = members.where(Legislator.state == wanted)
    if only_states is not None:
        members = members.where(Legislator.state.in_(sorted(only_states) or [""]))
    rows = db.session.execute(members.order_by(Legislator.state, Legislator.chamber,
                                               Legislator.district, Legislator.last_name))
    found = [Recipient(key=m.bioguide_id, title="Senator" if m.chamber == "senate"
                       else "Representative", full_name=m.official_name,
                       last_name=m.last_name, chamber=m.chamber, state=m.state,
                       district=m.district, phone=m.phone, contact_form_url=m.contact_form_url,
                       office=m.dc_office) for m in rows.scalars()]
    if found or db.session.execute(db.select(Legislator.id).limit(1)).first():
        return found
    places = db.session.execute(
        _quotable(selection).with_only_columns(Story.state, Story.district).distinct()
        .order_by(Story.state, Story.district)).all()
    result = []
    for state in sorted({s for s, _ in places}):
        result.append(Recipient(f"{state}-senate", "Senators", f"Senators for {state}",
                                f"for {state}", "senate", state, None))
    for state, district in places:
        if district is not None:
            label = f"{state}-{district:02d}" if district else f"{state} at-large"
            result.append(Recipient(f"{state}-{district:02d}", "Representative",
                                    f"Representative for {label}", f"for {label}", "house",
                                    state, district))
    return result


def recipient_of(selection: Selection, key: str) -> Recipient | None:
    """The legislator keyed ``key`` among those of ``selection``'s scope."""
    return next((r for r in recipients(selection) if r.key == key), None)


def quotable_ids(recipient: Recipient, selection: Selection) -> set[int]:
    """Ids of the stories a letter of ``selection`` to ``recipient`` may quote now."""
    return set(db.session.execute(_recipient_stories(recipient, selection).with_only_columns(
        Story.id)).scalars())


def _recipient_stories(recipient: Recipient, selection: Selection):
    statement = _quotable(selection).where(Story.state == recipient.state)
    if recipient.chamber == "house":
        statement = statement.where(Story.district == recipient.district)
    if selection.undelivered:
        statement = statement.where(~deliveries.delivered_to(recipient.key, Story.id))
    return statement


class StreamedQuotes(Collection):
    """A letter's quotes, read from the database a few hundred at a time each time they
    are walked, so a senator's letter of 20,000 stories is never held whole; ``len()``
    is the count read just before."""

    def __init__(self, recipient: Recipient, selection: Selection) -> None:
        stories = _recipient_stories(recipient, selection)
        self.count = db.session.execute(
            stories.with_only_columns(func.count(Story.id))).scalar_one()
        self.statement = stories.with_only_columns(
            Story.author_name, Story.city, Story.library, Story.title, Story.body, Story.id
        ).order_by(Story.id).execution_options(yield_per=QUOTES_PER_READ)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Quote]:
        for name, city, library, title, body, story_id in db.session.execute(self.statement):
            yield Quote(first_name(name), city, library, title, body, story_id)

    def __contains__(self, quote: object) -> bool:
        return any(quote == mine for mine in self)


def _chapters_by_state() -> dict[str, str]:
    rows = db.session.execute(db.select(ChapterState.state, Chapter.name)
                              .join(Chapter, Chapter.id == ChapterState.chapter_id)
                              .order_by(Chapter.name))
    names: dict[str, str] = {}
    for state, name in rows:
        names.setdefault(state, name)
    return names


def letters(selection: Selection, dated: date | None = None) -> Iterator[Letter]:
    """Every letter with at least one story (only the one legislator's, if the selection
    says so), one legislator at a time, dated ``dated`` (today)."""
    templates = letter_templates()
    chapters = _chapters_by_state()
    # A state no chapter covers: the week's organizers sign (not "library advocates").
    signer = organizing_name() or DEFAULT_CHAPTER
    dated = dated or date.today()
    for recipient in recipients(selection):
        if selection.only is not None and recipient.key != selection.only:
            continue
        quotes = StreamedQuotes(recipient, selection)
        if len(quotes):
            yield compile_letter(recipient, quotes, templates.intro, templates.closing,
                                 chapters.get(recipient.state, signer), dated)


def progressing(items, progress):
    for number, item in enumerate(items, 1):
        yield item
        if progress is not None:
            progress(number)


def text_stream(selection: Selection, progress=None) -> Iterator[str]:
    """All letters as one text file, separated by form feeds."""
    for number, letter in enumerate(progressing(letters(selection), progress)):
        if number:
            yield "\f\n"
        yield from letter_text_parts(letter)


def html_stream(selection: Selection, progress=None) -> Iterator[str]:
    """All letters as one printable HTML file (styles and logo inside it)."""
    # The template alone (no context processors: they need a request; this is a file).
    template = current_app.jinja_env.get_template("stories/coordinate/letters_file.html")
    styles = (Path(current_app.static_folder) / "css" / "letters.css").read_text("utf-8")
    yield from template.generate(letters=progressing(letters(selection), progress),
                                 logo_src=logo_data_uri(), title="Letters to legislators",
                                 styles=styles)


def letterhead_logo():
    """The organizer's logo for PDF letters (None without one); an SVG is drawn to
    pixels first (the PDF writer draws raster images)."""
    from .letter_pdf import Logo

    row = letter_templates()
    if row.logo and row.logo_type == LOGO_TYPES["png"]:
        return Logo.from_png(row.logo)
    if row.logo and row.logo_type == LOGO_TYPES["svg"]:
        try:
            return Logo.from_svg(row.logo)
        except DomainError as error:  # drawn at upload; here only if Cairo went missing
            log.warning("letters printed without their SVG logo: %s", error.message)
    return None


def logo_data_uri() -> str | None:
    """The logo as a data: URI for HTML letters (None without one)."""
    row = letter_templates()
    if not row.logo or row.logo_type not in LOGO_TYPES.values():
        return None
    return f"data:{row.logo_type};base64,{base64.b64encode(row.logo).decode()}"


def mailmerge_stream(selection: Selection, progress=None) -> Iterator[str]:
    """One CSV row per legislator: name, office, phone, contact form, message."""
    yield csv_line(["name", "title", "place", "address", "phone", "contact_form", "stories",
                    "from", "date", "subject", "message"])
    for letter in progressing(letters(selection), progress):
        recipient = letter.recipient
        # The message cell is written a story at a time: a senator's letter may quote
        # thousands of stories.
        yield from csv_record_streaming_last(
            [recipient.full_name, recipient.title, recipient.place,
             "\n".join(recipient.address[2:]), recipient.phone or "",
             recipient.contact_form_url or "", len(letter.quotes), letter.letterhead,
             letter.date_line, letter.subject.removeprefix("Subject: ")],
            letter_body_parts(letter))


def pdf_file(selection: Selection, handle, progress=None) -> int:
    """Every letter of ``selection`` as one PDF written to ``handle`` as it is made (a
    letter per page or more); the number of letters."""
    from .letter_pdf import write_letters

    return write_letters(handle, letters(selection), Path(current_app.static_folder) / "fonts",
                         title="Letters to legislators", author=organizing_name() or
                         DEFAULT_CHAPTER, logo=letterhead_logo(), progress=progress,
                         empty_text="No approved, shared story matches: there is no letter "
                         "to print.")


def pdf_bytes(selection: Selection) -> bytes:
    """The PDF of ``selection`` in memory (small exports made in the request)."""
    buffer = io.BytesIO()
    pdf_file(selection, buffer)
    return buffer.getvalue()


def member_name(recipient: Recipient, used: set[str]) -> str:
    """A safe, unique file name in the archive: letters, digits and dashes only (an id
    like ``../../x`` from imported data cannot leave the archive's folder)."""
    stem = re.sub(r"[^A-Za-z0-9-]+", "_", f"{recipient.place}-{recipient.key}").strip("_.")
    stem, name, n = stem[:80] or "letter", "", 1
    while not name or name in used:
        name = f"{stem}.txt" if n == 1 else f"{stem}-{n}.txt"
        n += 1
    used.add(name)
    return name


def zip_file(selection: Selection) -> tempfile.SpooledTemporaryFile:
    """A ZIP with one text file per legislator (spooled to disk past 8 MB)."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (streamed)
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        write_zip(archive, letters(selection))
    spool.seek(0)
    return spool


def write_zip(archive: zipfile.ZipFile, items: Iterable[Letter]) -> None:
    """One text file per letter in ``archive``."""
    used: set[str] = set()
    for letter in items:
        with archive.open(member_name(letter.recipient, used), "w") as member:
            for part in letter_text_parts(letter):
                member.write(part.encode("utf-8"))


def read_chunks(handle: io.IOBase, size: int = 64 * 1024) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk
    handle.close()
