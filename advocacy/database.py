"""Engine set-up per database, shared column types and time helpers.

SQLite runs with WAL, a busy timeout and foreign keys on. Its write
transactions start with ``BEGIN IMMEDIATE`` so that two writers queue instead of
failing with "database is locked" when a deferred transaction that has read tries
to write. Read-only requests (GET, HEAD, OPTIONS) start a plain deferred
transaction so readers never queue.

A writer that finds another one waits by short polls of its own (0.1 ms, doubling
to 2 ms, until the busy timeout), not by SQLite's busy handler: that one sleeps 1,
2, 5, 10 … up to 100 ms between tries, so under concurrent writers the database
sat idle most of the time (two gunicorn workers posting stories managed 100 a
second; see docs/performance.md).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import has_request_context, request
from sqlalchemy import CheckConstraint, DateTime, event, inspect, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Execution option for a connection that only reads, even inside a POST.
READ_ONLY_OPTION = "advocacy_read_only"


def utcnow() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC; comes back aware on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def engine_options(url: str) -> dict:
    """Extra ``create_engine`` options for the database named by ``url``."""
    # hide_parameters: error messages never carry the values (personal data).
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                "hide_parameters": True}
    return {"pool_pre_ping": True, "hide_parameters": True}


def configure_engine(engine: Engine) -> None:
    """Attach the per-connection rules of the engine's database."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, emit BEGIN (see _sqlite_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION)
        if read_only or _read_only_request():
            connection.exec_driver_sql("BEGIN")
        else:
            begin_immediate(connection.connection.driver_connection)


def begin_immediate(dbapi_connection: sqlite3.Connection,
                    timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    """``BEGIN IMMEDIATE``, waiting for another writer by short polls (see above)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=0")
        deadline, delay = time.monotonic() + timeout_ms / 1000, 0.0001
        while True:
            try:
                cursor.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.002)
    finally:
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.close()


@contextmanager
def read_only_connection(engine: Engine) -> Iterator:
    """A pooled connection of its own for reads that must not start the request's write
    transaction (on SQLite a plain ``BEGIN``, even inside a POST)."""
    with engine.connect() as connection:
        yield connection.execution_options(**{READ_ONLY_OPTION: True})


def schema_ready(db) -> bool:
    """Whether every table of the models exists (``flask db upgrade`` has run)."""
    existing = set(inspect(db.engine).get_table_names())
    return set(db.metadata.tables) <= existing


def _read_only_request() -> bool:
    return has_request_context() and request.method in READ_ONLY_METHODS


def dialect_insert(dialect_name: str):
    """The INSERT construct of the database (it has ``on_conflict_do_nothing``):
    every insert a unique key can refuse uses it, so a race answers cleanly."""
    return pg_insert if dialect_name == "postgresql" else sqlite_insert


def one_of(column: str, values) -> CheckConstraint:
    """CHECK that ``column`` holds one of ``values`` (named ck_<table>_<column>)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


def one_at_a_time(session, key: str) -> None:
    """Run the rest of ``session``'s transaction after any other that asked for
    ``key`` (a double click, two people at once): a transaction's advisory lock on
    PostgreSQL; SQLite's write transactions already run one at a time."""
    if session.get_bind().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(),
                                "big", signed=True)  # the lock's bigint, the same everywhere
        session.execute(text("SELECT pg_advisory_xact_lock(:number)"), {"number": number})
