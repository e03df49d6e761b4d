"""Webhooks: queueing events for a chapter's endpoint, and the chapter's settings.

Events are queued in the same transaction as the change they report (a sign-up,
an approved story), so none is lost and none is sent for a change that was
rolled back. Sending happens elsewhere (``delivery.py``), never in the request.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, selectinload

from ..chapters.models import Chapter, ChapterState
from ..database import utcnow
from ..errors import NotFound
from ..extensions import db
from ..listing import Page, page_of
from ..tasks import after_commit
from .addresses import check_webhook_url
from .models import WebhookDelivery


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def enqueue(chapter, event_name: str, data: dict, signup_id: int | None = None,
            story_id: int | None = None) -> WebhookDelivery | None:
    """Queue ``event_name`` for the chapter's endpoint; None if it has none."""
    if not chapter.webhook_url:
        return None
    body = {"event": event_name, "occurred_at": _iso(utcnow()),
            "chapter": {"slug": chapter.slug, "name": chapter.name}, **data}
    delivery = WebhookDelivery(chapter_id=chapter.id, event=event_name, signup_id=signup_id,
                               story_id=story_id, next_attempt_at=utcnow(),
                               payload=json.dumps(body, ensure_ascii=False))
    db.session.add(delivery)
    db.session.flush()
    after_commit("webhooks.deliver", delivery.id)
    return delivery


def signup_event(chapter, signup, created: bool) -> None:
    """Queue ``signup.created`` or ``signup.updated`` for the sign-up's chapter."""
    enqueue(chapter, "signup.created" if created else "signup.updated", {"signup": {
        "id": signup.id, "name": signup.name, "email": signup.email, "phone": signup.phone,
        "zip": signup.zip, "interests": list(signup.interests),
        "signed_up_at": _iso(signup.created_at), "consent_at": _iso(signup.consent_at)}},
        signup_id=signup.id)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_webhook_chapters(session) -> None:
    session.info.pop("webhook_chapters", None)


def _chapters_with_webhooks(state: str) -> list:
    """The chapters with an endpoint that cover ``state``, read once per transaction (a
    bulk approval of 500 stories asks 500 times)."""
    known = db.session.info.setdefault("webhook_chapters", {})
    if state not in known:
        known[state] = db.session.execute(db.select(Chapter).where(
            Chapter.webhook_url.is_not(None), Chapter.states.any(ChapterState.state == state))
        ).scalars().all()
    return known[state]


def story_approved_event(story) -> None:
    """Queue ``story.approved`` for every chapter (with a webhook) covering its state.

    Like the CSV export, the author's email goes out only with their consent to
    be contacted."""
    chapters = _chapters_with_webhooks(story.state)
    if not chapters:
        return
    kinds = {consent.kind for consent in story.consents}
    data = {"story": {
        "id": story.id, "title": story.title, "body": story.body,
        "author_name": story.author_name,
        "email": story.email if "contact" in kinds else None,
        "library": story.library, "city": story.city, "state": story.state,
        "district": story.district, "impact_areas": sorted(a.area for a in story.impact_areas),
        "share_with_legislators": "share" in kinds, "publish": "publish" in kinds,
        "approved_at": _iso(story.moderated_at)}}
    for chapter in chapters:
        enqueue(chapter, "story.approved", data, story_id=story.id)


def ping(chapter) -> WebhookDelivery | None:
    """Queue a test event that carries no personal data."""
    return enqueue(chapter, "ping", {"message": "Webhook test from Advocacy."})


def configure(chapter, url: str, new_secret: bool) -> bool:
    """Set (or, with an empty ``url``, remove) the chapter's endpoint.

    A secret is made when the first URL is set, or when ``new_secret``; returns
    True when the secret changed."""
    url = url.strip()
    if not url:
        chapter.webhook_url = None
        return False
    chapter.webhook_url = check_webhook_url(url, current_app.config["WEBHOOKS_ALLOW_PRIVATE"])
    if new_secret or not chapter.webhook_secret:
        chapter.webhook_secret = secrets.token_hex(32)
        return True
    return False


def delivery_log(chapter, page: int = 1) -> Page:
    """A page of the chapter's deliveries, newest first."""
    return page_of(db.select(WebhookDelivery).where(WebhookDelivery.chapter_id == chapter.id)
                   .options(selectinload(WebhookDelivery.attempt_log))
                   .order_by(WebhookDelivery.id.desc()), page)


def retry(chapter, delivery_id: int) -> WebhookDelivery:
    """Send a failed delivery again from now; NotFound if not the chapter's or not failed."""
    delivery = db.session.execute(db.select(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.chapter_id == chapter.id,
        WebhookDelivery.status == "failed", WebhookDelivery.payload.is_not(None))
    ).scalar_one_or_none()
    if delivery is None:
        raise NotFound("No such failed delivery.")
    delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, utcnow()
    after_commit("webhooks.deliver", delivery.id)
    return delivery
