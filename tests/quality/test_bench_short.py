"""The short version of `make bench` in CI: the benchmarks run end to end and report
well-formed figures. (Targets are judged from full runs, in docs/performance.md: a
timed assertion here would only measure the CI machine.) One test a benchmark, so
parallel workers share them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import BACKEND, required

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(BACKEND != "sqlite",
                                reason="the benchmarks bring their own SQLite")


def bench(*arguments: str, out: Path | None = None, name: str | None = None):
    """Run ``bench/<arguments>``; its JSON figures (``out/name``) or its printed output."""
    command = [sys.executable, *arguments] + (["--out", str(out)] if out else [])
    result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True,
                            timeout=300)
    return json.loads((out / name).read_text()) if out and name else result.stdout


def test_http_bench(tmp_path):
    if shutil.which("wrk") is None:
        if required("wrk"):
            pytest.fail("wrk not found and REQUIRE_WRK=1")
        pytest.skip("wrk not found")
    http = bench("bench/http_bench.py", "--duration", "1", "--warmup", "0", "--rounds", "1",
                 "--connections", "4", "--participants", "500", "--shared-servers",
                 out=tmp_path, name="http.json")["results"]
    assert set(http) == {"bare", "flask", "home", "week", "day", "story_form", "tick", "story"}
    assert all(r["rps"] > 0 and r["non_2xx"] == 0 and r["ratio"] > 0 for r in http.values())


def test_stories_bench(tmp_path):
    (row,) = bench("bench/stories_bench.py", "--sizes", "300", out=tmp_path,
                   name="stories.json")
    assert row["stories"] == 300 and row["csv"]["bytes"] > 300 * 100
    assert row["csv"]["peak_rss_mb"] > 0 and row["letters"]["letters"] > 0


def test_mail_bench(tmp_path):
    mail = bench("bench/mail_bench.py", "--reminders", "100", out=tmp_path, name="mail.json")
    assert mail["received"] == 100 and mail["seconds"] > 0
    assert len(set(mail["sweep_queries"].values())) == 1  # constant: 10 or 100 registrations


def test_announce_bench(tmp_path):
    announce = bench("bench/announce_bench.py", "--recipients", "100", out=tmp_path,
                     name="announce.json")
    assert announce["received"] == 100 and announce["addresses_received_twice"] == 0


def test_registration_bench():
    assert float(bench("bench/registration_bench.py", "--requests", "30").strip()) > 0


def test_staff_bench(tmp_path):
    staff = bench("bench/staff_bench.py", "--signups", "300", "--stories", "120", "--others",
                  "120", "--health-seconds", "1", out=tmp_path, name="staff.json")
    assert all(row["status"] == 200 and row["kb"] > 0 for row in staff["pages"].values())
    assert staff["health"]["probes"] > 0


def test_kill_bench(tmp_path):
    (kill,) = bench("bench/kill_bench.py", "--seconds", "1", "--databases", "sqlite",
                    out=tmp_path, name="kill.json")
    assert kill["answered_2xx_3xx"] > 0 and kill["answered_rows_lost"] == 0
