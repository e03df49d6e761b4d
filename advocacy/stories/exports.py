"""Story exports: CSV (formula-escaped) and JSON, streamed in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy.orm import selectinload

from ..csvutil import stream_csv
from ..extensions import db
from .models import Story

COLUMNS = ["id", "created_at", "status", "title", "body", "author_name", "email", "library",
           "city", "state", "zip", "district", "impact_areas", "share_with_legislators",
           "publish", "contact_me", "moderated_at", "moderation_note"]
BATCH = 1000


def _rows(statement) -> Iterator[dict]:
    statement = statement.options(selectinload(Story.impact_areas),
                                  selectinload(Story.consents)).execution_options(yield_per=BATCH)
    for story in db.session.execute(statement).scalars():
        consents = {c.kind for c in story.consents}
        yield {
            "id": story.id, "created_at": story.created_at.isoformat(), "status": story.status,
            "title": story.title, "body": story.body, "author_name": story.author_name,
            # The email leaves the app only when its owner agreed to be contacted.
            "email": story.email if "contact" in consents else "",
            "library": story.library, "city": story.city, "state": story.state,
            "zip": story.zip, "district": story.district,
            "impact_areas": sorted(a.area for a in story.impact_areas),
            "share_with_legislators": "share" in consents, "publish": "publish" in consents,
            "contact_me": "contact" in consents,
            "moderated_at": story.moderated_at.isoformat() if story.moderated_at else None,
            "moderation_note": story.moderation_note,
        }


def stories_csv(statement, bom: bool = False) -> Iterator[str]:
    """CSV text, line by line; cells that a spreadsheet would run are escaped."""
    def cells():
        for row in _rows(statement):
            row["impact_areas"] = ";".join(row["impact_areas"])
            yield [("yes" if v is True else "no" if v is False else v) for v in row.values()]
    return stream_csv(COLUMNS, cells(), bom=bom)


def stories_json(statement) -> Iterator[str]:
    """A JSON array, one story at a time."""
    yield "["
    first = True
    for row in _rows(statement):
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"
