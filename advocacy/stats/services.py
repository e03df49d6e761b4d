"""Organizer analytics for one week: every number from one grouped query each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal, select, union_all

from ..chapters.models import Chapter, ChapterSignup
from ..checklists.models import CALL_OUTCOMES, CallReport, Completion
from ..checklists.services import CALL_OUTCOME_LABELS
from ..extensions import db
from ..stories.models import IMPACT_AREAS, Story, StoryImpactArea
from ..weeks.models import Action, Day, SessionRegistration


@dataclass
class WeekStats:
    completions_by_action: dict[int, int] = field(default_factory=dict)
    completions_by_day: dict = field(default_factory=dict)
    registrations: dict[int, int] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    stories_by_state: dict[str, int] = field(default_factory=dict)
    stories_by_area: dict[str, int] = field(default_factory=dict)
    signups_by_chapter: dict[str, int] = field(default_factory=dict)
    minutes: int = 0


def week_stats(week) -> WeekStats:
    """All the numbers of the stats page for ``week`` (a loaded schedule), in 5 queries."""
    stats = WeekStats()
    actions = {a.id: (day.date, a) for day in week.days for a in day.actions}
    rows = db.session.execute(
        select(Completion.action_id, func.count()).join(Action, Completion.action_id == Action.id)
        .join(Day, Action.day_id == Day.id).where(Day.week_id == week.id)
        .group_by(Completion.action_id))
    stats.completions_by_day = {day.date: 0 for day in week.days}
    for action_id, count in rows:
        stats.completions_by_action[action_id] = count
        if action_id in actions:
            day, action = actions[action_id]
            stats.completions_by_day[day] += count
            stats.minutes += count * action.minutes
    session_ids = [s.id for day in week.days for s in day.sessions]
    stats.registrations = dict.fromkeys(session_ids, 0) | {
        session_id: count for session_id, count in db.session.execute(
            select(SessionRegistration.session_id, func.count())
            .where(SessionRegistration.session_id.in_(session_ids or [0]),
                   SessionRegistration.cancelled_at.is_(None))
            .group_by(SessionRegistration.session_id))}
    stats.calls = dict.fromkeys(CALL_OUTCOMES, 0) | {
        outcome: count for outcome, count in db.session.execute(
            select(CallReport.outcome, func.count()).where(CallReport.action_id.in_(
                list(actions) or [0])).group_by(CallReport.outcome))}
    by_state = (select(literal("state").label("kind"), Story.state.label("key"),
                       func.count().label("n"))
                .where(Story.week_id == week.id).group_by(Story.state))
    by_area = (select(literal("area").label("kind"), StoryImpactArea.area.label("key"),
                      func.count().label("n"))
               .join(Story, Story.id == StoryImpactArea.story_id)
               .where(Story.week_id == week.id).group_by(StoryImpactArea.area))
    for kind, key, count in db.session.execute(union_all(by_state, by_area)):
        (stats.stories_by_state if kind == "state" else stats.stories_by_area)[key] = count
    # Sign-ups made during the week (in its own zone), not every sign-up ever.
    zone = ZoneInfo(week.timezone)
    opens = datetime.combine(week.start_date, time.min, tzinfo=zone)
    closes = datetime.combine(week.end_date + timedelta(days=1), time.min, tzinfo=zone)
    during = ChapterSignup.created_at.between(opens, closes - timedelta(microseconds=1))
    stats.signups_by_chapter = {name: count for name, count in db.session.execute(
        select(Chapter.name, func.count(ChapterSignup.id))
        .join(ChapterSignup, (ChapterSignup.chapter_id == Chapter.id) & during, isouter=True)
        .group_by(Chapter.id, Chapter.name).order_by(Chapter.name))}
    return stats


def day_label(day: date) -> str:
    """How the page names a day: "Mon, May 4"."""
    return f"{day:%a}, {day:%b} {day.day}"


def tables(week, stats: WeekStats, day_name=date.isoformat
           ) -> dict[str, tuple[list[str], list[list]]]:
    """Every number of the page as named tables: (header, rows) — for CSV (days as
    ISO dates) and the page (``day_name=day_label``)."""
    sessions = [s for day in week.days for s in day.sessions]
    return {
        "completions_by_day": (["day", "completions"], [
            [day_name(day), count] for day, count in stats.completions_by_day.items()]),
        "completions_by_action": (["day", "action", "minutes", "completions"], [
            [day_name(day.date), a.title, a.minutes, stats.completions_by_action.get(a.id, 0)]
            for day in week.days for a in day.actions]),
        "registrations": (["session", "registered", "capacity"], [
            [s.title, stats.registrations.get(s.id, 0), s.capacity or ""] for s in sessions]),
        "calls": (["outcome", "calls"], [
            [CALL_OUTCOME_LABELS[key], count] for key, count in stats.calls.items()]),
        "stories_by_state": (["state", "stories"], sorted(
            [[key, count] for key, count in stats.stories_by_state.items()])),
        "stories_by_area": (["impact area", "stories"], [
            [IMPACT_AREAS.get(key, key), count]
            for key, count in sorted(stats.stories_by_area.items())]),
        "signups_by_chapter": (["chapter", "sign-ups"], [
            [name, count] for name, count in stats.signups_by_chapter.items()]),
        "minutes": (["total minutes of advocacy"], [[stats.minutes]]),
    }
