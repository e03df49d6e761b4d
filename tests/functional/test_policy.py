"""The access policy: every route × every role, and CSRF on every state change."""

from __future__ import annotations

import uuid
from datetime import timedelta

from advocacy import policy
from advocacy.accounts.models import Participant
from advocacy.accounts.participants import _serializer
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks.models import LiveSession

from ..conftest import login

ROLES = ("anonymous", "participant", "coordinator_a", "coordinator_b", "organizer", "admin")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def sample_values(app, demo) -> dict:
    """A value for every URL variable used by the app's routes.

    A new route with a new variable needs a sample here; chapter-scoped
    samples belong to chapter A (coordinator A's). Callables give a fresh
    value per request (a delete must find something to delete)."""

    def fresh_action() -> int:
        from advocacy.weeks.models import Action
        with app.app_context():
            action = Action(day_id=demo["day_id"], title="Fresh", minutes=5, kind="link",
                            target="/", position=99)
            db.session.add(action)
            db.session.commit()
            return action.id

    def someone_elses_story() -> int:
        from advocacy.stories.models import Story
        with app.app_context():
            story = Story(author_name="Someone", email="someone@example.org", library="L",
                          city="C", state="NY", zip="10001", title="T", body="B" * 60,
                          status="pending")
            db.session.add(story)
            db.session.commit()
            return story.id

    def failed_delivery() -> int:
        from advocacy.chapters.models import Chapter
        from advocacy.webhooks.models import WebhookDelivery
        with app.app_context():
            chapter = db.session.execute(db.select(Chapter).filter_by(slug="new-york")).scalar_one()
            delivery = WebhookDelivery(chapter_id=chapter.id, event="ping", payload="{}",
                                       status="failed", attempts=5)
            db.session.add(delivery)
            db.session.commit()
            return delivery.id

    def chapter_announcement() -> int:
        from advocacy.announcements.models import Announcement
        from advocacy.chapters.models import Chapter
        from advocacy.weeks.models import Week
        with app.app_context():
            chapter = db.session.execute(db.select(Chapter).filter_by(slug="new-york")).scalar_one()
            week = db.session.execute(db.select(Week).filter_by(slug=demo["week_slug"])
                                      ).scalar_one()
            announcement = Announcement(week_id=week.id, subject="Hello", body="Hi all",
                                        audience=f"chapter:{chapter.id}", status="scheduled",
                                        send_at=utcnow())
            db.session.add(announcement)
            db.session.commit()
            return announcement.id

    def ny_senator() -> str:
        from advocacy.legislators.models import Legislator
        with app.app_context():
            if db.session.execute(db.select(Legislator).filter_by(bioguide_id="P0000NY")
                                  ).scalar_one_or_none() is None:
                db.session.add(Legislator(bioguide_id="P0000NY", first_name="Pat",
                                          last_name="Senator", official_name="Pat Senator",
                                          chamber="senate", state="NY", district=None))
                db.session.commit()
        return "P0000NY"

    def nobodys_export() -> int:
        from advocacy.accounts.services import create_user
        from advocacy.stories.models import ExportJob
        with app.app_context():
            owner = create_user(f"export-{uuid.uuid4().hex[:8]}@example.org", "a-long-password",
                                "coordinator")
            db.session.flush()
            job = ExportJob(user_id=owner.id, fmt="txt", selection="{}", status="ready",
                            total=1, file_name="missing.txt")
            db.session.add(job)
            db.session.commit()
            return job.id

    def fresh_user() -> int:
        from advocacy.accounts.services import create_user
        with app.app_context():
            user = create_user(f"fresh-{uuid.uuid4().hex[:8]}@example.org", "a-long-password",
                               "coordinator")
            db.session.commit()
            return user.id

    return {
        "week_slug": demo["week_slug"],
        "chapter_slug": "new-york",
        "filename": "css/app.css",
        "session_id": demo["session_id"],
        "day_id": demo["day_id"],
        "day": demo["start"],
        "action_id": demo["action_id"],
        "kind": "actions",
        "fmt": "txt",
        "name": "calls",
        "story_id": someone_elses_story,
        "item_id": fresh_action,
        "delivery_id": failed_delivery,
        "user_id": fresh_user,
        "announcement_id": chapter_announcement,
        "token": "no-such-token",
        "key": ny_senator,
        "job_id": nobodys_export,
    }


def endpoint_samples(app) -> dict[str, dict]:
    """Samples that differ for one endpoint (a delete needs its own victim)."""

    def empty_chapter() -> str:
        from advocacy.chapters.models import Chapter, ChapterState
        with app.app_context():
            chapter = Chapter(slug=f"empty-{uuid.uuid4().hex[:8]}", name="Empty",
                              states=[ChapterState(state="VT")])
            db.session.add(chapter)
            db.session.commit()
            return chapter.slug

    def cancel_token() -> str:
        from advocacy.weeks.models import SessionRegistration
        from advocacy.weeks.registration import cancel_token as token_for
        with app.test_request_context():
            registration = SessionRegistration(
                session_id=db.session.execute(db.select(LiveSession.id)).scalars().first(),
                name="Someone", email=f"s-{uuid.uuid4().hex[:8]}@example.org")
            db.session.add(registration)
            db.session.commit()
            return token_for(registration)

    def confirm_token() -> str:
        from advocacy.chapters import signing_up
        from advocacy.chapters.models import Chapter
        with app.test_request_context():
            chapter = db.session.execute(db.select(Chapter)).scalars().first()
            email = f"c-{uuid.uuid4().hex[:8]}@example.org"
            for participant in (None, None):  # the second browser's details wait
                signup, _ = signing_up.sign_up(chapter, "Someone", email, "10001", "",
                                               [], participant)
            db.session.commit()
            return signing_up.confirm_token(signup)

    def daily_subscription():
        from advocacy.daily.models import DailySubscription
        from advocacy.weeks.models import Week
        subscription = DailySubscription(
            week_id=db.session.execute(db.select(Week.id)).scalars().first(),
            email=f"d-{uuid.uuid4().hex[:8]}@example.org", minutes=15,
            timezone="America/New_York")
        db.session.add(subscription)
        db.session.commit()
        return subscription

    def daily_confirm_token() -> str:
        from advocacy.daily import services as daily
        with app.app_context():
            subscription = daily_subscription()
            return daily.confirm_token(daily.Request(subscription.id, 30, "America/Chicago",
                                                     None))

    def daily_progress_token() -> str:
        from advocacy.daily.sending import progress_token
        with app.app_context():
            return progress_token(daily_subscription())

    def accept_token() -> str:
        from advocacy.weeks import waitlist
        from advocacy.weeks.models import WaitlistEntry
        with app.app_context():
            entry = WaitlistEntry(
                session_id=db.session.execute(db.select(LiveSession.id)).scalars().first(),
                name="Someone", email=f"w-{uuid.uuid4().hex[:8]}@example.org",
                offered_at=utcnow(), hold_until=utcnow() + timedelta(hours=24))
            db.session.add(entry)
            db.session.commit()
            return waitlist.accept_token(entry)

    def unsubscribe_token() -> str:
        from advocacy.mail.messages import unsubscribe_token as token_for
        with app.app_context():
            return token_for("someone@example.org", "reminders")

    def settings_token() -> str:
        from advocacy.mail.messages import SETTINGS_PURPOSE
        from advocacy.mail.models import address_hash
        from advocacy.tokens import sign
        with app.app_context():
            return sign(SETTINGS_PURPOSE, address_hash("someone@example.org"))

    def account_link(purpose: str):
        def make() -> str:
            from advocacy.accounts import links
            from advocacy.accounts.models import AccountLink
            from advocacy.accounts.services import create_user
            with app.test_request_context():
                role = "advocate" if purpose == "signin" else "coordinator"
                user = create_user(f"l-{uuid.uuid4().hex[:8]}@example.org", "a-long-password",
                                   role)
                db.session.flush()
                (links.request_reset if purpose == "reset" else links.request_sign_in)(
                    user.email)
                link = db.session.execute(db.select(AccountLink).where(
                    AccountLink.user_id == user.id)).scalar_one()
                db.session.commit()
                return links.token_for(link)
        return make

    return {"organize_chapters.delete": {"chapter_slug": empty_chapter},
            "links.set_password": {"token": account_link("reset")},
            "links.sign_in": {"token": account_link("signin")},
            "mail.unsubscribe": {"token": unsubscribe_token},
            "my.email_settings": {"token": settings_token},
            "chapters.confirm": {"token": confirm_token},
            "daily.confirm": {"token": daily_confirm_token},
            "weeks.accept_place": {"token": accept_token},
            "daily.progress": {"token": daily_progress_token},
            "weeks.cancel_registration": {"token": cancel_token}}


def build_url(app, rule, samples) -> str:
    samples = {**samples, **endpoint_samples(app).get(rule.endpoint, {})}
    missing = set(rule.arguments) - set(samples)
    assert not missing, f"add samples for {missing} ({rule.endpoint}) in test_policy"
    values = {k: (samples[k]() if callable(samples[k]) else samples[k]) for k in rule.arguments}
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **values)


def client_as(app, role: str, users: dict[str, str]):
    client = app.test_client()
    if role == "participant":
        with app.app_context():
            participant = Participant()
            db.session.add(participant)
            db.session.commit()
            with app.test_request_context():
                client.set_cookie("advocacy_participant", _serializer().dumps(participant.token))
    elif role != "anonymous":
        assert login(client, users[role]).status_code == 302
    return client


# Routes that load-and-check a chapter-scoped object: coordinator B (another
# chapter's) gets 404 for chapter A's samples.
SCOPED = {
    "coordinate.chapter", "coordinate.signups_csv", "webhooks.settings", "webhooks.send_test",
    "webhooks.retry", "coordinate_stories.detail", "coordinate_stories.moderate",
    "coordinate_stories.edit", "announcements.detail", "announcements.edit",
    "announcements.send_test", "announcements.send", "announcements.unschedule",
    "coordinate_letters.legislator", "coordinate_letters.record_delivery",
    "coordinate_letters.letter_download",
}
# Routes only the browser that made the object may see: the sample belongs to nobody's.
OWNER_ONLY = {"stories.thanks", "coordinate_letters.export_status",
              "coordinate_letters.export_download"}
# What each blueprint is meant to allow, written out here (not read from the code),
# and the views that differ from their blueprint.
EXPECTED = {
    **dict.fromkeys(("core", "weeks", "checklists", "chapters", "stories", "api", "my",
                     "accounts", "mail", "links", "daily"), policy.ANYONE),
    **dict.fromkeys(("organize", "organize_items", "organize_reports", "organize_letters",
                     "stats", "organize_chapters"), policy.ORGANIZERS),
    **dict.fromkeys(("coordinate", "coordinate_stories", "webhooks", "alerts", "announcements",
                     "coordinate_letters"), policy.STAFF),
    "users": policy.ADMINS,
    "audit": policy.ADMINS,
}
EXPECTED_VIEWS = {"static": policy.ANYONE, "accounts.logout": policy.SIGNED_IN,
                  "users.invite": policy.ORGANIZERS}


def expected_roles(endpoint: str) -> frozenset[str]:
    return EXPECTED_VIEWS.get(endpoint) or EXPECTED[endpoint.rpartition(".")[0]]


def expected_outcome(endpoint: str, role: str) -> str:
    roles = expected_roles(endpoint)
    table_role = "coordinator" if role.startswith("coordinator") else role
    # Read from the expectations above, not through the enforcing code.
    allowed = table_role in roles or (table_role == "participant" and "anonymous" in roles)
    if not allowed:
        return "login" if table_role in ("anonymous", "participant") else "forbidden"
    if endpoint in SCOPED and role == "coordinator_b":
        return "not_found"
    if endpoint in OWNER_ONLY:
        return "not_found"
    return "allowed"


def outcome_of(response) -> str:
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "not_found"
    # Past the access check: served, redirected, or the form said what was wrong.
    if response.status_code < 400 or response.status_code in (400, 409):
        return "allowed"
    return f"status {response.status_code}"


def test_every_route_declares_the_access_this_test_expects(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    undeclared = sorted(e for e in endpoints if policy.declared_roles(app, e) is None)
    assert not undeclared, f"routes whose blueprint declares no access (policy.guard): {undeclared}"
    differ = sorted(e for e in endpoints if policy.declared_roles(app, e) != expected_roles(e))
    assert not differ, f"declared access differs from test_policy.EXPECTED: {differ}"
    assert endpoints >= SCOPED | OWNER_ONLY, "stale SCOPED/OWNER_ONLY entries"


# A sign-in link's page signs its client in as the link's advocate.
SIGNS_IN_OR_OUT = {"accounts.logout", "links.sign_in", "links.set_password"}


def test_route_role_matrix_has_no_mismatch(app, demo, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["LINK_RATE_LIMIT"] = "1000 per hour"  # one POST per role, not a flood
    users = {
        "coordinator_a": make_user("coordinator", chapters=["new-york"]),
        "coordinator_b": make_user("coordinator", chapters=["pacific"]),
        "organizer": make_user("organizer"),
        "admin": make_user("admin"),
    }
    samples = sample_values(app, demo)
    mismatches = []
    checked = 0
    clients: dict[str, object] = {}
    for rule in app.url_map.iter_rules():
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        for method in methods:
            for role in ROLES:
                url = build_url(app, rule, samples)
                if role not in clients:
                    clients[role] = client_as(app, role, users)
                response = clients[role].open(url, method=method)
                if rule.endpoint in SIGNS_IN_OR_OUT:
                    clients.pop(role)  # signed out or in as another: a fresh client next
                body = response.get_data(as_text=True)
                assert "Traceback" not in body, (method, url, role)
                want, got = expected_outcome(rule.endpoint, role), outcome_of(response)
                checked += 1
                if want != got:
                    mismatches.append(f"{method} {url} as {role}: expected {want}, got {got}")
    assert checked >= len(list(app.url_map.iter_rules())) * len(ROLES)
    assert not mismatches, "\n".join(mismatches)


def test_every_state_changing_route_requires_csrf(app, demo, make_user):
    samples = sample_values(app, demo)
    admin = make_user("admin")
    routes = [(rule, method) for rule in app.url_map.iter_rules()
              for method in (rule.methods or set()) & STATE_CHANGING]
    assert routes, "expected at least one state-changing route"
    for rule, method in routes:
        url = build_url(app, rule, samples)
        for client in (app.test_client(), client_as(app, "admin", {"admin": admin})):
            response = client.open(url, method=method, data={"anything": "x"})
            if rule.endpoint in CSRF_EXEMPT:
                assert response.status_code == 200, (method, url)  # the page: nothing done
                continue
            assert response.status_code == 400, (method, url)
            assert "expired or was sent from elsewhere" in response.get_data(as_text=True)


# RFC 8058: a mail program's one-click unsubscribe POST carries the signed token and
# "List-Unsubscribe=One-Click", never a CSRF token; any other POST there does nothing.
CSRF_EXEMPT = {"mail.unsubscribe"}
