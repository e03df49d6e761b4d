"""Webhook events queued for sign-ups and approved stories.

The handlers run inside the request's transaction, so the queued delivery
commits (or rolls back) with the change it reports.
"""

from __future__ import annotations

from .. import signals
from ..chapters.models import Chapter
from ..extensions import db
from . import services


@signals.signup_saved.connect
def signup_saved(signup, created: bool, **_):
    services.signup_event(db.session.get(Chapter, signup.chapter_id), signup, created)


@signals.story_approved.connect
def story_approved(story, **_):
    services.story_approved_event(story)
