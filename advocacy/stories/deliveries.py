"""Deliveries of letters to legislators: which stories went to whom, how and when.

A delivery is recorded per letter (one legislator); the stories that letter held are
marked delivered to that legislator, so the next default export leaves them out. A
story's delivery rows go with the story when its author erases their data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, case, func, insert

from ..audit import record_audit
from ..csvutil import stream_csv
from ..database import one_at_a_time, utcnow
from ..errors import DomainError
from ..extensions import db
from .models import DELIVERY_METHODS, DeliveredStory, LetterDelivery, Story

NOTE_LIMIT = 2000


def delivered_to(recipient_key: str, story_id_column):
    """SQL: the story was delivered to the legislator keyed ``recipient_key``."""
    return db.select(DeliveredStory.story_id).where(
        DeliveredStory.story_id == story_id_column,
        DeliveredStory.recipient_key == recipient_key).exists()


def delivered_counts(stories: Select, keys: list[str]) -> dict[str, int]:
    """Per legislator key, how many of ``stories`` were delivered to them."""
    if not keys:
        return {}
    # Driven by the stories (IN the chosen ids); a WHERE on the 540 keys made SQLite walk
    # the key index and test each row against the subquery: 19 s at 100,000 stories.
    chosen = stories.with_only_columns(Story.id).order_by(None)
    rows = db.session.execute(
        db.select(DeliveredStory.recipient_key, func.count(func.distinct(DeliveredStory.story_id)))
        .where(DeliveredStory.story_id.in_(chosen))
        .group_by(DeliveredStory.recipient_key))
    wanted = set(keys)
    return {key: number for key, number in rows if key in wanted}


def fully_delivered(stories: Select, keys: list[str],
                    recipients_of: Callable[[str, int | None], int]) -> int:
    """How many of ``stories`` were delivered to every legislator they go to (of
    ``keys``; ``recipients_of(state, district)`` says how many there are)."""
    if not keys:
        return 0
    chosen = stories.with_only_columns(Story.id).order_by(None)
    current = case((DeliveredStory.recipient_key.in_(keys), DeliveredStory.recipient_key))
    per_story = (db.select(Story.state, Story.district,
                           func.count(func.distinct(current)).label("n"))
                 .join(Story, Story.id == DeliveredStory.story_id)
                 .where(DeliveredStory.story_id.in_(chosen))
                 .group_by(DeliveredStory.story_id, Story.state, Story.district)).subquery()
    rows = db.session.execute(db.select(per_story.c.state, per_story.c.district, per_story.c.n,
                                        func.count())
                              .group_by(per_story.c.state, per_story.c.district, per_story.c.n))
    return sum(number for state, district, reached, number in rows
               if reached >= recipients_of(state, district) > 0)


@dataclass(frozen=True)
class DeliveryRecord:
    method: str
    delivered_at: datetime
    note: str = ""
    redeliver: bool = False


def record(user, recipient, held: list[int], in_letter: set[int], data: DeliveryRecord
           ) -> LetterDelivery:
    """Record that the letter to ``recipient`` holding the stories ``held`` (ids the
    coordinator saw) was delivered; ``in_letter`` is what that letter may quote now.
    DomainError if the letter changed, a story was delivered to them before (unless
    ``redeliver``), or a field is wrong."""
    if data.method not in DELIVERY_METHODS:
        raise DomainError("Choose how the letter was delivered.", "method")
    now = utcnow()
    when = data.delivered_at if data.delivered_at.tzinfo else \
        data.delivered_at.replace(tzinfo=UTC)
    if when > now + timedelta(days=1) or when.year < 2000:
        raise DomainError("Give the day the letter was delivered (not in the future).",
                          "delivered_at")
    if len(data.note) > NOTE_LIMIT:
        raise DomainError(f"Keep the note under {NOTE_LIMIT:,} characters.", "note")
    stories = sorted(set(held))
    if not stories:
        raise DomainError("This letter holds no story: there is nothing to record.", "method")
    gone = [story for story in stories if story not in in_letter]
    if gone:
        raise DomainError(f"The letter changed since it was opened ({len(gone)} of its "
                          "stories can no longer be sent): open it again and check it.",
                          "method")
    # Two deliveries to one legislator at once: the second sees the first's stories.
    one_at_a_time(db.session, f"letters.delivery:{recipient.key}")
    before = db.session.execute(db.select(func.count(func.distinct(DeliveredStory.story_id)))
                                .where(DeliveredStory.recipient_key == recipient.key,
                                       DeliveredStory.story_id.in_(stories))).scalar_one()
    if before and not data.redeliver:
        raise DomainError(f"{before} of these {len(stories)} stories were already delivered "
                          f"to {recipient.full_name}. Tick “deliver again” to record it "
                          "anyway.", "redeliver")
    delivery = LetterDelivery(recipient_key=recipient.key, recipient_name=recipient.full_name,
                              chamber=recipient.chamber, state=recipient.state,
                              district=recipient.district, method=data.method,
                              delivered_at=when, recorded_by_id=user.id,
                              note=data.note.strip())
    db.session.add(delivery)
    db.session.flush()
    for start in range(0, len(stories), 5000):
        db.session.execute(insert(DeliveredStory), [
            {"delivery_id": delivery.id, "story_id": story, "recipient_key": recipient.key}
            for story in stories[start:start + 5000]])
    record_audit(user, "letters.delivered", "letter_deliveries", delivery.id,
                 recipient=recipient.key, method=data.method, stories=len(stories),
                 redelivered=before)
    return delivery


def history(recipient_key: str, limit: int = 50) -> list[tuple[LetterDelivery, int]]:
    """The latest deliveries to one legislator, each with its number of stories."""
    held = (db.select(func.count()).where(DeliveredStory.delivery_id == LetterDelivery.id)
            .scalar_subquery())
    return list(db.session.execute(
        db.select(LetterDelivery, held).where(LetterDelivery.recipient_key == recipient_key)
        .order_by(LetterDelivery.delivered_at.desc(), LetterDelivery.id.desc())
        .limit(limit)).all())


def summaries(keys: list[str]) -> dict[str, tuple[int, datetime | None]]:
    """Per legislator key: stories delivered to them, and the last delivery's time."""
    if not keys:
        return {}
    delivered = dict(db.session.execute(
        db.select(DeliveredStory.recipient_key, func.count(func.distinct(DeliveredStory.story_id)))
        .where(DeliveredStory.recipient_key.in_(keys)).group_by(DeliveredStory.recipient_key)
    ).all())
    last = dict(db.session.execute(
        db.select(LetterDelivery.recipient_key, func.max(LetterDelivery.delivered_at))
        .where(LetterDelivery.recipient_key.in_(keys)).group_by(LetterDelivery.recipient_key)
    ).all())
    return {key: (delivered.get(key, 0), _aware(last.get(key))) for key in keys}


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=UTC)  # SQLite's max() gives the naive stored value


def deliveries_csv(states: set[str] | None) -> Iterator[str]:
    """Every delivery to the legislators of ``states`` (None: all) as CSV rows, newest
    first, with the ids of the stories each held."""
    from ..accounts.models import User

    held = (db.select(func.count()).where(DeliveredStory.delivery_id == LetterDelivery.id)
            .scalar_subquery())
    statement = (db.select(LetterDelivery, User.email, held)
                 .outerjoin(User, User.id == LetterDelivery.recorded_by_id)
                 .order_by(LetterDelivery.delivered_at.desc(), LetterDelivery.id.desc()))
    if states is not None:
        statement = statement.where(LetterDelivery.state.in_(sorted(states) or [""]))

    def rows():
        for delivery, recorder, count in db.session.execute(
                statement.execution_options(yield_per=500)):
            story_ids = db.session.execute(db.select(DeliveredStory.story_id).where(
                DeliveredStory.delivery_id == delivery.id).order_by(DeliveredStory.story_id)
            ).scalars().all()
            yield [_aware(delivery.delivered_at).isoformat(timespec="minutes"),
                   delivery.recipient_name, delivery.recipient_key, delivery.chamber,
                   delivery.state, "" if delivery.district is None else delivery.district,
                   DELIVERY_METHODS.get(delivery.method, delivery.method), recorder or "",
                   count, " ".join(map(str, story_ids)), delivery.note]
    return stream_csv(["delivered_at", "legislator", "legislator_id", "chamber", "state",
                       "district", "method", "recorded_by", "stories", "story_ids", "note"],
                      rows())


def forget_stories(story_ids: list[int]) -> None:
    """Remove erased stories from every delivery record."""
    for start in range(0, len(story_ids), 500):
        db.session.execute(db.delete(DeliveredStory).where(
            DeliveredStory.story_id.in_(story_ids[start:start + 500])))
