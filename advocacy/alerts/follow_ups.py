"""The meeting reports asking for help with a follow-up that a staff member may see:
a coordinator's chapters' states; organizers and admins every state."""

from __future__ import annotations

from ..accounts.models import User
from ..chapters.models import ChapterState, chapter_coordinators
from ..checklists.models import MeetingReport
from ..extensions import db
from ..listing import Page, page_of
from ..policy import ORGANIZERS


def in_scope(user: User, page: int = 1) -> Page:
    """A page of follow-up requests ``user`` may see, newest first."""
    statement = db.select(MeetingReport).where(MeetingReport.follow_up.is_(True))
    if user.role not in ORGANIZERS:
        states = (db.select(ChapterState.state)
                  .join(chapter_coordinators,
                        chapter_coordinators.c.chapter_id == ChapterState.chapter_id)
                  .where(chapter_coordinators.c.user_id == user.id))
        statement = statement.where(MeetingReport.state.in_(states))
    return page_of(statement.order_by(MeetingReport.id.desc()), page)
