"""A database with something in every table a page can show, made through the real forms.

Used by the crawl, the XSS and the log-canary tests: ``seed_everything`` fills the
free-text fields with ``text(field_name)`` so a test can choose what goes in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import MetaData, func, select

from advocacy.chapters.models import Chapter
from advocacy.extensions import db

from .conftest import PASSWORD, login, submit

DEMO_START = date(2027, 5, 3)  # ahead: its sessions still take registrations


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table (but Alembic's), in primary-key order; each value as
    (column, repr), so rows can be compared on the columns two revisions share."""
    metadata = MetaData()
    metadata.reflect(db.engine)
    rows = {}
    with db.engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            if name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows[name] = [tuple((key, repr(value)) for key, value in row._mapping.items())
                          for row in connection.execute(select(table).order_by(*order))]
    return rows


@dataclass
class Seeded:
    """What was made: URL samples, signed-in clients by role, and the participant's client."""

    samples: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)
    emails: dict = field(default_factory=dict)


def seed_staff(app) -> Seeded:
    """The demo week (published) and chapters, and a signed-in client per staff role."""
    from advocacy.accounts.models import User
    from advocacy.accounts.services import create_user
    from advocacy.chapters.services import chapters_by_slugs
    from advocacy.demo.loader import load_demo_chapters, load_demo_week

    seeded = Seeded()
    with app.app_context():
        week = load_demo_week(DEMO_START)
        load_demo_chapters()
        week.status = "published"
        for role in ("coordinator", "organizer", "admin"):
            user = create_user(f"{role}@example.org", PASSWORD, role, display_name=role.title())
            if role == "coordinator":
                user.chapters = chapters_by_slugs(["new-york"])
            seeded.emails[role] = user.email
        db.session.commit()
        coordinator_id = db.session.execute(db.select(User.id).where(
            User.email == seeded.emails["coordinator"])).scalar_one()
        first_day = week.days[0]
        action = first_day.actions[0]
        call_action = next(a for d in week.days for a in d.actions if a.kind == "call")
        seeded.samples = {
            "week_slug": week.slug, "chapter_slug": "new-york", "filename": "css/app.css",
            "session_id": first_day.sessions[0].id, "day_id": first_day.id,
            "day": first_day.date, "action_id": action.id, "item_id": action.id,
            "kind": "actions", "fmt": "txt", "name": "calls", "call_action_id": call_action.id,
            "week_start": week.start_date, "week_end": week.end_date,
            "user_id": coordinator_id}
    seeded.clients["anonymous"] = app.test_client()
    for role, address in seeded.emails.items():
        client = app.test_client()
        assert login(client, address).status_code == 302
        seeded.clients[role] = client
    seeded.samples["announcement_id"] = announce(seeded)
    seeded.samples.update(letters_samples(app, coordinator_id))
    return seeded


def letters_samples(app, owner_id: int) -> dict:
    """A New York senator (chapter A's state) and an export the coordinator asked for."""
    from advocacy.extensions import db
    from advocacy.legislators.models import Legislator
    from advocacy.stories.models import ExportJob

    with app.app_context():
        db.session.add(Legislator(bioguide_id="P0000NY", first_name="Pat", last_name="Senator",
                                  official_name="Pat Senator", chamber="senate", state="NY",
                                  district=None, phone="202-224-0000",
                                  contact_form_url="https://senator.example.org/contact"))
        job = ExportJob(user_id=owner_id, fmt="pdf", selection="{}", status="running",
                        done=1, total=3)
        db.session.add(job)
        db.session.commit()
        return {"key": "P0000NY", "job_id": job.id}


def live_demo_week(app, pick: Callable = lambda week: week.slug, chapters: bool = False):
    """The demo week, published, moved so that its second day is today in its own zone
    (and the demo chapters, if asked); returns ``pick(week)``, run in the app context."""
    from datetime import timedelta

    from advocacy.database import utcnow
    from advocacy.demo.loader import demo_data, load_demo_chapters, load_demo_week
    from advocacy.weeks.timezones import date_in_zone

    today = date_in_zone(utcnow(), demo_data()["week"]["timezone"])
    with app.app_context():
        week = load_demo_week(today - timedelta(days=1))
        week.status = "published"
        if chapters:
            load_demo_chapters()
        db.session.commit()
        return pick(week)


def advocate_flows(app, seeded: Seeded, text: Callable[[str], str],
                   email: str = "ada@example.org", zip_code: str = "12207",
                   phone: str = "(202) 555-0143", client=None) -> dict[str, object]:
    """One advocate registers, ticks, reports a call and a meeting, shares a story and signs
    up, every free-text field being ``text(name)``. Status code per form, and the story id
    (None when the story form refused the text)."""
    from advocacy.stories.models import Story

    samples = seeded.samples
    advocate = client or app.test_client()
    week, day_url = samples["week_slug"], f"/weeks/{samples['week_slug']}/{samples['day']}"
    answers: dict[str, object] = {"client": advocate}
    answers["registration"] = submit(advocate, f"/sessions/{samples['session_id']}/register", {
        "name": text("registration name"), "email": email, "reminders": "y"}).status_code
    submit(advocate, f"{day_url}/actions/{samples['action_id']}/tick", {"done": "1"}, day_url)
    submit(advocate, f"/weeks/{week}/actions/{samples['call_action_id']}/call",
           {"outcome": "talked"}, day_url)
    answers["meeting"] = submit(advocate, f"/weeks/{week}/meetings/new", {
        "legislator_name": text("legislator name"), "meeting_date": "2026-05-05",
        "format": "video", "attendees": text("attendees"), "notes": text("notes"),
        "follow_up": "y", "contact_name": text("contact name"), "contact_email": email,
        "contact_phone": phone, "contact_consent": "y"}).status_code
    answers["story"] = submit(advocate, "/stories/new", {
        "author_name": text("author name"), "email": email, "library": text("library"),
        "city": text("city"), "state": "NY", "zip": zip_code,
        "impact_areas": ["connectivity"], "title": text("title"),
        "body": text("story body") + " — our library lent hotspots to forty families.",
        "consent_share": "y", "consent_publish": "y", "consent_contact": "y"}).status_code
    answers["signup"] = submit(advocate, "/chapters/new-york", {
        "name": text("signup name"), "email": email, "zip": zip_code, "phone": phone,
        "interests": ["share_stories"], "consent": "y"}).status_code
    story_id = None
    if answers["story"] == 302:
        with app.app_context():
            story_id = db.session.execute(select(Story.id).where(Story.email == email)
                                          .order_by(Story.id.desc())).scalars().first()
    answers["story_id"] = story_id
    return answers


def cancel_token_of(app, email: str) -> str:
    """The cancel link's token of the registration made with ``email``."""
    from advocacy.weeks.models import SessionRegistration
    from advocacy.weeks.registration import cancel_token

    with app.test_request_context():
        registration = db.session.execute(select(SessionRegistration).where(
            SessionRegistration.email == email)).scalars().first()
        return cancel_token(registration)


def moderate(seeded: Seeded, story_id: int, note: str) -> int:
    """The coordinator approves the story with ``note``; the status code."""
    page = f"/coordinate/stories/{story_id}"
    return submit(seeded.clients["coordinator"], f"{page}/moderate",
                  {"decision": "approve", "note": note}, page).status_code


def seed_everything(app, text: Callable[[str], str] = lambda name: name,
                    email: str = "ada@example.org", zip_code: str = "12207",
                    phone: str = "(202) 555-0143") -> Seeded:
    """Staff, and one advocate who did everything (their story approved)."""
    seeded = seed_staff(app)
    answers = advocate_flows(app, seeded, text, email, zip_code, phone)
    assert answers["story_id"] is not None, "the seeded story was refused"
    refused = [k for k in ("registration", "meeting", "signup") if answers[k] != 302]
    assert refused == [], f"seeding forms refused: {refused}"
    seeded.samples["story_id"] = answers["story_id"]
    seeded.samples["token"] = cancel_token_of(app, email)
    seeded.clients["participant"] = answers["client"]
    moderate(seeded, answers["story_id"], text("moderation note"))
    return seeded


def announce(seeded: Seeded) -> int:
    """The organizer writes a message to the New York chapter's sign-ups (a draft, whose
    edit form takes the staff texts): its id."""
    from advocacy.announcements.models import Announcement

    organizer, week = seeded.clients["organizer"], seeded.samples["week_slug"]
    app = organizer.application
    with app.app_context():
        chapter_id = db.session.execute(db.select(Chapter.id).filter_by(slug="new-york")
                                        ).scalar_one()
    messages = f"/organize/weeks/{week}/messages"
    response = submit(organizer, f"{messages}/new", {
        "audience": f"chapter:{chapter_id}", "subject": "Tonight's training",
        "body": "**Bring a friend.**"})
    assert response.status_code == 302, "the seeding announcement was refused"
    with app.app_context():
        return db.session.execute(db.select(func.max(Announcement.id))).scalar_one()


# Free-text fields of the staff forms, by page: (URL template, {field: label for text()}).
STAFF_FORMS = [
    ("/organize/weeks/{week_slug}/edit", ("title", "summary")),
    ("/organize/weeks/{week_slug}/days/{day_id}/edit", ("title", "summary")),
    ("/organize/weeks/{week_slug}/sessions/{session_id}/edit", ("title", "host", "description")),
    ("/organize/weeks/{week_slug}/actions/{action_id}/edit", ("title", "instructions")),
    ("/organize/chapters/{chapter_slug}/edit", ("name", "description", "contact_name")),
    ("/organize/letters/", ("intro", "closing")),
    ("/organize/weeks/{week_slug}/messages/{announcement_id}/edit", ("subject", "body")),
]


def seed_staff_text(seeded: Seeded, text: Callable[[str], str]) -> dict[str, int]:
    """Put ``text(...)`` into every free-text field of the organizer's forms and a
    coordinator's story correction; the status code of each form's answer."""
    from .formfill import post_form

    organizer, answers = seeded.clients["organizer"], {}
    for template, fields in STAFF_FORMS:
        url = template.format(**seeded.samples)
        response = post_form(organizer, url, {f: text(f"{url} {f}") for f in fields})
        answers[url] = response.status_code
    story_page = f"/coordinate/stories/{seeded.samples['story_id']}"
    response = post_form(seeded.clients["coordinator"], story_page,
                         {f: text(f"correction {f}") for f in ("title", "library", "city")},
                         "/edit")
    answers[f"{story_page}/edit"] = response.status_code
    return answers


def shared_columns(rows: dict[str, list[tuple]], other: dict[str, list[tuple]]
                   ) -> dict[str, list[tuple]]:
    """``rows`` of the tables in ``other``, with only the columns ``other`` has."""
    kept = {}
    for table, table_rows in other.items():
        columns = {key for row in table_rows for key, _ in row}
        kept[table] = [tuple(pair for pair in row if not columns or pair[0] in columns)
                       for row in rows.get(table, [])]
    return kept
