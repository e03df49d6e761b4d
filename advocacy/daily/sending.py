"""The daily email's send: found by a sweep every minute, built when it is sent.

Each day of the week, from 08:00 in the subscriber's zone (until noon, should the
workers have been down), ``sweep`` queues one message per confirmed subscription in
the ledger, keyed by (subscription, date): a repeat of the sweep, another worker or a
restart never queues a second. The message is built when it goes: today's actions
that fit the person's minutes (the planner's choice), what they have done, today's
session; it is skipped on a day with nothing left to do, after the week, or once the
subscription stopped.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from huey import crontab

from ..checklists.planner import PlanItem, suggest
from ..checklists.services import done_in_week
from ..database import utcnow
from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose
from ..tasks import periodic
from ..templating import external_url
from ..tokens import sign
from ..weeks.models import Week
from ..weeks.snapshot import published_snapshot
from .models import DailySubscription
from .services import (
    CONFIRM_KIND,
    DAILY_KIND,
    MAILING_LIST,
    confirm_token,
    request_in_key,
)

SEND_FROM, SEND_UNTIL = time(8, 0), time(12, 0)
PROGRESS_PURPOSE = "daily.progress"
PROGRESS_MAX_AGE = 3 * 24 * 60 * 60  # a day's email opens progress for three days


def due(now: datetime) -> list[tuple[str, str, str, int]]:
    """(recipient, key, subject type, id) of the daily emails due at ``now``: one query,
    whatever the number of subscribers."""
    utc_today = now.date()
    rows = db.session.execute(
        db.select(DailySubscription.id, DailySubscription.email, DailySubscription.timezone,
                  Week.start_date, Week.end_date)
        .join(Week, DailySubscription.week_id == Week.id)
        .where(Week.status == "published", DailySubscription.confirmed_at.is_not(None),
               DailySubscription.stopped_at.is_(None),
               Week.start_date <= utc_today + timedelta(days=1),
               Week.end_date >= utc_today - timedelta(days=1)))
    found = []
    for subscription_id, email, zone, start, end in rows:
        local = now.astimezone(ZoneInfo(zone))
        if start <= local.date() <= end and SEND_FROM <= local.time() < SEND_UNTIL:
            found.append((email, f"{DAILY_KIND}:{subscription_id}:{local.date().isoformat()}",
                          "daily_subscription", subscription_id))
    return found


@periodic("daily.sweep", crontab(minute="*"))
def sweep(now: datetime | None = None) -> int:
    """Queue the daily emails due now (the ledger's keys drop repeats); how many new."""
    queued = ledger.queue_many(DAILY_KIND, due(now or utcnow()))
    db.session.commit()
    return queued


def progress_token(subscription: DailySubscription) -> str:
    """The token of the link that opens the subscriber's progress on any device."""
    return sign(PROGRESS_PURPOSE, subscription.id)


def _subscription(message) -> DailySubscription:
    subscription = db.session.get(DailySubscription, message.subject_id)
    if subscription is None:
        raise ledger.Skip("The subscription was erased.")
    return subscription


def build_confirmation(message, now):
    """The opt-in's confirmation link (what was asked rides in the message's key)."""
    subscription = _subscription(message)
    request = request_in_key(message.idempotency_key)
    week = db.session.get(Week, subscription.week_id)
    if week is None or week.status != "published" or date_in(now, request.timezone) > (
            week.end_date):
        raise ledger.Skip("The week is over or no longer published.")
    return compose(subscription.email, f"Confirm: {week.title}, each day's actions by email",
                   "daily/mail/confirm", week=week, minutes=request.minutes,
                   confirm_url=external_url("daily.confirm", token=confirm_token(request)))


def date_in(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def build_daily(message, now):
    """One day's email: today's actions that fit, what is done, today's session."""
    subscription = _subscription(message)
    if subscription.confirmed_at is None or subscription.stopped_at is not None:
        raise ledger.Skip("The daily email was stopped.")
    day_date = date.fromisoformat(message.idempotency_key.rsplit(":", 1)[1])
    week_row = db.session.get(Week, subscription.week_id)
    if week_row is None or week_row.status != "published":
        raise ledger.Skip("The week is no longer published.")
    week = published_snapshot(week_row.slug)
    day = next((d for d in week.days if d.date == day_date), None)
    if day is None:
        raise ledger.Skip("That day is not part of the week any more.")
    done = done_in_week(subscription.participant_id, week.id)
    left = [action for action in day.actions if action.id not in done]
    if not left:
        raise ledger.Skip("Nothing left to do that day.")
    budget = subscription.minutes or sum(action.minutes for action in left)
    chosen_ids = {item.id for item in suggest(
        [PlanItem(a.id, a.minutes, False) for a in left], budget)}
    zone = ZoneInfo(subscription.timezone)
    sessions = [(s, s.starts_at.astimezone(zone)) for s in day.sessions
                if s.cancelled_at is None]
    day_url = external_url("checklists.day", week_slug=week.slug, day=day.date)
    return compose(
        subscription.email, f"Today in {week.title}" + (f": {day.title}" if day.title else ""),
        "daily/mail/actions",
        mailing_list=MAILING_LIST, week=week, day=day, minutes=subscription.minutes,
        chosen=[a for a in left if a.id in chosen_ids],
        later=[a for a in left if a.id not in chosen_ids],
        done=[a for a in day.actions if a.id in done], sessions=sessions, day_url=day_url,
        progress_url=external_url("daily.progress", token=progress_token(subscription)))


ledger.register_kind(CONFIRM_KIND, build_confirmation)
ledger.register_kind(DAILY_KIND, build_daily, MAILING_LIST)
