"""Registration POST benchmark, in-process through the test client (what the request
itself costs: parsing, the capacity lock, the row, the ledger row and the queued task
after commit — no network, no server).

Compare two checkouts by running this file from each with ``--src`` naming the
checkout's folder, alternately (``--rounds``); the median of each is reported.

Usage: python bench/registration_bench.py [--requests 400] [--src .]
Prints requests per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def one_round(src: Path, requests: int) -> float:
    sys.path.insert(0, str(src))
    import advocacy
    from advocacy import create_app
    from advocacy.extensions import db

    assert Path(advocacy.__file__).resolve().is_relative_to(src), advocacy.__file__
    from advocacy.weeks import editing
    from advocacy.weeks.models import Week

    instance = tempfile.mkdtemp(prefix="advocacy-registration-bench-")
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": instance,
                      "DATABASE_URL": f"sqlite:///{instance}/bench.sqlite3",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "LOG_LEVEL": "WARNING"})
    with app.app_context():
        db.create_all()
        start = (datetime.now(UTC) + timedelta(days=10)).date()
        week = editing.create_week(editing.WeekData(
            title="Bench", slug="bench", timezone="America/New_York", start_date=start,
            end_date=start), None)
        live = editing.save_session(week, None, editing.SessionData(
            title="Session", starts_local=datetime.combine(start, datetime.min.time())
            + timedelta(hours=16), duration_minutes=60, capacity=10 ** 6), None)
        db.session.get(Week, week.id).status = "published"
        db.session.commit()
        session_id = live.id
    client = app.test_client()
    url = f"/sessions/{session_id}/register"
    for n in range(20):  # warm up
        client.post(url, data={"name": "Warm", "email": f"w{n}@example.org"})
    began = time.perf_counter()
    for n in range(requests):  # each from a browser of its own, as people register
        client = app.test_client()
        response = client.post(url, data={"name": f"Advocate {n}", "email": f"a{n}@example.org",
                                          "reminders": "y"})
        assert response.status_code == 302, response.status_code
    return requests / (time.perf_counter() - began)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    rates = []
    for _ in range(args.rounds):
        rates.append(one_round(args.src.resolve(), args.requests))
    print(f"{statistics.median(rates):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
