"""What the fuzzer sends to each form: per field, a value likely to be valid or junk.

Every spec names the page it posts to, who posts, its fields' strategies, and (for
forms whose rows can be found again) a ``stored`` query giving what was saved for a
field, so a valid submission can be checked to round-trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st
from sqlalchemy import select

from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.checklists.models import MeetingReport
from advocacy.extensions import db
from advocacy.stories.models import LetterTemplate, Story
from advocacy.weeks.models import Day, SessionRegistration

JUNK = st.one_of(
    st.text(max_size=40),  # arbitrary Unicode, control characters included
    # overlong (built, not drawn character by character: drawing 7,000 is slow)
    st.builds(lambda piece, n: (piece or "é") * n, st.text(max_size=5), st.integers(1001, 1500)),
    st.integers().map(str), st.floats().map(str),  # wrong types
    st.just(""), st.sampled_from(["null", "[]", "{}", "true", "\x00", "%00", "<b>", "../"]),
)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
               max_size=60).filter(lambda v: v.strip() and "<" not in v)
EMAIL = st.from_regex(r"[a-z]{1,12}\.[a-z0-9]{1,8}@example\.org", fullmatch=True)


def sometimes(valid) -> st.SearchStrategy:
    """Valid, junk, missing (None) or sent two or three times."""
    one = st.one_of(valid, JUNK)
    return st.one_of(one, one, st.none(), st.lists(one, min_size=2, max_size=3))


def submissions(fields: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Half the time every field valid (to round-trip), else each field fuzzed."""
    return st.one_of(st.fixed_dictionaries(fields),
                     st.fixed_dictionaries({k: sometimes(v) for k, v in fields.items()}))


@dataclass
class Spec:
    url: str
    role: str
    fields: dict[str, st.SearchStrategy]
    # field → (data → stored value) for the round trip; ``None`` when not checked.
    stored: tuple[str, Callable[[dict], object]] | None = None
    # A field whose repeated value makes the form keep the first submission (then no
    # round trip is expected: registering twice changes nothing).
    keeps_first: str | None = None


def _latest(column):
    return lambda data: db.session.execute(select(column).order_by(column.class_.id.desc())
                                           ).scalars().first()


def specs(samples: dict) -> dict[str, Spec]:
    week, day = samples["week_slug"], samples["day"]
    return {
        "story": Spec("/stories/new", "anonymous", {
            "author_name": (TEXT), "email": (EMAIL),
            "library": (TEXT), "city": (TEXT),
            "state": (st.sampled_from(["NY", "CA", "AL"])),
            "zip": (st.sampled_from(["12207", "10001", "35005"])),
            "impact_areas": (st.sampled_from(["connectivity", "jobs"])),
            "title": (TEXT), "body": (TEXT.map(lambda t: (t + " ") * 9)),
            "consent_share": (st.just("y"))},
            ("title", _latest(Story.title))),
        "signup": Spec("/chapters/new-york", "anonymous", {
            "name": (TEXT), "email": (EMAIL),
            "zip": (st.sampled_from(["10001", "12207-1234"])),
            "phone": (st.sampled_from(["", "(202) 555-0143", "+44 20 7946 0958"])),
            "interests": (st.sampled_from(["share_stories", "host_events"])),
            "consent": (st.just("y"))},
            ("name", lambda data: db.session.execute(select(ChapterSignup.name).where(
                ChapterSignup.email == _first(data["email"]).strip().lower())).scalar())),
        "registration": Spec(f"/sessions/{samples['session_id']}/register", "anonymous", {
            "name": (TEXT), "email": (EMAIL),
            "reminders": (st.just("y"))},
            ("name", lambda data: db.session.execute(select(SessionRegistration.name).where(
                SessionRegistration.email == _first(data["email"]).strip().lower())).scalar()),
            keeps_first="email"),
        "meeting": Spec(f"/weeks/{week}/meetings/new", "anonymous", {
            "legislator_name": (TEXT),
            "meeting_date": (st.sampled_from(["2026-05-05", "2026-11-01"])),
            "format": (st.sampled_from(["in_person", "video", "phone"])),
            "attendees": (TEXT), "notes": (TEXT),
            "follow_up": (st.just("y")), "contact_name": (TEXT), "contact_email": (EMAIL),
            "contact_phone": (st.sampled_from(["(202) 555-0143", "", "12"])),
            "contact_consent": (st.just("y"))},
            ("notes", _latest(MeetingReport.notes))),
        "call": Spec(f"/weeks/{week}/actions/{samples['call_action_id']}/call", "anonymous", {
            "outcome": (st.sampled_from(["talked", "voicemail", "no_answer"]))}),
        "tick": Spec(f"/weeks/{week}/{day}/actions/{samples['action_id']}/tick", "anonymous",
                     {"done": (st.sampled_from(["0", "1"]))}),
        "login": Spec("/login", "anonymous", {
            "email": (EMAIL), "password": (TEXT),
            "next": (st.sampled_from(["/my/", "//evil.example", "https://x.example"]))}),
        "claim": Spec("/my/claim", "anonymous", {
            "email": (EMAIL), "password": (TEXT), "confirm": (TEXT)}),
        "week": Spec(f"/organize/weeks/{week}/edit", "organizer", {
            "title": (TEXT), "slug": (st.just(week)),
            "summary": (TEXT), "timezone": (st.sampled_from(
                ["America/New_York", "Europe/Paris", "Mars/Olympus"])),
            "start_date": (st.just(str(samples["week_start"]))),
            "end_date": (st.just(str(samples["week_end"]))),
            "hotline": (st.sampled_from(["202-403-8221", ""])),
            "partners": (TEXT)}),
        "day": Spec(f"/organize/weeks/{week}/days/{samples['day_id']}/edit", "organizer", {
            "title": (TEXT), "summary": (TEXT)},
            ("title", lambda data: db.session.get(Day, samples["day_id"]).title)),
        "session": Spec(f"/organize/weeks/{week}/sessions/new", "organizer", {
            "title": (TEXT), "starts_local": (st.just(f"{day}T16:00")),
            "duration_minutes": (st.sampled_from(["60", "5", "601"])),
            "host": (TEXT), "description": (TEXT),
            "registration_mode": (st.sampled_from(["internal", "none", "external"])),
            "capacity": (st.sampled_from(["100", "0"])),
            "registration_url": (st.sampled_from(["", "https://example.org/r"]))}),
        "action": Spec(f"/organize/weeks/{week}/actions/new", "organizer", {
            "day_id": (st.just(str(samples["day_id"]))), "title": (TEXT),
            "instructions": (TEXT), "minutes": (st.sampled_from(["5", "15", "30"])),
            "kind": (st.just("link")), "target": (st.just("https://example.org/act"))}),
        "clone": Spec(f"/organize/weeks/{week}/clone", "organizer", {
            "title": (TEXT), "slug": (st.from_regex(r"[a-z]{3,12}", fullmatch=True)),
            "start_date": (st.just("2028-05-01"))}),
        "chapter": Spec("/organize/chapters/new", "organizer", {
            "name": (TEXT), "slug": (st.from_regex(r"[a-z]{3,12}", fullmatch=True)),
            "states": (st.sampled_from(["VT", "NH", "XX"])),
            "description": (TEXT), "contact_name": (TEXT),
            "contact_email": (EMAIL)},
            ("name", lambda data: db.session.execute(select(Chapter.name).where(
                Chapter.slug == _first(data["slug"]).strip())).scalar())),
        "letters": Spec("/organize/letters/", "organizer", {
            "intro": (TEXT), "closing": (TEXT)},
            ("intro", lambda data: db.session.execute(select(LetterTemplate.intro)).scalar())),
        "moderate": Spec(f"/coordinate/stories/{samples['story_id']}/moderate", "coordinator",
                         {"decision": (st.sampled_from(["approve", "reject"])),
                          "note": (TEXT)}),
        "correct": Spec(f"/coordinate/stories/{samples['story_id']}/edit", "coordinator", {
            "title": (TEXT), "city": (TEXT)}),
        "webhook": Spec("/coordinate/chapters/new-york/webhook", "coordinator", {
            "url": (st.sampled_from(["http://127.0.0.1:9/h", "ftp://x", ""])),
            "new_secret": (st.just("y"))}),
    }


def _first(value):
    return value[0] if isinstance(value, list) else value
