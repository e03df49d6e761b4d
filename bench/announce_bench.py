"""Announcement benchmark: one message to 50,000 daily-email subscribers of a week,
on SQLite (or ADVOCACY_DATABASE_URL), delivered by two `flask tasks worker` processes
to a local SMTP sink (aiosmtpd).

Reports the organizer's "send now" request (through the app, in process: it only
schedules), the wall time from the workers' start until every message is marked sent
(queueing the audience included), each worker's peak RSS (VmHWM), and the duplicates
(addresses the sink received more than once, and ledger keys repeated: both must be 0).
``ADVOCACY_MAIL_RATE`` is lifted for the run (the product's default, 600 a minute,
would spread 50,000 over 83 minutes by design): this measures what the workers can do.

Usage: python bench/announce_bench.py [--recipients 50000] [--processes 2]
Writes bench/out/announce.json and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: `bench` and `tests` are importable
from bench.mail_bench import FLASK, run_workers  # noqa: E402

PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway database's account)


def seed(count: int) -> tuple[str, int]:
    """A published week with ``count`` confirmed daily subscribers, an organizer and a
    draft to all of them: (organizer's email, the draft's id). In an app context."""
    from sqlalchemy import insert

    from advocacy.accounts.services import create_user
    from advocacy.announcements import services
    from advocacy.daily.models import DailySubscription
    from advocacy.extensions import db
    from advocacy.mail.models import address_hash
    from advocacy.weeks import editing
    from advocacy.weeks.models import Week

    today = datetime.now(UTC).date()
    week = editing.create_week(editing.WeekData(
        title="Bench week", slug="bench-week", timezone="America/New_York", start_date=today,
        end_date=today + timedelta(days=4)), None)
    db.session.get(Week, week.id).status = "published"
    organizer = create_user("organizer@example.org", PASSWORD, "organizer")
    db.session.flush()
    now = datetime.now(UTC)
    for start in range(0, count, 5000):
        db.session.execute(insert(DailySubscription), [
            {"week_id": week.id, "email": f"s{n}@example.org",
             "email_hash": address_hash(f"s{n}@example.org"), "minutes": 15,
             "timezone": "America/New_York", "confirmed_at": now, "created_at": now}
            for n in range(start, min(start + 5000, count))])
    draft = services.save_draft(organizer, db.session.get(Week, week.id), services.Draft(
        "Tonight's training", "**Bring a friend.** The link is on the [week's page]"
        "(https://advocacy.example.org/weeks/bench-week).", "daily"))
    db.session.commit()
    return organizer.email, draft.id


def send_now(app, organizer: str, announcement_id: int) -> float:
    """POST "send now" as the organizer, through the app; its wall time in seconds."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": organizer,
                                "password": PASSWORD})
    url = f"/organize/weeks/bench-week/messages/{announcement_id}"
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    response = client.post(f"{url}/send", data={"csrf_token": token, "when": "now"})
    seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    return seconds


def repeated_keys() -> int:
    from sqlalchemy import func

    from advocacy.extensions import db
    from advocacy.mail.models import Message

    inner = (db.select(Message.idempotency_key).group_by(Message.idempotency_key)
             .having(func.count() > 1).subquery())
    return db.session.execute(db.select(func.count()).select_from(inner)).scalar_one()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=50_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    from tests.mail_server import MailServer

    instance = tempfile.mkdtemp(prefix="advocacy-announce-bench-")
    with MailServer() as smtp:
        env = {**os.environ, "ADVOCACY_INSTANCE_PATH": instance, "ADVOCACY_LOG_LEVEL": "WARNING",
               "ADVOCACY_MAIL_URL": f"smtp://127.0.0.1:{smtp.port}?starttls=0",
               "ADVOCACY_MAIL_RATE": "10000000"}
        subprocess.run([*FLASK, "db", "upgrade"], env=env, check=True, capture_output=True)
        os.environ.update(env)
        from advocacy import create_app

        app = create_app()
        with app.app_context():
            organizer, announcement_id = seed(args.recipients)
        request_seconds = send_now(app, organizer, announcement_id)
        seconds, rss = run_workers(app, env, instance, args.recipients, args.processes,
                                   timeout=args.timeout)
        time.sleep(1)
        received = Counter(r.recipients[0] for r in smtp.messages)
        with app.app_context():
            repeated = repeated_keys()
    result = {"recipients": args.recipients, "worker_processes": args.processes,
              "send_request_seconds": round(request_seconds, 3), "seconds": seconds,
              "per_second": round(args.recipients / seconds, 1),
              "peak_rss_mb_per_process": rss, "received": sum(received.values()),
              "addresses_received_twice": sum(1 for n in received.values() if n > 1),
              "repeated_ledger_keys": repeated}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "announce.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
