"""Chapters: look-ups and the coordinator's scope."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func
from sqlalchemy.orm import selectinload

from ..accounts.models import FULL_ACCESS_ROLES
from ..errors import DomainError, NotFound
from ..extensions import db
from ..legislators.services import districts_for_zip
from ..mail import ledger
from .models import Chapter, ChapterSignup, ChapterState
from .zip_prefixes import state_for_zip


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


def in_scope(user, statement: Select) -> Select:
    """The coordinator scope, the one rule for every feature: ``statement`` (over
    chapters) limited to the chapters ``user`` coordinates; organizers and admins
    see every chapter."""
    if user.role in FULL_ACCESS_ROLES:
        return statement
    return statement.where(Chapter.coordinators.any(id=user.id))


def states_in_scope(user) -> set[str] | None:
    """The states of the chapters ``user`` works on; None means every state."""
    if user.role in FULL_ACCESS_ROLES:
        return None
    return set(db.session.execute(in_scope(user, (
        db.select(ChapterState.state).join(Chapter, Chapter.id == ChapterState.chapter_id)
    ))).scalars())


def chapters_in_scope(user) -> list[Chapter]:
    """The chapters ``user`` may work on: all for organizers and admins, else their own."""
    return list(db.session.execute(in_scope(user, (
        db.select(Chapter).options(selectinload(Chapter.states)).order_by(Chapter.name)
    ))).scalars())


def chapter_in_scope(user, slug: str) -> Chapter:
    """Load-and-check: the chapter if ``user`` may see it; NotFound (404) otherwise."""
    chapter = db.session.execute(in_scope(
        user, db.select(Chapter).where(Chapter.slug == slug))).scalar_one_or_none()
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


def states_for_zip(zip_code: str) -> list[str]:
    """The states a ZIP lies in: from the ZIP data when loaded, else its prefix."""
    pairs = districts_for_zip(zip_code)
    if pairs:
        return sorted({state for state, _ in pairs})
    state = state_for_zip(zip_code)
    return [state] if state else []


def directory(states: list[str] | None = None) -> list[Chapter]:
    """Chapters, those covering ``states`` first (then the rest, by name)."""
    chapters = list(db.session.execute(
        db.select(Chapter).options(selectinload(Chapter.states)).order_by(Chapter.name)
    ).scalars())
    if states:
        wanted = set(states)
        chapters.sort(key=lambda c: (not wanted & set(c.state_codes), c.name))
    return chapters


def public_chapter(slug: str) -> Chapter:
    """A chapter by slug for its public page; NotFound otherwise."""
    chapter = db.session.execute(
        db.select(Chapter).options(selectinload(Chapter.states)).where(Chapter.slug == slug)
    ).scalar_one_or_none()
    if chapter is None:
        raise NotFound("No such chapter.")
    return chapter


def chapter_by_id(chapter_id: int) -> Chapter:
    """A chapter by id; NotFound otherwise."""
    chapter = db.session.get(Chapter, chapter_id)
    if chapter is None:
        raise NotFound("No such chapter.")
    return chapter


def reassign_signups(source_id: int, target_id: int) -> None:
    """Move one participant's sign-ups to another (accounts merged at sign-in)."""
    db.session.execute(db.update(ChapterSignup).where(ChapterSignup.participant_id == source_id)
                       .values(participant_id=target_id))


def erase_signups(participant_id: int) -> None:
    """Delete the participant's chapter sign-ups (erase my data), and the ledger's
    rows about them."""
    ids = db.session.execute(db.select(ChapterSignup.id).where(
        ChapterSignup.participant_id == participant_id)).scalars().all()
    ledger.forget("chapter_signup", list(ids))
    db.session.execute(db.delete(ChapterSignup)
                       .where(ChapterSignup.participant_id == participant_id))


def export_of(participant_id: int) -> dict:
    """The participant's chapter sign-ups, as plain data."""
    signups = db.session.execute(db.select(ChapterSignup).where(
        ChapterSignup.participant_id == participant_id)).scalars()
    return {"chapter_signups": [{"chapter_id": s.chapter_id, "name": s.name, "email": s.email,
                                 "phone": s.phone, "zip": s.zip} for s in signups]}


def chapter_names_for_state(state: str | None) -> list[str]:
    """The names of the chapters covering ``state`` ([] when none does)."""
    if not state:
        return []
    return list(db.session.execute(
        db.select(Chapter.name).join(ChapterState, ChapterState.chapter_id == Chapter.id)
        .where(ChapterState.state == state).order_by(Chapter.name)).scalars())


def states_with_chapters():
    """A SELECT of the states some chapter covers."""
    return db.select(ChapterState.state).distinct()
