"""The database a benchmark runs on: SQLite in its instance folder, or a throwaway
PostgreSQL cluster (the test suite's) started for the run."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@contextlib.contextmanager
def database_url(name: str) -> Iterator[str | None]:
    """None for SQLite (the app's default); a PostgreSQL URL, its cluster stopped after."""
    if name != "postgresql":
        yield None
        return
    from tests.pg_cluster import Cluster, find_pg_bin

    cluster = Cluster(find_pg_bin())
    try:
        yield cluster.start() + "/postgres"
    finally:
        cluster.stop()
