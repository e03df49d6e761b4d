"""The path planner's properties, for any actions and any budget (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy.checklists.planner import PlanItem, plan_week, streak, suggest

items_strategy = st.lists(
    st.tuples(st.integers(1, 240), st.booleans()), max_size=40
).map(lambda pairs: [PlanItem(id=i, minutes=m, done=d) for i, (m, d) in enumerate(pairs)])
budgets = st.integers(-10, 600)


@settings(max_examples=500)
@given(items_strategy, budgets)
def test_suggestion_properties(items, budget):
    chosen = suggest(items, budget)
    assert sum(item.minutes for item in chosen) <= max(budget, 0)   # never over the budget
    assert not any(item.done for item in chosen)                    # never a done action
    positions = [items.index(item) for item in chosen]
    assert positions == sorted(positions)                           # the organizer's order
    left = max(budget, 0) - sum(item.minutes for item in chosen)
    rest = [i for i in items if not i.done and i not in chosen]
    assert not any(item.minutes <= left for item in rest)           # cannot be extended


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(1, 60), st.booleans()), max_size=10)
       .map(lambda pairs: [PlanItem(id=i, minutes=m, done=d) for i, (m, d) in enumerate(pairs)]),
       st.integers(0, 180))
def test_the_suggestion_fills_the_time_best(items, budget):
    """Issue 15, item 3: the best combination, not the first that fits."""
    from itertools import combinations

    todo = [item for item in items if not item.done]
    best = max((sum(i.minutes for i in combo) for n in range(len(todo) + 1)
                for combo in combinations(todo, n)
                if sum(i.minutes for i in combo) <= budget), default=0)
    assert sum(item.minutes for item in suggest(items, budget)) == best


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 60), st.booleans()), max_size=30),
       st.integers(0, 120))
def test_week_plan_follows_the_same_rules_per_day(specs, per_day):
    start = date(2027, 5, 3)
    days = [start + timedelta(days=n) for n in range(5)]
    items = sorted((PlanItem(id=i, minutes=m, done=d, day=days[o])
                    for i, (o, m, d) in enumerate(specs)), key=lambda it: (it.day, it.id))
    plan = plan_week(items, days, per_day)
    seen = set()
    for day, chosen in plan.items():
        assert sum(item.minutes for item in chosen) <= per_day
        assert not any(item.done or item.day > day or item.id in seen for item in chosen)
        seen.update(item.id for item in chosen)


def test_examples():
    items = [PlanItem(1, 5, False), PlanItem(2, 30, False), PlanItem(3, 15, True),
             PlanItem(4, 15, False), PlanItem(5, 5, False)]
    assert [i.id for i in suggest(items, 15)] == [4]      # 15 minutes, not 5 + 5
    assert [i.id for i in suggest(items, 30)] == [2]      # the 30, not 5 + 15 + 5
    assert [i.id for i in suggest(items, 25)] == [1, 4, 5]
    assert [i.id for i in suggest(items, 60)] == [1, 2, 4, 5]
    assert suggest(items, 0) == []


def test_streak():
    days = [date(2027, 5, d) for d in range(3, 8)]
    assert streak({days[0], days[1]}, days, days[2]) == 2       # today not done yet
    assert streak({days[0], days[1], days[2]}, days, days[2]) == 3
    assert streak({days[0], days[2]}, days, days[2]) == 1
    assert streak(set(), days, days[4]) == 0
    assert streak(set(days), days, date(2027, 6, 1)) == 5       # after the week
