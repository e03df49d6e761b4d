"""Staff lists: filters read from the query string with bounded types, and pages.

Every staff list is paged (``PER_PAGE`` rows, counted by one query) and keeps its
filters and sort in its links. A filter is declared once, with its parser: only the
declared keys are read, a value that does not parse is ignored (never a 500), and
``Filters.query`` gives back only the known, valid keys for links (so
``?endpoint=x``, ``?_anchor=`` or ``?_external=1`` never reach ``url_for``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func

from .extensions import db

PER_PAGE = 50
MAX_PAGE = 100_000
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

Parser = Callable[[str], object]


def choice(*allowed: str) -> Parser:
    """One of ``allowed``."""
    known = frozenset(allowed)

    def parse(raw: str) -> str:
        if raw not in known:
            raise ValueError(raw)
        return raw
    return parse


def bounded_int(low: int, high: int) -> Parser:
    """An integer written in ASCII digits, from ``low`` to ``high``."""
    digits = re.compile(r"-?[0-9]{1,12}")

    def parse(raw: str) -> int:
        if not digits.fullmatch(raw.strip()):
            raise ValueError(raw)
        value = int(raw)
        if not low <= value <= high:
            raise ValueError(raw)
        return value
    return parse


def iso_date(raw: str) -> date:
    """A YYYY-MM-DD date between 2000 and 2100."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
        raise ValueError(raw)
    value = date.fromisoformat(raw.strip())
    if not EARLIEST <= value <= LATEST:
        raise ValueError(raw)
    return value


def text(max_length: int) -> Parser:
    """Free text, trimmed, at most ``max_length`` characters; no control characters."""
    def parse(raw: str) -> str:
        value = raw.strip()
        if not value or len(value) > max_length or any(ord(ch) < 32 for ch in value):
            raise ValueError(raw)
        return value
    return parse


@dataclass(frozen=True)
class Filters:
    """The parsed filters of one list: ``values`` (every declared key, None when absent
    or invalid) and ``query`` (the valid ones as strings, for links)."""

    values: dict
    query: dict

    def __getitem__(self, name: str):
        return self.values[name]

    def get(self, name: str, default=None):
        value = self.values.get(name)
        return default if value is None else value


def read_filters(args: Mapping[str, str], spec: Mapping[str, Parser]) -> Filters:
    """The filters of ``spec`` read from ``args`` (request.args); see the module."""
    values, query = {}, {}
    for name, parse in spec.items():
        raw = args.get(name)
        values[name] = None
        if raw is None or len(raw) > 200:
            continue
        try:
            values[name] = parse(raw)
        except (ValueError, OverflowError):
            continue
        query[name] = raw.strip()
    return Filters(values, query)


def page_number(args: Mapping[str, str]) -> int:
    """The ``page`` query value (1 when absent or invalid)."""
    try:
        return bounded_int(1, MAX_PAGE)(args.get("page", "1"))
    except ValueError:
        return 1


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, the total count and where it stands."""

    items: list
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * self.per_page, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def count_of(statement: Select) -> int:
    """How many rows ``statement`` selects (one COUNT query, its ORDER BY dropped)."""
    return db.session.execute(db.select(func.count()).select_from(
        statement.order_by(None).subquery())).scalar_one()


def page_of(statement: Select, number: int, per_page: int = PER_PAGE,
            scalars: bool = True) -> Page:
    """Page ``number`` of ``statement`` (clamped to the last page)."""
    total = count_of(statement)
    number = min(max(1, number), max(1, math.ceil(total / per_page)))
    result = db.session.execute(statement.limit(per_page).offset((number - 1) * per_page))
    items = list(result.scalars() if scalars else result)
    return Page(items, total, number, per_page)
