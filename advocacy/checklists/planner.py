"""The path planner: which not-yet-done actions fit the time an advocate has.

Plain functions over plain data, tested without the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanItem:
    id: int
    minutes: int
    done: bool
    day: date | None = None  # the day the action belongs to (for week plans)


def suggest(items: list[PlanItem], budget: int) -> list[PlanItem]:
    """Actions to do now: in the organizer's order, never done ones, never over ``budget``.

    Greedy in order: an action is taken whenever it still fits. The result
    cannot be extended: any action left out did not fit when it was reached,
    and the time left only shrinks afterwards."""
    chosen, left = [], max(budget, 0)
    for item in items:
        if not item.done and item.minutes <= left:
            chosen.append(item)
            left -= item.minutes
    return chosen


def plan_week(items: list[PlanItem], days: list[date], per_day: int) -> dict[date, list[PlanItem]]:
    """Spread the remaining actions over ``days`` with ``per_day`` minutes each.

    Each day gets a ``suggest`` from the actions of that day or earlier that
    are not done and not yet planned, in the week's order; an action is never
    planned before its own day."""
    planned: set[int] = set()
    plan = {}
    for day in days:
        pool = [item for item in items
                if item.id not in planned and (item.day is None or item.day <= day)]
        plan[day] = suggest(pool, per_day)
        planned.update(item.id for item in plan[day])
    return plan


def streak(active_days: set[date], days: list[date], today: date) -> int:
    """Consecutive days of the week, up to today, with at least one action done.

    Today counts once something is done; until then the streak runs to yesterday."""
    past = [day for day in days if day <= today]
    if past and past[-1] == today and today not in active_days:
        past = past[:-1]
    count = 0
    for day in reversed(past):
        if day not in active_days:
            break
        count += 1
    return count
