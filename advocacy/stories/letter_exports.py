"""Letters to legislators from the database, in text, HTML, PDF, mail-merge CSV and ZIP.

Stories are read one legislator at a time, so memory does not grow with the
number of stories. Only approved stories whose authors agreed to share them
with their legislators are ever quoted.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func

from ..chapters.models import Chapter, ChapterState
from ..csvutil import stream_csv
from ..extensions import db
from ..legislators.models import Legislator
from ..weeks.services import organizing_name
from .letters import Letter, Quote, Recipient, check_template, compile_letter, letter_text
from .models import LetterTemplate, Story
from .moderation import StoryFilter, filtered_query, first_name, shared_consent

DEFAULT_CHAPTER = "library advocates"


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
    moderation list's ``story_filter`` shows, approved and shared with legislators."""

    states: frozenset[str] | None = None
    story_filter: StoryFilter | None = None


def _quotable(selection: Selection):
    states = None if selection.states is None else set(selection.states)
    return filtered_query(states, selection.story_filter).order_by(None).where(
        Story.status == "approved", shared_consent(Story.id))


def counts(selection) -> tuple[int, int]:
    """(stories, letters) an export of ``selection`` holds, before it is made."""
    places = dict(((state, district), number) for state, district, number in db.session.execute(
        _quotable(selection).with_only_columns(Story.state, Story.district, func.count())
        .group_by(Story.state, Story.district)))
    states = {state for state, _ in places}
    letters_held = sum(1 for r in recipients(selection, only_states=states)
                       if (r.state in states if r.chamber == "senate"
                           else (r.state, r.district) in places))
    return sum(places.values()), letters_held


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


def _quotes(recipient: Recipient, selection: Selection) -> list[Quote]:
    statement = _quotable(selection).where(Story.state == recipient.state)
    if recipient.chamber == "house":
        statement = statement.where(Story.district == recipient.district)
    statement = statement.with_only_columns(Story.author_name, Story.city, Story.library,
                                            Story.title, Story.body).order_by(Story.id)
    return [Quote(first_name(name), city, library, title, body)
            for name, city, library, title, body in db.session.execute(statement)]


def _chapters_by_state() -> dict[str, str]:
    rows = db.session.execute(db.select(ChapterState.state, Chapter.name)
                              .join(Chapter, Chapter.id == ChapterState.chapter_id)
                              .order_by(Chapter.name))
    names: dict[str, str] = {}
    for state, name in rows:
        names.setdefault(state, name)
    return names


def letters(selection: Selection) -> Iterator[Letter]:
    """Every letter with at least one story, one legislator at a time."""
    templates = letter_templates()
    chapters = _chapters_by_state()
    # A state no chapter covers: the week's organizers sign (not "library advocates").
    signer = organizing_name() or DEFAULT_CHAPTER
    for recipient in recipients(selection):
        quotes = _quotes(recipient, selection)
        if quotes:
            yield compile_letter(recipient, quotes, templates.intro, templates.closing,
                                 chapters.get(recipient.state, signer))


def text_stream(selection: Selection) -> Iterator[str]:
    """All letters as one text file, separated by form feeds."""
    for number, letter in enumerate(letters(selection)):
        yield ("\f\n" if number else "") + f"To: {letter.recipient.full_name} " \
              f"({letter.recipient.place})\n\n" + letter_text(letter)


def mailmerge_stream(selection: Selection) -> Iterator[str]:
    """One CSV row per legislator: name, office, phone, contact form, message."""
    rows = ([letter.recipient.full_name, letter.recipient.title, letter.recipient.place,
             letter.recipient.office or "", letter.recipient.phone or "",
             letter.recipient.contact_form_url or "", len(letter.quotes), letter_text(letter)]
            for letter in letters(selection))
    return stream_csv(["name", "title", "place", "office", "phone", "contact_form",
                       "stories", "message"], rows)


def _font(name: str) -> str:
    static = Path(current_app.static_folder)
    return str(static / "fonts" / name)


def pdf_bytes(selection: Selection) -> bytes:
    """A PDF, one letter per page or more, in a Unicode font (DejaVu Sans)."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font("DejaVu", "", _font("DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", _font("DejaVuSans-Bold.ttf"))
    count = 0
    for letter in letters(selection):
        count += 1
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, f"{letter.recipient.full_name} — {letter.recipient.place}")
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, letter_text(letter))
    if not count:
        pdf.add_page()
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, "No approved, shared story matches: there is no letter to print.")
    return bytes(pdf.output())


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
        used: set[str] = set()
        for letter in letters(selection):
            archive.writestr(member_name(letter.recipient, used), letter_text(letter))
    spool.seek(0)
    return spool


def read_chunks(handle: io.IOBase, size: int = 64 * 1024) -> Iterator[bytes]:
    while chunk := handle.read(size):
        yield chunk
    handle.close()
