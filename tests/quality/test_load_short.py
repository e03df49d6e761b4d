"""The short version of `make bench`'s load run, in CI: gunicorn -w 2 under wrk for a
couple of seconds per load, on this run's database. No 5xx, no "database is locked",
and every success the server answered is exactly one row."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import BACKEND, required


@pytest.fixture
def load_database_url(request):
    if BACKEND != "postgresql":
        return None
    return request.getfixturevalue("postgres_base_url") + "/advocacy_load"


def test_short_load_without_loss(load_database_url):
    if shutil.which("wrk") is None:
        if required("wrk"):
            pytest.fail("wrk not found and REQUIRE_WRK=1")
        pytest.skip("wrk not found")
    from bench.load_bench import run

    if load_database_url:
        _fresh_database(load_database_url)
    result = run(BACKEND, workers=2, duration=2, connections=8,
                 database_url=load_database_url)
    assert result["served_2xx_3xx"]["5xx"] == 0
    assert result["database_locked"] == 0
    assert result["served_2xx_3xx"]["tick"] > 50 and result["served_2xx_3xx"]["story"] > 10
    assert result["rows_match"], result
    for kind in ("tick", "story"):
        assert result[kind]["server_errors"] == 0 and result[kind]["client_errors"] == 0


def _fresh_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    server = target.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {target.database}")
        connection.execute(f"CREATE DATABASE {target.database}")
