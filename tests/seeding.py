"""A database with something in every table a page can show, made through the real forms.

Used by the crawl, the XSS and the log-canary tests: ``seed_everything`` fills the
free-text fields with ``text(field_name)`` so a test can choose what goes in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import MetaData, select

from advocacy.extensions import db

from .conftest import PASSWORD, login, submit

DEMO_START = date(2026, 5, 4)


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table (but Alembic's), in primary-key order."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    rows = {}
    with db.engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            if name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows[name] = [tuple(map(repr, row)) for row in
                          connection.execute(select(table).order_by(*order))]
    return rows


@dataclass
class Seeded:
    """What was made: URL samples, signed-in clients by role, and the participant's client."""

    samples: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    emails: dict = field(default_factory=dict)


def seed_everything(app, text: Callable[[str], str] = lambda name: name,
                    email: str = "ada@example.org", zip_code: str = "12207",
                    phone: str = "(202) 555-0143") -> Seeded:
    """Demo week and chapters, staff of every role, and one advocate who registers,
    ticks, calls, reports a meeting, shares a story and signs up with a chapter."""
    from advocacy.accounts.services import create_user
    from advocacy.chapters.services import chapters_by_slugs
    from advocacy.demo.loader import load_demo_chapters, load_demo_week
    from advocacy.stories.models import Story

    seeded = Seeded()
    with app.app_context():
        week = load_demo_week(DEMO_START)
        load_demo_chapters()
        week.status = "published"
        for role in ("coordinator", "organizer", "admin"):
            user = create_user(f"{role}@example.org", PASSWORD, role, display_name=text("display"))
            if role == "coordinator":
                user.chapters = chapters_by_slugs(["new-york"])
            seeded.emails[role] = user.email
        db.session.commit()
        first_day = week.days[0]
        session_id, action = first_day.sessions[0].id, first_day.actions[0]
        call_action = next(a for d in week.days for a in d.actions if a.kind == "call")
        seeded.samples = {
            "week_slug": week.slug, "chapter_slug": "new-york", "filename": "css/app.css",
            "session_id": session_id, "day_id": first_day.id, "day": first_day.date,
            "action_id": action.id, "item_id": action.id, "kind": "actions", "fmt": "txt",
            "name": "calls"}
        call_action_id, day_url = call_action.id, f"/weeks/{week.slug}/{first_day.date}"

    advocate = app.test_client()
    submit(advocate, f"/sessions/{session_id}/register",
           {"name": text("registration name"), "email": email, "reminders": "y"})
    submit(advocate, f"{day_url}/actions/{seeded.samples['action_id']}/tick", {"done": "1"},
           day_url)
    submit(advocate, f"/weeks/{seeded.samples['week_slug']}/actions/{call_action_id}/call",
           {"outcome": "talked"}, day_url)
    submit(advocate, f"/weeks/{seeded.samples['week_slug']}/meetings/new", {
        "legislator_name": text("legislator name"), "meeting_date": "2026-05-05",
        "format": "virtual", "attendees": text("attendees"), "notes": text("notes"),
        "follow_up": "y"})
    submit(advocate, "/stories/new", {
        "author_name": text("author name"), "email": email, "library": text("library"),
        "city": text("city"), "state": "NY", "zip": zip_code,
        "impact_areas": ["connectivity"], "title": text("title"),
        "body": text("story body") + " — our library lent hotspots to forty families.",
        "consent_share": "y", "consent_publish": "y", "consent_contact": "y"})
    submit(advocate, "/chapters/new-york", {
        "name": text("signup name"), "email": email, "zip": zip_code, "phone": phone,
        "interests": ["share_stories"], "consent": "y"})
    with app.app_context():
        story = db.session.execute(select(Story).order_by(Story.id.desc())).scalars().first()
        assert story is not None, "the seeded story was refused"
        seeded.samples["story_id"] = story.id
    seeded.clients["participant"] = advocate
    seeded.clients["anonymous"] = app.test_client()
    for role, address in seeded.emails.items():
        client = app.test_client()
        assert login(client, address).status_code == 302
        seeded.clients[role] = client
    coordinator = seeded.clients["coordinator"]
    story_page = f"/coordinate/stories/{seeded.samples['story_id']}"
    submit(coordinator, f"{story_page}/moderate", {"decision": "approve",
                                                   "note": text("moderation note")}, story_page)
    return seeded
