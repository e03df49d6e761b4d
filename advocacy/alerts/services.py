"""Who gets which alert: each staff member's choices per scope (a chapter they
coordinate; for organizers, the states without a chapter), and the recipients of an
alert in a scope. Reads the chapters' tables, writes only its own."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func

from ..accounts.models import User
from ..chapters.models import Chapter, ChapterState, chapter_coordinators
from ..database import dialect_insert
from ..errors import DomainError, NotFound
from ..extensions import db
from ..mail.models import address_hash
from ..policy import ORGANIZERS, STAFF
from .models import (
    DEFAULTS,
    FOLLOW_UP_CHOICES,
    NO_CHAPTER,
    SIGNUP_CHOICES,
    STORY_CHOICES,
    AlertSetting,
)

CHOICES = {"stories": STORY_CHOICES, "signups": SIGNUP_CHOICES,
           "follow_ups": FOLLOW_UP_CHOICES}


@dataclass(frozen=True)
class Scope:
    """What a set of choices is about: a chapter, or the states without one."""

    key: str
    label: str
    chapter: Chapter | None

    @property
    def zone(self) -> str:
        return self.chapter.zone if self.chapter else current_app.config["ALERTS_TIMEZONE"]


@dataclass(frozen=True)
class Choices:
    stories: str
    signups: str
    follow_ups: str


def no_chapter_scope() -> Scope:
    return Scope(NO_CHAPTER, "States without a chapter", None)


def scopes_of(user: User) -> list[Scope]:
    """The scopes ``user`` can get alerts about: coordinators their own chapters,
    organizers and admins the states that have no chapter."""
    if user.role in ORGANIZERS:
        return [no_chapter_scope()]
    if user.role not in STAFF:
        return []
    return [Scope(str(chapter.id), chapter.name, chapter)
            for chapter in sorted(user.chapters, key=lambda chapter: chapter.name)]


def choices_of(user: User) -> list[tuple[Scope, Choices]]:
    """Each scope of ``user`` with its choices (the defaults where none were saved)."""
    saved = {row.scope: row for row in db.session.execute(
        db.select(AlertSetting).where(AlertSetting.user_id == user.id)).scalars()}
    found = []
    for scope in scopes_of(user):
        row = saved.get(scope.key)
        found.append((scope, Choices(row.stories, row.signups, row.follow_ups) if row
                      else Choices(**DEFAULTS)))
    return found


def save_choices(user: User, scope_key: str, stories: str, signups: str,
                 follow_ups: str) -> None:
    """Save ``user``'s choices for one of their scopes (NotFound for a scope that is not
    theirs: another chapter's, say; DomainError for a choice not on the list)."""
    if scope_key not in {scope.key for scope in scopes_of(user)}:
        raise NotFound("No such chapter.")
    wanted = {"stories": stories, "signups": signups, "follow_ups": follow_ups}
    for name, value in wanted.items():
        if value not in CHOICES[name]:
            raise DomainError("Choose from the list.", name)
    # One row per (user, scope) whatever arrives at once: insert if missing, then set.
    db.session.execute(dialect_insert(db.engine.dialect.name)(AlertSetting).values(
        user_id=user.id, scope=scope_key, **wanted
    ).on_conflict_do_nothing(index_elements=["user_id", "scope"]))
    db.session.execute(db.update(AlertSetting).where(
        AlertSetting.user_id == user.id, AlertSetting.scope == scope_key).values(**wanted))


def chapters_of_state(state: str | None) -> list[int]:
    """The chapters covering ``state`` (none: it is a state without a chapter)."""
    if not state:
        return []
    return list(db.session.execute(db.select(ChapterState.chapter_id).where(
        ChapterState.state == state)).scalars())


def recipients(scope_key: str, kind: str, choice: str) -> list[tuple[int, str]]:
    """(user id, email) of the active staff of ``scope_key`` whose ``kind`` choice is
    ``choice`` (a missing row counting as the default)."""
    column = getattr(AlertSetting, kind)
    chosen = func.coalesce(column, DEFAULTS[kind]) == choice
    statement = (db.select(User.id, User.email)
                 .outerjoin(AlertSetting, (AlertSetting.user_id == User.id)
                            & (AlertSetting.scope == scope_key))
                 .where(User.is_active.is_(True), chosen))
    if scope_key == NO_CHAPTER:
        statement = statement.where(User.role.in_(sorted(ORGANIZERS)))
    else:
        statement = statement.join(chapter_coordinators, chapter_coordinators.c.user_id == User.id
                                   ).where(chapter_coordinators.c.chapter_id == int(scope_key),
                                           User.role == "coordinator")
    return [(user_id, email) for user_id, email in db.session.execute(statement.order_by(User.id))]


def scope_of(user: User, scope_key: str) -> Scope | None:
    """``user``'s scope by key, if it is still theirs."""
    return next((scope for scope in scopes_of(user) if scope.key == scope_key), None)


def all_scopes() -> list[Scope]:
    """Every chapter, and the states without one (for the digest sweep)."""
    chapters = db.session.execute(db.select(Chapter).order_by(Chapter.id)).scalars()
    return [*(Scope(str(chapter.id), chapter.name, chapter) for chapter in chapters),
            no_chapter_scope()]


def scope_states(scope: Scope):
    """A condition on a ``state`` column: in the scope's chapter, or in no chapter."""
    covered = db.select(ChapterState.state)
    if scope.chapter is None:
        return lambda column: column.not_in(covered)
    return lambda column: column.in_(covered.where(ChapterState.chapter_id == scope.chapter.id))


def is_staff_address(hashed: str) -> bool:
    """Whether the address with this hash is an active staff account's (the email
    settings page then shows the alerts' switch)."""
    emails = db.session.execute(db.select(User.email).where(
        User.role.in_(sorted(STAFF)), User.is_active.is_(True))).scalars()
    return any(address_hash(email) == hashed for email in emails)
