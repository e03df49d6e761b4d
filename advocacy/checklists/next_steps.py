"""The next step after anything an advocate does: the first action of today not done
yet, else the first undone one of a later day, else the recordings (the week is done
or over). Used by every success page, so none is a dead end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for

from ..database import utcnow
from ..errors import NotFound
from ..weeks import services as weeks
from ..weeks.snapshot import published_snapshot
from ..weeks.timezones import date_in_zone
from .browser import browser_progress


@dataclass(frozen=True)
class NextStep:
    title: str
    minutes: int | None
    url: str
    when: str  # "today" | "later" | "recordings"
    day: date | None
    week_title: str
    week_url: str
    week_slug: str


def next_step(week_slug: str | None = None) -> NextStep | None:
    """The next step in the current (or given) published week for this browser."""
    slug = week_slug or weeks.cached_current_slug(utcnow())
    if not slug:
        return None
    try:
        week = published_snapshot(slug)
    except NotFound:
        return None
    return next_step_in(week, browser_progress(week.id)[1],
                        date_in_zone(utcnow(), week.timezone))


def next_step_in(week, done, today: date) -> NextStep:
    """The next step in ``week`` (a snapshot) for one with ``done`` completions."""
    week_url = url_for("weeks.week", week_slug=week.slug)
    for day in week.days:
        if day.date < today:
            continue
        for action in day.actions:
            if action.id not in done:
                return NextStep(
                    action.title, action.minutes,
                    url_for("checklists.day", week_slug=week.slug, day=day.date)
                    + f"#action-{action.id}",
                    "today" if day.date == today else "later", day.date, week.title, week_url,
                    week.slug)
    return NextStep("Watch the week's recordings", None, week_url, "recordings",
                    None, week.title, week_url, week.slug)
