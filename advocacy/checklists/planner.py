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
    """Actions to do now: the not-done actions whose minutes fill ``budget`` best (the
    largest total that fits; among equals, the earliest in the organizer's order).

    A subset sum over the remaining actions (a day has a handful, budgets are at most
    a day's minutes): with 30 minutes and actions of 5 and 30, the 30 — not the 5."""
    budget = max(budget, 0)
    todo = [item for item in items if not item.done and 0 < item.minutes <= budget]
    # best[i][b]: the most minutes actions i.. can fill within b.
    best = [[0] * (budget + 1) for _ in range(len(todo) + 1)]
    for i in range(len(todo) - 1, -1, -1):
        minutes = todo[i].minutes
        row, below = best[i], best[i + 1]
        for b in range(budget + 1):
            row[b] = below[b]
            if minutes <= b and minutes + below[b - minutes] > row[b]:
                row[b] = minutes + below[b - minutes]
    chosen, left = [], budget
    for i, item in enumerate(todo):  # the earliest actions that still reach the best
        if item.minutes <= left and item.minutes + best[i + 1][left - item.minutes] == (
                best[i][left]):
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
