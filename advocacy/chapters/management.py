"""Chapter management for organizers and admins: create, edit, assign, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..audit import record_audit
from ..errors import Conflict, DomainError, NotFound
from ..extensions import db
from ..geography import STATES
from ..weeks.timezones import is_valid_zone
from .models import Chapter, ChapterSignup, ChapterState


@dataclass(frozen=True)
class ChapterData:
    name: str
    slug: str
    states: list[str]
    description: str = ""
    contact_name: str = ""
    contact_email: str = ""
    coordinator_ids: tuple[int, ...] = ()
    timezone: str = ""  # empty: the first state's zone


def all_chapters() -> list[tuple[Chapter, int]]:
    """Every chapter with its sign-up count, by name (two queries)."""
    counts = dict(db.session.execute(db.select(ChapterSignup.chapter_id, func.count())
                                     .group_by(ChapterSignup.chapter_id)).all())
    chapters = db.session.execute(db.select(Chapter).options(
        selectinload(Chapter.states), selectinload(Chapter.coordinators))
        .order_by(Chapter.name)).scalars()
    return [(chapter, counts.get(chapter.id, 0)) for chapter in chapters]


def chapter_for_organizer(slug: str) -> Chapter:
    """Load-and-check: any chapter by slug; NotFound otherwise."""
    chapter = db.session.execute(db.select(Chapter).where(Chapter.slug == slug)
                                 ).scalar_one_or_none()
    if chapter is None:
        raise NotFound("No such chapter.")
    return chapter


def coordinator_choices() -> list[tuple[int, str]]:
    """(user id, label) of every active coordinator account."""
    users = db.session.execute(db.select(User).where(
        User.role == "coordinator", User.is_active.is_(True)).order_by(User.email)).scalars()
    return [(user.id, f"{user.display_name} <{user.email}>" if user.display_name
             else user.email) for user in users]


def chapter_choices() -> list[tuple[int, str]]:
    """(chapter id, name) of every chapter, by name."""
    rows = db.session.execute(db.select(Chapter.id, Chapter.name).order_by(Chapter.name))
    return [(chapter_id, name) for chapter_id, name in rows]


def set_coordinated_chapters(user: User, chapter_ids: list[int]) -> None:
    """The chapters ``user`` coordinates (DomainError naming an unknown id)."""
    wanted = sorted(set(chapter_ids))
    found = list(db.session.execute(
        db.select(Chapter).where(Chapter.id.in_(wanted))).scalars()) if wanted else []
    if len(found) != len(wanted):
        raise DomainError("Choose chapters from the list.", "chapters")
    user.chapters = found


def _apply(chapter: Chapter, data: ChapterData) -> None:
    unknown = set(data.states) - set(STATES)
    if unknown:
        raise DomainError(f"Unknown state: {', '.join(sorted(unknown))}.", "states")
    if not data.states:
        raise DomainError("Choose at least one state the chapter covers.", "states")
    taken = db.session.execute(db.select(Chapter.id).where(
        Chapter.slug == data.slug, Chapter.id != (chapter.id or 0))).first()
    if taken:
        raise Conflict("Another chapter already uses this address.", "slug")
    coordinators = list(db.session.execute(db.select(User).where(
        User.id.in_(data.coordinator_ids), User.role == "coordinator")).scalars())
    if len(coordinators) != len(set(data.coordinator_ids)):
        raise DomainError("Only coordinator accounts can be assigned.", "coordinators")
    chapter.name, chapter.slug = data.name, data.slug
    chapter.description, chapter.contact_name = data.description, data.contact_name
    chapter.contact_email = data.contact_email.lower()
    if data.timezone and not is_valid_zone(data.timezone):
        raise DomainError("Choose a time zone from the list.", "timezone")
    chapter.timezone = data.timezone or None
    wanted = sorted(set(data.states))
    if chapter.state_codes != wanted:
        chapter.states = [ChapterState(state=code) for code in wanted]
    chapter.coordinators = coordinators


def create_chapter(data: ChapterData, actor: User) -> Chapter:
    """A new chapter; Conflict if the slug is taken, DomainError for bad states."""
    chapter = Chapter(slug=data.slug, name=data.name)
    _apply(chapter, data)
    db.session.add(chapter)
    db.session.flush()
    record_audit(actor, "chapter.created", "chapter", chapter.id)
    return chapter


def update_chapter(chapter: Chapter, data: ChapterData, actor: User) -> Chapter:
    """Change a chapter's details, states and coordinators (audited)."""
    _apply(chapter, data)
    db.session.flush()
    record_audit(actor, "chapter.updated", "chapter", chapter.id,
                 coordinators=len(chapter.coordinators), states=len(chapter.states))
    return chapter


def delete_chapter(chapter: Chapter, actor: User) -> None:
    """Delete a chapter that nobody signed up with; Conflict otherwise (no data lost)."""
    signups = db.session.execute(db.select(func.count()).select_from(ChapterSignup).where(
        ChapterSignup.chapter_id == chapter.id)).scalar_one()
    if signups:
        who = "1 person has" if signups == 1 else f"{signups} people have"
        raise Conflict(f"{who} signed up with this chapter, so it cannot be deleted. "
                       "Download the sign-ups' CSV and move them first.", "delete")
    record_audit(actor, "chapter.deleted", "chapter", chapter.id, slug=chapter.slug)
    db.session.delete(chapter)
    db.session.flush()
