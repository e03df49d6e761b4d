"""What a coordinator sees of a chapter: sign-ups, stories waiting, reports, activity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from .. import signals
from ..checklists import services as checklists
from ..csvutil import stream_csv
from ..extensions import db
from .models import INTERESTS, Chapter, ChapterSignup

SORTS = {"newest": (ChapterSignup.created_at.desc(),), "oldest": (ChapterSignup.created_at,),
         "name": (ChapterSignup.name, ChapterSignup.id)}


def _signups_query(chapter: Chapter, since: date | None, sort: str):
    statement = db.select(ChapterSignup).where(ChapterSignup.chapter_id == chapter.id)
    if since:
        statement = statement.where(ChapterSignup.created_at >=
                                    datetime.combine(since, time.min, tzinfo=UTC))
    return statement.order_by(*SORTS.get(sort, SORTS["newest"]))


def signups(chapter: Chapter, interest: str | None = None, since: date | None = None,
            sort: str = "newest") -> list[ChapterSignup]:
    """The chapter's sign-ups, filtered by interest and date, sorted."""
    rows = db.session.execute(_signups_query(chapter, since, sort)).scalars()
    return [row for row in rows if interest not in INTERESTS or interest in row.interests]


def signups_csv(chapter: Chapter, interest: str | None = None, since: date | None = None,
                sort: str = "newest") -> Iterator[str]:
    """The same list as CSV (formula-escaped), streamed."""
    statement = _signups_query(chapter, since, sort).execution_options(yield_per=500)

    def rows():
        for row in db.session.execute(statement).scalars():
            if interest in INTERESTS and interest not in row.interests:
                continue
            yield (row.created_at.isoformat(), row.name, row.email, row.phone or "", row.zip,
                   ";".join(row.interests), row.consent_at.isoformat())
    return stream_csv(["signed_up_at", "name", "email", "phone", "zip", "interests",
                       "consent_at"], rows())


def numbers(chapter: Chapter) -> dict:
    """Stories waiting for moderation, meeting reports and activity in the chapter."""
    members = db.select(ChapterSignup.participant_id).where(
        ChapterSignup.chapter_id == chapter.id, ChapterSignup.participant_id.is_not(None))
    active, ticks = checklists.activity_of(members)
    return {"pending_stories": 0,
            **signals.collect(signals.chapter_figures, chapter),
            "meeting_reports": checklists.meeting_reports_in_states(chapter.state_codes),
            "active_advocates": active, "completions": ticks}
