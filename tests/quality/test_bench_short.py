"""The short version of `make bench` in CI: the benchmarks run end to end and report
well-formed figures. (Targets are judged from full runs, in docs/performance.md: a
timed assertion here would only measure the CI machine.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import BACKEND, required

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(BACKEND != "sqlite", reason="the benchmarks bring their own SQLite")
def test_benchmarks_run_short(tmp_path):
    if shutil.which("wrk") is None:
        if required("wrk"):
            pytest.fail("wrk not found and REQUIRE_WRK=1")
        pytest.skip("wrk not found")
    subprocess.run([sys.executable, "bench/http_bench.py", "--duration", "1", "--warmup", "0",
                    "--rounds", "1", "--connections", "4", "--participants", "500",
                    "--shared-servers",
                    "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    http = json.loads((tmp_path / "http.json").read_text())["results"]
    assert set(http) == {"bare", "flask", "home", "week", "day", "story_form", "tick", "story"}
    assert all(r["rps"] > 0 and r["non_2xx"] == 0 and r["ratio"] > 0 for r in http.values())
    subprocess.run([sys.executable, "bench/stories_bench.py", "--sizes", "300", "--out",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True, timeout=300)
    (row,) = json.loads((tmp_path / "stories.json").read_text())
    assert row["stories"] == 300 and row["csv"]["bytes"] > 300 * 100
    assert row["csv"]["peak_rss_mb"] > 0 and row["letters"]["letters"] > 0
    subprocess.run([sys.executable, "bench/mail_bench.py", "--reminders", "100", "--out",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True, timeout=300)
    mail = json.loads((tmp_path / "mail.json").read_text())
    assert mail["received"] == 100 and mail["seconds"] > 0
    assert len(set(mail["sweep_queries"].values())) == 1  # constant: 10 or 100 registrations
    subprocess.run([sys.executable, "bench/announce_bench.py", "--recipients", "100", "--out",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True, timeout=300)
    announce = json.loads((tmp_path / "announce.json").read_text())
    assert announce["received"] == 100 and announce["addresses_received_twice"] == 0
    rate = subprocess.run([sys.executable, "bench/registration_bench.py", "--requests", "30"],
                          cwd=ROOT, check=True, capture_output=True, text=True, timeout=300)
    assert float(rate.stdout.strip()) > 0
    subprocess.run([sys.executable, "bench/staff_bench.py", "--signups", "300", "--stories",
                    "120", "--others", "120", "--health-seconds", "1", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    staff = json.loads((tmp_path / "staff.json").read_text())
    assert all(row["status"] == 200 and row["kb"] > 0 for row in staff["pages"].values())
    assert staff["health"]["probes"] > 0
    subprocess.run([sys.executable, "bench/kill_bench.py", "--seconds", "1", "--databases",
                    "sqlite", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    (kill,) = json.loads((tmp_path / "kill.json").read_text())
    assert kill["answered_2xx_3xx"] > 0 and kill["answered_rows_lost"] == 0
