"""The daily email on the email settings page: one switch per week still to come or
under way. A week's switch is on while its subscription runs and the address has not
left the daily list (an unsubscribe link in a daily email leaves the list: every
week's switch then shows off, and turning one on again turns on that one only)."""

from __future__ import annotations

from ..database import utcnow
from ..extensions import db
from ..mail import preferences
from ..weeks.models import Week
from ..weeks.timezones import date_in_zone
from .models import DailySubscription
from .services import MAILING_LIST, stop


def _running(hashed: str) -> list[tuple[DailySubscription, Week]]:
    rows = db.session.execute(
        db.select(DailySubscription, Week).join(Week, DailySubscription.week_id == Week.id)
        .where(DailySubscription.email_hash == hashed,
               DailySubscription.confirmed_at.is_not(None))
        .order_by(Week.start_date, Week.id)).all()
    now = utcnow()
    return [(subscription, week) for subscription, week in rows
            if date_in_zone(now, week.timezone) <= week.end_date]


def _list_left(hashed: str) -> bool:
    return not preferences.list_is_on(hashed, MAILING_LIST)


def switches(hashed: str) -> list[preferences.Switch]:
    """A switch per week whose daily email this address confirmed (not past weeks)."""
    left = _list_left(hashed)
    found = []
    for subscription, week in _running(hashed):
        amount = (f"the actions that fit {subscription.minutes} minutes"
                  if subscription.minutes else "every action of the day")
        found.append(preferences.Switch(
            f"daily:{subscription.id}", f"Daily actions: {week.title}",
            f"{amount}, at 08:00 ({subscription.timezone.replace('_', ' ')})",
            on=subscription.stopped_at is None and not left))
    return found


def save(hashed: str, wanted: dict[str, bool]) -> None:
    """Start or stop each week's daily email as the page says."""
    if not wanted:
        return
    if any(wanted.values()) and _list_left(hashed):
        preferences.set_list(hashed, MAILING_LIST, True)
    for subscription, _week in _running(hashed):
        on = wanted.get(f"daily:{subscription.id}")
        if on is True:
            subscription.stopped_at = None
        elif on is False:
            stop(subscription)


preferences.register_source(switches, save, covers=(MAILING_LIST,))
