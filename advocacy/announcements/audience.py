"""Who an announcement can reach: the audiences of a week a staff member may use, and
the addresses in each (consenting, active, one row per address). Only reads the rows
of the features that own them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func

from ..accounts.models import User
from ..chapters.models import Chapter, ChapterSignup
from ..chapters.services import in_scope
from ..daily.models import DailySubscription
from ..errors import NotFound
from ..extensions import db
from ..policy import ORGANIZERS
from ..weeks.models import Day, LiveSession, SessionRegistration, Week

DAILY = "daily"


@dataclass(frozen=True)
class Audience:
    key: str
    label: str


def choices_for(user: User, week: Week) -> list[Audience]:
    """The audiences ``user`` may send to in ``week``: organizers every session's
    registrants, the daily email's subscribers and every chapter's sign-ups;
    coordinators their own chapters' sign-ups only."""
    found = []
    if user.role in ORGANIZERS:
        sessions = db.session.execute(
            db.select(LiveSession.id, LiveSession.title, LiveSession.starts_at)
            .join(Day, LiveSession.day_id == Day.id).where(Day.week_id == week.id)
            .order_by(LiveSession.starts_at)).all()
        found += [Audience(f"session:{sid}", f"Registrants of “{title}”")
                  for sid, title, _starts in sessions]
        found.append(Audience(DAILY, "Everyone who opted in to the daily email"))
    chapters = db.session.execute(in_scope(user, db.select(Chapter.id, Chapter.name))
                                  .order_by(Chapter.name)).all()
    found += [Audience(f"chapter:{cid}", f"Sign-ups of {name}") for cid, name in chapters]
    return found


def check(user: User, week: Week, key: str) -> Audience:
    """Load-and-check: the audience if ``user`` may send to it; NotFound otherwise
    (another chapter's sign-ups, a session of another week)."""
    for audience in choices_for(user, week):
        if audience.key == key:
            return audience
    raise NotFound("No such audience.")


def _statement(week_id: int, key: str):
    """SELECT (email, the row's kind, its id) of an audience: who is in it now. Each
    message is about that row, so erasing the person's row (and its messages) erases
    the announcement's copy too, and their export lists it."""
    if key == DAILY:
        return (db.select(DailySubscription.email, db.literal("daily_subscription"),
                          DailySubscription.id)
                .where(DailySubscription.week_id == week_id,
                       DailySubscription.confirmed_at.is_not(None),
                       DailySubscription.stopped_at.is_(None)))
    kind, _, ident = key.partition(":")
    if kind == "session" and ident.isdigit():
        return (db.select(SessionRegistration.email, db.literal("registration"),
                          SessionRegistration.id)
                .join(LiveSession, SessionRegistration.session_id == LiveSession.id)
                .join(Day, LiveSession.day_id == Day.id)
                .where(SessionRegistration.session_id == int(ident), Day.week_id == week_id,
                       SessionRegistration.cancelled_at.is_(None)))
    if kind == "chapter" and ident.isdigit():
        return (db.select(ChapterSignup.email, db.literal("chapter_signup"), ChapterSignup.id)
                .where(ChapterSignup.chapter_id == int(ident)))
    raise NotFound("No such audience.")


def count(week_id: int, key: str) -> int:
    """How many addresses the audience holds now."""
    inner = _statement(week_id, key).subquery()
    return db.session.execute(db.select(func.count()).select_from(inner)).scalar_one()


def members(week_id: int, key: str, after: str = "", limit: int = 5000
            ) -> list[tuple[str, str, int]]:
    """A batch of the audience, (address, row kind, row id), by address after
    ``after``: the sender pages through a large audience without holding it all.
    (Every feature keeps addresses trimmed and lower-cased, one per session, chapter
    or week.)"""
    statement = _statement(week_id, key)
    email = statement.selected_columns[0]
    return [tuple(row) for row in db.session.execute(
        statement.where(email > after).order_by(email).limit(limit))]


def still_in(week_id: int, key: str, address: str) -> bool:
    """Whether ``address`` is still in the audience (checked when each message goes:
    a cancelled registration or a stopped daily email gets nothing)."""
    statement = _statement(week_id, key)
    email = statement.selected_columns[0]
    return db.session.execute(statement.with_only_columns(email).where(
        email == address).limit(1)).first() is not None
