"""What a coordinator sees of a chapter: sign-ups, stories waiting, reports, activity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from sqlalchemy import func

from ..checklists.models import Completion, MeetingReport
from ..csvutil import stream_csv
from ..extensions import db
from ..stories.models import Story
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
    states = chapter.state_codes or [""]
    pending = db.session.execute(db.select(func.count()).select_from(Story).where(
        Story.state.in_(states), Story.status == "pending")).scalar_one()
    reports = list(db.session.execute(
        db.select(MeetingReport).where(MeetingReport.state.in_(states))
        .order_by(MeetingReport.created_at.desc()).limit(50)).scalars())
    members = db.select(ChapterSignup.participant_id).where(
        ChapterSignup.chapter_id == chapter.id, ChapterSignup.participant_id.is_not(None))
    active, ticks = db.session.execute(
        db.select(func.count(func.distinct(Completion.participant_id)), func.count())
        .where(Completion.participant_id.in_(members))).one()
    return {"pending_stories": pending, "meeting_reports": reports,
            "active_advocates": active, "completions": ticks}
