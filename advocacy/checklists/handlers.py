"""What the checklist does when other features report something.

Registering for a session, sharing a story, signing up with a chapter and
reporting a meeting each tick the matching actions of the week; a merged or
erased participant's completions and reports follow here, by their owner.
"""

from __future__ import annotations

from .. import signals
from ..database import utcnow
from ..weeks import services as weeks
from . import services
from .browser import browser_progress


def _current_week_id() -> int | None:
    slug = weeks.cached_current_slug(utcnow())
    version = weeks.cached_version(slug) if slug else None
    return version.week_id if version else None


@signals.registered.connect
def tick_registration(registration, participant_id: int | None, **_):
    # The current browser's participant: an earlier registration with the same
    # email may belong to another device's.
    if participant_id is not None:
        services.tick_kind(participant_id, registration.session.day.week_id, "register",
                           "registration", registration.id,
                           session_id=registration.session_id)


@signals.registration_cancelled.connect
def untick_registration(registration, **_):
    services.untick_source("registration", registration.id)


@signals.story_submitted.connect
def tick_story(story_id: int, participant_id: int | None, week_id: int | None, **_):
    if week_id is not None and participant_id is not None:
        services.tick_kind(participant_id, week_id, "story", "story", story_id)


@signals.signup_submitted.connect
def tick_signup(signup, participant_id: int | None, **_):
    week_id = _current_week_id() if participant_id is not None else None
    if week_id is not None:
        services.tick_kind(participant_id, week_id, "chapter_signup", "chapter_signup",
                           signup.id)


@signals.meeting_reported.connect
def tick_meeting(report, **_):
    if report.week_id is not None:
        services.tick_kind(report.participant_id, report.week_id, "meeting_report",
                           "meeting_report", report.id)


@signals.week_activity.connect
def week_activity(week_id: int, totals: bool = False, **_) -> dict:
    """This browser's completions in the week, and (``totals``) everyone's (the week
    page)."""
    done = browser_progress(week_id)[1]
    return {"done": done, **({"totals": services.week_totals(week_id)} if totals else {})}


signals.follow_participant(services.merge_progress, services.scrub_meeting_reports,
                           services.export_of)
