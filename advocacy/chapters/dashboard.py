"""What a coordinator sees of a chapter: sign-ups, stories waiting, reports, activity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from sqlalchemy import String, cast

from .. import signals
from ..checklists import services as checklists
from ..csvutil import stream_csv
from ..extensions import db
from ..listing import Page, page_of
from .models import INTERESTS, Chapter, ChapterSignup

SORTS = {"newest": (ChapterSignup.created_at.desc(),), "oldest": (ChapterSignup.created_at,),
         "name": (ChapterSignup.name, ChapterSignup.id)}


def _signups_query(chapter: Chapter, interest: str | None, since: date | None, sort: str):
    statement = db.select(ChapterSignup).where(ChapterSignup.chapter_id == chapter.id)
    if interest in INTERESTS:  # a JSON list of known keys: the quoted key is unambiguous
        statement = statement.where(
            cast(ChapterSignup.interests, String).like(f'%"{interest}"%'))
    if since:
        statement = statement.where(ChapterSignup.created_at >=
                                    datetime.combine(since, time.min, tzinfo=UTC))
    return statement.order_by(*SORTS.get(sort, SORTS["newest"]))


def signups(chapter: Chapter, interest: str | None = None, since: date | None = None,
            sort: str = "newest", page: int = 1) -> Page:
    """A page of the chapter's sign-ups, filtered by interest and date, sorted."""
    return page_of(_signups_query(chapter, interest, since, sort), page)


def signups_csv(chapter: Chapter, interest: str | None = None, since: date | None = None,
                sort: str = "newest") -> Iterator[str]:
    """The same list as CSV (formula-escaped), streamed."""
    statement = _signups_query(chapter, interest, since, sort).execution_options(
        yield_per=500)

    def rows():
        for row in db.session.execute(statement).scalars():
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
