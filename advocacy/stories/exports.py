"""Story exports: CSV (formula-escaped) and JSON, streamed in constant memory.

Three ordered, streamed queries (stories, their impact areas, their consents)
are merged by story id: no ORM objects, nothing held beyond one story.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select

from ..csvutil import escape_cell, stream_csv
from ..extensions import db
from .models import Story, StoryConsent, StoryImpactArea

COLUMNS = ["id", "created_at", "status", "title", "body", "author_name", "email", "library",
           "city", "state", "zip", "district", "impact_areas", "share_with_legislators",
           "publish", "contact_me", "moderated_at", "moderation_note"]
BATCH = 2000
_STORY_COLUMNS = (Story.id, Story.created_at, Story.status, Story.title, Story.body,
                  Story.author_name, Story.email, Story.library, Story.city, Story.state,
                  Story.zip, Story.district, Story.moderated_at, Story.moderation_note)


def _grouped(rows) -> Iterator[tuple[int, list[str]]]:
    """(story id, [values]) from rows of (story id, value) ordered by story id."""
    current, values = None, []
    for story_id, value in rows:
        if story_id != current:
            if current is not None:
                yield current, values
            current, values = story_id, []
        values.append(value)
    if current is not None:
        yield current, values


def _rows(statement) -> Iterator[tuple]:
    ids = statement.order_by(None).with_only_columns(Story.id).scalar_subquery()
    connection = db.session.connection().execution_options(stream_results=True,
                                                           yield_per=BATCH)
    stories = connection.execute(select(*_STORY_COLUMNS).where(Story.id.in_(ids))
                                 .order_by(Story.id))
    areas = _grouped(connection.execute(
        select(StoryImpactArea.story_id, StoryImpactArea.area)
        .where(StoryImpactArea.story_id.in_(ids))
        .order_by(StoryImpactArea.story_id, StoryImpactArea.area)))
    consents = _grouped(connection.execute(
        select(StoryConsent.story_id, StoryConsent.kind).where(StoryConsent.story_id.in_(ids))
        .order_by(StoryConsent.story_id)))
    next_area, next_consent = next(areas, None), next(consents, None)
    for (story_id, created_at, status, title, body, author_name, email, library, city, state,
         zip_code, district, moderated_at, note) in stories:
        story_areas, story_consents = [], ()
        while next_area is not None and next_area[0] <= story_id:
            if next_area[0] == story_id:
                story_areas = next_area[1]
            next_area = next(areas, None)
        while next_consent is not None and next_consent[0] <= story_id:
            if next_consent[0] == story_id:
                story_consents = next_consent[1]
            next_consent = next(consents, None)
        contact = "contact" in story_consents
        # In COLUMNS order. The email leaves the app only when its owner agreed to be
        # contacted.
        yield (story_id, created_at.isoformat(), status, title, body, author_name,
               email if contact else "", library, city, state, zip_code, district,
               story_areas, "share" in story_consents, "publish" in story_consents, contact,
               moderated_at.isoformat() if moderated_at else None, note)


_YES_NO = {True: "yes", False: "no"}


def stories_csv(statement, bom: bool = False) -> Iterator[str]:
    """CSV text, a batch of rows at a time; cells a spreadsheet would run are escaped."""
    def cells():
        # Free-text columns are escaped; the others are ids, dates, codes and numbers.
        for (story_id, created, status, title, body, name, email, library, city, state, zip_code,
             district, areas, share, publish, contact, moderated, note) in _rows(statement):
            yield (story_id, created, status, escape_cell(title), escape_cell(body),
                   escape_cell(name), escape_cell(email), escape_cell(library),
                   escape_cell(city), state, zip_code, "" if district is None else district,
                   ";".join(areas), _YES_NO[share], _YES_NO[publish], _YES_NO[contact],
                   moderated or "", escape_cell(note))
    return stream_csv(COLUMNS, cells(), bom=bom, escaped=True)


def stories_json(statement) -> Iterator[str]:
    """A JSON array, one story at a time."""
    yield "["
    first = True
    for row in _rows(statement):
        yield ("" if first else ",") + "\n" + json.dumps(dict(zip(COLUMNS, row, strict=True)),
                                                           ensure_ascii=False)
        first = False
    yield "\n]\n"
