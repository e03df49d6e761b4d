"""Chapters: look-ups and the coordinator's scope."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..errors import DomainError, NotFound
from ..extensions import db
from .models import Chapter, ChapterSignup

FULL_ACCESS_ROLES = ("organizer", "admin")


def chapters_by_slugs(slugs: Iterable[str]) -> list[Chapter]:
    """The chapters named by ``slugs``; DomainError naming any unknown one."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return []
    found = db.session.execute(db.select(Chapter).where(Chapter.slug.in_(slugs))).scalars().all()
    missing = set(slugs) - {chapter.slug for chapter in found}
    if missing:
        raise DomainError(f"Unknown chapter: {', '.join(sorted(missing))}.", "chapter")
    return list(found)


def chapters_in_scope(user) -> list[Chapter]:
    """The chapters ``user`` may work on: all for organizers and admins, else their own."""
    statement = db.select(Chapter).options(selectinload(Chapter.states)).order_by(Chapter.name)
    if user.role not in FULL_ACCESS_ROLES:
        statement = statement.where(Chapter.coordinators.any(id=user.id))
    return list(db.session.execute(statement).scalars())


def chapter_in_scope(user, slug: str) -> Chapter:
    """Load-and-check: the chapter if ``user`` may see it; NotFound (404) otherwise."""
    statement = db.select(Chapter).where(Chapter.slug == slug)
    if user.role not in FULL_ACCESS_ROLES:
        statement = statement.where(Chapter.coordinators.any(id=user.id))
    chapter = db.session.execute(statement).scalar_one_or_none()
    if chapter is None:
        raise NotFound("No such chapter.")
    return chapter


def signup_counts(chapter_ids: list[int]) -> dict[int, int]:
    """Sign-ups per chapter id, in one query."""
    if not chapter_ids:
        return {}
    rows = db.session.execute(
        db.select(ChapterSignup.chapter_id, func.count())
        .where(ChapterSignup.chapter_id.in_(chapter_ids))
        .group_by(ChapterSignup.chapter_id)
    )
    return {chapter_id: count for chapter_id, count in rows}
