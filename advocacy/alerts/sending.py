"""The alerts' sends, found by sweeps every minute and built when they go.

- At once: ``instant_sweep`` reads the stories and meeting reports written since its
  cursor (and within a day: a deployment alerts nobody about old rows) and queues one
  message per recipient who chose "at once", keyed by (recipient, row).
- Digest: from 17:00 in a scope's zone (until 21:00, should workers have been down),
  ``digest_sweep`` queues one message per recipient who chose a digest, keyed by
  (recipient, scope, date); it is built with the counts of the day before 17:00 and
  skipped when there is nothing to report. Digests hold counts and links only.

Alert messages name at most a first name: the rest is in the app, behind a sign-in.
"""

from __future__ import annotations

import functools
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from huey import crontab
from sqlalchemy import func

from ..accounts.models import User
from ..chapters.models import ChapterSignup
from ..checklists.models import MeetingReport
from ..database import utcnow
from ..extensions import db
from ..mail import ledger, preferences
from ..mail.messages import compose
from ..stories.models import Story
from ..tasks import periodic
from ..templating import external_url
from . import services
from .models import NO_CHAPTER, AlertCursor

STORY_KIND, FOLLOW_UP_KIND, DIGEST_KIND = "alerts.story", "alerts.follow_up", "alerts.digest"
MAILING_LIST = "coordinator-alerts"
DIGEST_FROM, DIGEST_UNTIL = time(17, 0), time(21, 0)
BATCH = 500
# source -> (model, its kind, the choice it follows, the rows that alert)
SOURCES = {
    "stories": (Story, STORY_KIND, "stories", lambda model: model.status == "pending"),
    "follow_ups": (MeetingReport, FOLLOW_UP_KIND, "follow_ups",
                   lambda model: model.follow_up.is_(True)),
}


def first_name(name: str | None) -> str:
    """The first word of a name (all an alert may say of a person)."""
    return (name or "").split()[0][:40] if (name or "").split() else "Someone"


def _cursor(name: str) -> AlertCursor:
    cursor = db.session.get(AlertCursor, name)
    if cursor is None:
        cursor = AlertCursor(name=name, last_id=0)
        db.session.add(cursor)
    return cursor


def instant_sweep(now: datetime | None = None) -> int:
    """Queue the "at once" alerts of rows written since the last sweep; how many."""
    now = now or utcnow()
    queued = 0
    for name, (model, kind, choice, alerting) in SOURCES.items():
        cursor = _cursor(name)
        rows = db.session.execute(
            db.select(model.id, model.state).where(
                model.id > cursor.last_id, model.created_at >= now - timedelta(days=1),
                alerting(model)).order_by(model.id).limit(BATCH)).all()
        latest = db.session.execute(db.select(func.max(model.id))).scalar() or 0
        who = functools.cache(lambda key, choice=choice: services.recipients(
            key, choice, "instant"))  # a scope's recipients read once a sweep
        for row_id, state in rows:
            scopes = [str(chapter_id) for chapter_id in services.chapters_of_state(state)]
            for scope_key in scopes or [NO_CHAPTER]:
                queued += ledger.queue_many(kind, [
                    (email, f"{kind}:{user_id}:{row_id}", "alert_user", user_id)
                    for user_id, email in who(scope_key)])
        # All read when the batch was not full; else up to its last row.
        cursor.last_id = max(cursor.last_id, rows[-1].id if len(rows) == BATCH else latest)
    db.session.commit()
    return queued


def digest_sweep(now: datetime | None = None) -> int:
    """Queue the digests due at ``now`` (17:00 in each scope's zone); how many."""
    now = now or utcnow()
    queued = 0
    for scope in services.all_scopes():
        local = now.astimezone(ZoneInfo(scope.zone))
        if not DIGEST_FROM <= local.time() < DIGEST_UNTIL:
            continue
        wanted = {user_id: email for kind in ("stories", "signups")
                  for user_id, email in services.recipients(scope.key, kind, "digest")}
        queued += ledger.queue_many(DIGEST_KIND, [
            (email, f"{DIGEST_KIND}:{user_id}:{scope.key}:{local.date().isoformat()}",
             "alert_user", user_id) for user_id, email in wanted.items()])
    db.session.commit()
    return queued


def _staff(message) -> User:
    user = db.session.get(User, message.subject_id)
    if user is None or not user.is_active:
        raise ledger.Skip("The account is gone or disabled.")
    return user


def _in_scope(user: User, state: str | None):
    keys = {str(chapter_id) for chapter_id in services.chapters_of_state(state)} or {NO_CHAPTER}
    scope = next((scope for scope in services.scopes_of(user) if scope.key in keys), None)
    if scope is None:
        raise ledger.Skip("The recipient no longer works on this chapter.")
    return scope


def build_story_alert(message, now):
    """One new story waiting for moderation: a first name, the state, a link."""
    user = _staff(message)
    story = db.session.get(Story, int(message.idempotency_key.rsplit(":", 1)[1]))
    if story is None or story.status != "pending":
        raise ledger.Skip("The story was moderated or deleted.")
    scope = _in_scope(user, story.state)
    return compose(user.email, f"A new story is waiting: {scope.label}", "alerts/mail/story",
                   name=user.display_name, mailing_list=MAILING_LIST, scope=scope,
                   who=first_name(story.author_name), state=story.state,
                   district=story.district,
                   url=external_url("coordinate_stories.detail", story_id=story.id),
                   settings_url=external_url("alerts.settings"))


def build_follow_up_alert(message, now):
    """A meeting report asking for help with a follow-up: a first name and a link."""
    user = _staff(message)
    report = db.session.get(MeetingReport, int(message.idempotency_key.rsplit(":", 1)[1]))
    if report is None or not report.follow_up:
        raise ledger.Skip("The report was erased or no longer asks for a follow-up.")
    scope = _in_scope(user, report.state)
    return compose(user.email, f"Follow-up wanted after a meeting: {scope.label}",
                   "alerts/mail/follow_up", name=user.display_name, mailing_list=MAILING_LIST,
                   scope=scope, who=first_name(report.contact_name), state=report.state,
                   legislator=report.legislator_name,
                   url=external_url("alerts.follow_ups"),
                   settings_url=external_url("alerts.settings"))


def digest_counts(scope: services.Scope, day_end: datetime, choices) -> dict[str, int]:
    """What a digest reports for the day before ``day_end``: counts only."""
    since = day_end - timedelta(days=1)
    in_scope = services.scope_states(scope)
    counts = {}
    if choices.stories == "digest":
        waiting = db.select(func.count()).select_from(Story).where(
            Story.status == "pending", in_scope(Story.state))
        counts["new_stories"] = db.session.execute(waiting.where(
            Story.created_at >= since, Story.created_at < day_end)).scalar_one()
        counts["waiting_stories"] = db.session.execute(waiting).scalar_one()
    if choices.signups == "digest" and scope.chapter is not None:
        counts["new_signups"] = db.session.execute(
            db.select(func.count()).select_from(ChapterSignup).where(
                ChapterSignup.chapter_id == scope.chapter.id,
                ChapterSignup.created_at >= since, ChapterSignup.created_at < day_end)
        ).scalar_one()
    return counts


def build_digest(message, now):
    """A scope's day: new and waiting stories, new sign-ups; skipped when all are 0."""
    user = _staff(message)
    _kind, _user, scope_key, day = message.idempotency_key.split(":")
    scope = services.scope_of(user, scope_key)
    if scope is None:
        raise ledger.Skip("The recipient no longer works on this chapter.")
    choices = dict((s.key, c) for s, c in services.choices_of(user))[scope.key]
    end = datetime.combine(datetime.fromisoformat(day).date(), DIGEST_FROM,
                           tzinfo=ZoneInfo(scope.zone))
    counts = digest_counts(scope, end, choices)
    if not (counts.get("new_stories") or counts.get("new_signups")):
        raise ledger.Skip("Nothing new that day.")
    chapter_url = (external_url("coordinate.chapter", chapter_slug=scope.chapter.slug)
                   if scope.chapter else None)
    return compose(user.email, f"Your day in {scope.label}", "alerts/mail/digest",
                   name=user.display_name, mailing_list=MAILING_LIST, scope=scope,
                   counts=counts, stories_url=external_url("coordinate_stories.index"),
                   chapter_url=chapter_url, settings_url=external_url("alerts.settings"))


ledger.register_kind(STORY_KIND, build_story_alert, MAILING_LIST)
ledger.register_kind(FOLLOW_UP_KIND, build_follow_up_alert, MAILING_LIST)
ledger.register_kind(DIGEST_KIND, build_digest, MAILING_LIST)
preferences.register_audience(MAILING_LIST, services.is_staff_address)


@periodic("alerts.sweep", crontab(minute="*"))
def sweep() -> None:
    """Every minute: the alerts due now."""
    instant_sweep()
    digest_sweep()
