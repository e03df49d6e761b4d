"""The short version of `make bench`'s load run, in CI: gunicorn -w 2 under wrk for a
couple of seconds per load, on this run's database. No 5xx, no "database is locked",
and every success the server answered is exactly one row."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import BACKEND, required


def test_short_load_without_loss(database_url):
    if shutil.which("wrk") is None:
        if required("wrk"):
            pytest.fail("wrk not found and REQUIRE_WRK=1")
        pytest.skip("wrk not found")
    from bench.load_bench import run

    result = run(BACKEND, workers=2, duration=2, connections=8, database_url=database_url)
    assert result["served_2xx_3xx"]["5xx"] == 0
    assert result["database_locked"] == 0
    assert result["served_2xx_3xx"]["tick"] > 50 and result["served_2xx_3xx"]["story"] > 10
    assert result["rows_match"], result
    for kind in ("tick", "story"):
        assert result[kind]["server_errors"] == 0 and result[kind]["client_errors"] == 0
