"""Sending queued webhooks: signed POSTs with a timeout, retried with backoff.

Requests never send: they write the delivery row (``services.enqueue``) and, once
the transaction commits, queue the ``webhooks.deliver`` task on the app's job engine
(``advocacy/tasks.py``); a failed attempt queues the next one for its backoff time,
and the ``webhooks.sweep`` task (every minute) sends whatever is due and was never
queued (a crash between commit and queue). ``flask webhooks deliver`` drains the
queue by hand. A delivery is claimed with a conditional UPDATE, so two workers
never send the same one; no database transaction is open while a POST waits on
the network.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from datetime import datetime, timedelta

import requests
from flask import current_app
from sqlalchemy import or_, update

from ..chapters.models import Chapter
from ..database import utcnow
from ..errors import DomainError
from ..extensions import db
from ..tasks import after_commit
from .addresses import (
    NO_PROXIES,
    check_webhook_url,
    refused_private_peer,
    webhook_session,
)
from .models import WebhookAttempt, WebhookDelivery

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Advocacy-Signature"
# Waits before the 2nd, 3rd... attempt; after the last one the delivery has failed.
BACKOFF = (timedelta(seconds=10), timedelta(minutes=1), timedelta(minutes=5),
           timedelta(minutes=30))
STALE_CLAIM = timedelta(minutes=10)


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _due(now: datetime):
    """SQL: waiting and due, or claimed by a worker that died (a stale claim)."""
    return or_(
        (WebhookDelivery.status == "pending") & (WebhookDelivery.next_attempt_at <= now),
        (WebhookDelivery.status == "sending") & (WebhookDelivery.claimed_at < now - STALE_CLAIM))


def _due_ids(now: datetime, limit: int) -> list[int]:
    return list(db.session.execute(
        db.select(WebhookDelivery.id).where(_due(now))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(limit)).scalars())


def _claim(delivery_id: int, now: datetime) -> tuple | None:
    """Mark the delivery as being sent if it is due and nobody else has it (a sweep's
    list read before another worker's failed attempt must not skip the backoff);
    what sending it needs."""
    claimed = db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == delivery_id, _due(now))
        .values(status="sending", claimed_at=now)).rowcount
    job = None
    if claimed:
        job = db.session.execute(
            db.select(WebhookDelivery.id, WebhookDelivery.event, WebhookDelivery.payload,
                      Chapter.webhook_url, Chapter.webhook_secret)
            .join(Chapter, Chapter.id == WebhookDelivery.chapter_id)
            .where(WebhookDelivery.id == delivery_id)).one()
    db.session.commit()
    return job


def _post(url: str, secret: str, delivery_id: int, event_name: str,
          body: bytes) -> tuple[int | None, str]:
    """(status code or None, error text) of one signed POST; never raises."""
    config = current_app.config
    allow_private = config["WEBHOOKS_ALLOW_PRIVATE"]
    try:
        check_webhook_url(url, allow_private)
        with webhook_session(allow_private) as session:
            response = session.post(url, data=body, timeout=(3.05, config["WEBHOOK_TIMEOUT"]),
                                    allow_redirects=False, proxies=NO_PROXIES, headers={
                                        "Content-Type": "application/json; charset=utf-8",
                                        "User-Agent": "Advocacy-Webhooks/1",
                                        "X-Advocacy-Event": event_name,
                                        "X-Advocacy-Delivery": str(delivery_id),
                                        SIGNATURE_HEADER: signature(secret, body)})
            response.close()
    except DomainError as error:
        return None, error.message
    except requests.Timeout:
        return None, "Timed out."
    except requests.RequestException as error:
        if refused_private_peer(error):
            return None, ("Not sent: the address now leads to a private, loopback or "
                          "link-local network.")
        return None, f"Could not connect ({type(error).__name__})."
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"Answered HTTP {response.status_code}."


def _record(delivery_id: int, status_code: int | None, error: str, duration_ms: int) -> str:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:  # deleted meanwhile (an erased sign-up, a deleted chapter)
        db.session.commit()
        return "gone"
    now = utcnow()
    delivery.attempt_log.append(WebhookAttempt(at=now, status_code=status_code,
                                               error=error, duration_ms=duration_ms))
    delivery.attempts += 1
    delivery.claimed_at = None
    if not error:
        delivery.status, delivery.delivered_at, delivery.payload = "delivered", now, None
    elif delivery.attempts > len(BACKOFF):
        delivery.status = "failed"
    else:
        delivery.status = "pending"
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        after_commit("webhooks.deliver", delivery.id, eta=delivery.next_attempt_at)
    status = delivery.status  # read before the commit expires it (no new transaction)
    db.session.commit()
    return status


def deliver_one(delivery_id: int, now: datetime | None = None) -> str | None:
    """Send one delivery if it is due and nobody else is sending it; its outcome
    (delivered, pending, failed, gone) or None when there was nothing to do."""
    job = _claim(delivery_id, now or utcnow())
    if job is None:
        return None
    _, event_name, payload, url, secret = job
    began = time.perf_counter()
    if not url or not secret or payload is None:
        status_code, error = None, "The chapter has no webhook address any more."
    else:
        status_code, error = _post(url, secret, delivery_id, event_name,
                                   payload.encode("utf-8"))
    outcome = _record(delivery_id, status_code, error,
                      round((time.perf_counter() - began) * 1000))
    if outcome == "failed" or error:
        log.warning("webhook delivery %s attempt failed: %s", delivery_id, error)
    return outcome


def deliver_due(now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Send every delivery due at ``now``; counts by outcome (delivered, pending, failed)."""
    outcomes: dict[str, int] = {}
    db.session.commit()
    for delivery_id in _due_ids(now or utcnow(), limit):
        outcome = deliver_one(delivery_id, now)
        if outcome is not None:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
