"""Story submission: district from the ZIP, consents with their policy version."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, insert

from .. import signals
from ..database import utcnow
from ..errors import DomainError
from ..extensions import db
from ..legislators import services as legislators
from ..mail import ledger
from ..textrules import MARKUP_MESSAGE, plain_text
from . import deliveries
from .messages import queue_receipt
from .models import CONSENT_KINDS, IMPACT_AREAS, Story, StoryConsent, StoryImpactArea

CONSENT_POLICY_VERSION = "2026-11"


class DistrictChoiceNeeded(DomainError):
    """The ZIP spans several districts: the advocate must pick one."""

    def __init__(self, districts: list[int]):
        super().__init__("Your ZIP code is in more than one congressional district: "
                         "choose yours.", "district")
        self.districts = districts


@dataclass
class StoryData:
    author_name: str
    email: str
    library: str
    city: str
    state: str
    zip: str
    title: str
    body: str
    impact_areas: list[str]
    consents: set[str] = field(default_factory=set)
    district: int | None = None


@dataclass(frozen=True)
class Placement:
    district: int | None
    notice: str | None


def place(state: str, zip_code: str, chosen: int | None) -> Placement:
    """The congressional district of a ZIP, checked against the state.

    Raises DomainError for a ZIP in another state, DistrictChoiceNeeded for a
    split ZIP without a valid choice. Without ZIP data, or for an unknown ZIP,
    the story keeps the state only, with a notice."""
    pairs, data_loaded = legislators.zip_lookup(zip_code)
    if not pairs:
        notice = ("We could not find your district from this ZIP code; your story is "
                  "filed under your state.") if data_loaded else None
        return Placement(None, notice)
    in_state = sorted({district for s, district in pairs if s == state})
    if not in_state:
        states = ", ".join(sorted({s for s, _ in pairs}))
        raise DomainError(f"ZIP code {zip_code[:5]} is in {states}, not {state}: "
                          "please check both.", "zip")
    if len(in_state) == 1:
        return Placement(in_state[0], None)
    if chosen in in_state:
        return Placement(chosen, None)
    raise DistrictChoiceNeeded(in_state)


@dataclass(frozen=True)
class DistrictLookup:
    """What "Find my district" tells before the story is sent: the districts the ZIP
    lies in (with each one's representative), and who the story would go to."""

    districts: list[tuple[int, str]]  # (district, "NY-20 — Rep. Paul Tonko")
    recipients: list[str]  # "Rep. Paul Tonko", "Sen. …" (one district known)
    problem: str | None = None


def _district_label(state: str, district: int) -> str:
    place = f"{state}-{district:02d}" if district else f"{state} at-large"
    reps = [m.official_name for m in legislators.members_for(state, district)
            if m.chamber == "house"]
    return f"{place} — Rep. {reps[0]}" if reps else place


def find_district(state: str, zip_code: str, chosen: int | None = None) -> DistrictLookup:
    """The districts of a ZIP in ``state`` and, when one is known, its members of
    Congress (nothing is saved)."""
    try:
        placement = place(state, zip_code, chosen)
    except DistrictChoiceNeeded as error:
        return DistrictLookup([(d, _district_label(state, d)) for d in error.districts], [])
    except DomainError as error:
        return DistrictLookup([], [], error.message)
    members = legislators.members_for(state, placement.district)
    return DistrictLookup(
        [(placement.district, _district_label(state, placement.district))]
        if placement.district is not None else [],
        [("Sen. " if m.chamber == "senate" else "Rep. ") + m.official_name for m in members],
        placement.notice)


def district_choices(state: str, districts: list[int]) -> list[tuple[str, str]]:
    """Radio choices naming each district's representative."""
    return [(str(d), _district_label(state, d)) for d in districts]


@dataclass(frozen=True)
class Submitted:
    story_id: int
    notice: str | None


def submit(data: StoryData, participant_id: int | None, week_id: int | None,
           placement: Placement) -> Submitted:
    """Check and save a story with its impact areas and consents. ``placement`` is what
    ``place`` gave for its state, ZIP and district: asked first, since it reads only
    reference data, before the write transaction starts (and a refusal starts none).

    Written as plain INSERTs, everything prepared before the first: on SQLite the
    write lock is held from the first statement to the commit, so nothing else runs
    between them."""
    unknown = set(data.impact_areas) - set(IMPACT_AREAS)
    if unknown:
        raise DomainError("Choose impact areas from the list.", "impact_areas")
    for name in ("author_name", "library", "city", "title", "body"):
        if not plain_text(getattr(data, name)):  # the form says so too; one rule
            raise DomainError(MARKUP_MESSAGE, name)
    now, email = utcnow(), data.email.lower()
    story = {"author_name": data.author_name, "email": email, "library": data.library,
             "city": data.city, "state": data.state, "zip": data.zip[:5], "title": data.title,
             "body": data.body.replace("\r\n", "\n"), "district": placement.district,
             "participant_id": participant_id, "week_id": week_id, "status": "pending",
             "created_at": now, "updated_at": now}
    areas = list(dict.fromkeys(data.impact_areas))
    consents = [kind for kind in CONSENT_KINDS if kind in data.consents]
    duplicate = db.session.execute(_DUPLICATE, {"email": email, "title": data.title,
                                                "body": story["body"]}).first()
    if duplicate:
        raise DomainError("You have already shared this story: thank you! "
                          "Change it to share another.", "body")
    story_id = db.session.execute(_INSERT_STORY, story).scalar_one()
    if areas:
        db.session.execute(_INSERT_AREAS,
                           [{"story_id": story_id, "area": area} for area in areas])
    if consents:
        db.session.execute(_INSERT_CONSENTS, [
            {"story_id": story_id, "kind": kind, "policy_version": CONSENT_POLICY_VERSION,
             "granted_at": now} for kind in consents])
    signals.story_submitted.send(story_id, participant_id=participant_id, week_id=week_id)
    queue_receipt(story_id, email)
    return Submitted(story_id, placement.notice)


# Built once: every story is checked and written by these.
# Plain Core on the tables: the ORM's bulk-insert path costs more than the rows.
_STORIES = Story.__table__
_DUPLICATE = db.select(_STORIES.c.id).where(
    _STORIES.c.email == bindparam("email"), _STORIES.c.title == bindparam("title"),
    _STORIES.c.body == bindparam("body")).limit(1)
_INSERT_STORY = insert(_STORIES).returning(_STORIES.c.id)
_INSERT_AREAS = insert(StoryImpactArea.__table__)
_INSERT_CONSENTS = insert(StoryConsent.__table__)


def reassign_stories(source_id: int, target_id: int) -> None:
    """Move one participant's stories to another (accounts merged at sign-in)."""
    db.session.execute(db.update(Story).where(Story.participant_id == source_id)
                       .values(participant_id=target_id))


def erase_stories(participant_id: int) -> None:
    """Delete the participant's stories (erase my data), and the ledger's rows about them."""
    ids = db.session.execute(db.select(Story.id).where(
        Story.participant_id == participant_id)).scalars().all()
    ledger.forget("story", list(ids))
    deliveries.forget_stories(list(ids))
    db.session.execute(db.delete(Story).where(Story.participant_id == participant_id))


def export_of(participant_id: int) -> dict:
    """The participant's stories, as plain data."""
    stories = db.session.execute(db.select(Story).where(
        Story.participant_id == participant_id)).scalars()
    return {"stories": [{"title": s.title, "body": s.body, "name": s.author_name,
                         "email": s.email, "status": s.status} for s in stories]}


def pending_count(states: list[str]) -> int:
    """Stories from ``states`` waiting for moderation."""
    return db.session.execute(db.select(func.count()).select_from(Story).where(
        Story.state.in_(states or [""]), Story.status == "pending")).scalar_one()
