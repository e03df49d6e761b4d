"""Moderating stories within a coordinator's scope, and reading them for exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func
from sqlalchemy.orm import selectinload

from .. import signals
from ..audit import record_audit
from ..chapters.services import states_in_scope, states_with_chapters
from ..database import utcnow
from ..errors import DomainError, NotFound
from ..extensions import db
from ..listing import Page, page_of
from ..textrules import MARKUP_MESSAGE, UNSTORABLE_MESSAGE, plain_text, storable
from .models import (
    IMPACT_AREAS,
    STORY_STATUSES,
    Story,
    StoryConsent,
    StoryImpactArea,
    StoryRevision,
)

EDITABLE_FIELDS = ("title", "body", "library", "city")
EDITABLE_LIMITS = {"title": 200, "body": 5000, "library": 200, "city": 120}  # as the form


@dataclass
class StoryFilter:
    status: str | None = None
    impact_area: str | None = None
    state: str | None = None
    district: int | None = None
    week_id: int | None = None
    since: date | None = None
    until: date | None = None
    chapterless: bool = False  # only stories from states no chapter covers


def scoped_query(user, story_filter: StoryFilter | None = None) -> Select:
    """Stories ``user`` may see, filtered, newest first."""
    return filtered_query(states_in_scope(user), story_filter)


def filtered_query(states: set[str] | None, story_filter: StoryFilter | None = None) -> Select:
    """Stories of ``states`` (None: all), filtered, newest first."""
    statement = db.select(Story).order_by(Story.created_at.desc(), Story.id.desc())
    if states is not None:
        statement = statement.where(Story.state.in_(sorted(states) or [""]))
    f = story_filter or StoryFilter()
    if f.status in STORY_STATUSES:
        statement = statement.where(Story.status == f.status)
    if f.impact_area in IMPACT_AREAS:
        statement = statement.where(Story.impact_areas.any(StoryImpactArea.area == f.impact_area))
    if f.state:
        statement = statement.where(Story.state == f.state)
    if f.district is not None:
        statement = statement.where(Story.district == f.district)
    if f.week_id is not None:
        statement = statement.where(Story.week_id == f.week_id)
    if f.chapterless:
        statement = statement.where(Story.state.not_in(states_with_chapters()))
    if f.since:
        statement = statement.where(Story.created_at >= _start_of(f.since))
    if f.until:
        statement = statement.where(Story.created_at < _start_of(f.until + timedelta(days=1)))
    return statement


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def stories_for(user, story_filter: StoryFilter, page: int = 1) -> Page:
    """A page of stories for the moderation list (counted by one query)."""
    return page_of(scoped_query(user, story_filter).options(
        selectinload(Story.impact_areas), selectinload(Story.consents)), page)


def story_in_scope(user, story_id: int) -> Story:
    """Load-and-check: NotFound (404) for a story outside the user's states."""
    story = db.session.execute(
        scoped_query(user).where(Story.id == story_id)
    ).scalar_one_or_none()
    if story is None:
        raise NotFound("No such story.")
    return story


def moderate(user, story: Story, decision: str, note: str) -> None:
    """Approve or reject a story, with a note; recorded as an audit event."""
    status = {"approve": "approved", "reject": "rejected"}.get(decision)
    if status is None:
        raise DomainError("Choose approve or reject.", "decision")
    newly_approved = status == "approved" and story.status != "approved"
    story.status, story.moderation_note = status, note.strip()
    story.moderated_by_id, story.moderated_at = user.id, utcnow()
    record_audit(user, f"story.{decision}", "story", story.id, note=bool(note.strip()))
    if newly_approved:
        signals.story_approved.send(story)


BULK_MAX = 500  # stories one bulk decision may hold


def moderate_many(user, story_ids: list[int], decision: str, note: str) -> int:
    """Approve or reject every selected story with one note, each audited as if one by
    one; NotFound if any is outside the user's states (nothing is changed then)."""
    ids = sorted(set(story_ids))
    if not ids:
        raise DomainError("Tick the stories to approve or reject.", "story_ids")
    if len(ids) > BULK_MAX:
        raise DomainError(f"Choose at most {BULK_MAX} stories at a time.", "story_ids")
    # What an approval's handlers read (consents, impact areas), loaded for all at once.
    stories = list(db.session.execute(scoped_query(user).where(Story.id.in_(ids)).options(
        selectinload(Story.consents), selectinload(Story.impact_areas))).scalars())
    if len(stories) != len(ids):
        raise NotFound("No such story.")
    for story in stories:
        moderate(user, story, decision, note)
    return len(stories)


def status_counts(user, story_filter: StoryFilter) -> dict[str, int]:
    """How many stories of each status the other filters show (one query)."""
    others = StoryFilter(**{**story_filter.__dict__, "status": None})
    inner = scoped_query(user, others).order_by(None).subquery()
    counts = dict(db.session.execute(db.select(inner.c.status, func.count())
                                     .group_by(inner.c.status)).all())
    return {status: counts.get(status, 0) for status in STORY_STATUSES}


def correct(user, story: Story, changes: dict[str, str]) -> int:
    """Fix typos; each changed field keeps its old value in the edit history."""
    changed = 0
    for field, value in changes.items():
        if field not in EDITABLE_FIELDS:
            raise DomainError("That field cannot be edited.", field)
        value = value.strip()
        if not storable(value):
            raise DomainError(UNSTORABLE_MESSAGE, field)
        if not plain_text(value):  # the story form's rule, the same function
            raise DomainError(MARKUP_MESSAGE, field)
        if len(value) > EDITABLE_LIMITS[field]:
            raise DomainError(f"Keep the {field} under {EDITABLE_LIMITS[field]:,} characters.",
                              field)
        old = getattr(story, field)
        if value and value != old:
            story.revisions.append(StoryRevision(editor_id=user.id, field=field,
                                                 old_value=old, new_value=value))
            setattr(story, field, value)
            changed += 1
    if changed:
        record_audit(user, "story.edited", "story", story.id, fields=changed)
    return changed


def shared_consent(story_id_column):
    """SQL: the story's author consented to sharing with legislators."""
    return db.select(StoryConsent.id).where(StoryConsent.story_id == story_id_column,
                                            StoryConsent.kind == "share").exists()


def published_stories(limit: int = 100) -> list[Story]:
    """Approved stories whose authors agreed to publication, newest first."""
    publish = db.select(StoryConsent.id).where(StoryConsent.story_id == Story.id,
                                               StoryConsent.kind == "publish").exists()
    return list(db.session.execute(
        db.select(Story).where(Story.status == "approved", publish)
        .order_by(Story.moderated_at.desc()).limit(limit)
    ).scalars())


def first_name(full_name: str) -> str:
    """What is shown publicly and in letters: the first name only."""
    return (full_name.split() or [""])[0]
