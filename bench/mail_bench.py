"""Mail benchmark: N due reminders swept and delivered by `flask tasks worker` to a
local SMTP sink (aiosmtpd), on SQLite (or ADVOCACY_DATABASE_URL).

Reports the wall time from the workers' start until every reminder is marked sent
(two worker processes by default, one per core: how production scales), each
worker's peak RSS (VmHWM), and the queries one reminder sweep issues for a small and
for the full number of registrations (the same: the sweep's queries do not grow with
the registrations).

Usage: python bench/mail_bench.py [--reminders 10000] [--processes 2] [--workers 1]
Writes bench/out/mail.json and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "advocacy"]


def seed_due_reminders(count: int, first: int = 0) -> int:
    """A published week whose session starts in 30 minutes, and ``count`` registrations
    with reminder consent made yesterday (their hour-before reminder is due). Runs in
    the current app context; returns the session's id."""
    from sqlalchemy import insert

    from advocacy.extensions import db
    from advocacy.weeks import editing
    from advocacy.weeks.models import LiveSession, SessionRegistration, Week

    now = datetime.now(UTC)
    zone = ZoneInfo("America/New_York")
    live = db.session.execute(db.select(LiveSession).join(LiveSession.day).join(Week).where(
        Week.slug == "bench-week")).scalars().first()
    if live is None:
        today = now.astimezone(zone).date()
        week = editing.create_week(editing.WeekData(
            title="Bench week", slug="bench-week", timezone=zone.key, start_date=today,
            end_date=today + timedelta(days=1)), None)
        starts = (now + timedelta(minutes=30)).astimezone(zone).replace(tzinfo=None)
        live = editing.save_session(week, None, editing.SessionData(
            title="Bench session", starts_local=starts.replace(second=0, microsecond=0),
            duration_minutes=60, capacity=1_000_000), None)
        db.session.get(Week, week.id).status = "published"
        db.session.commit()
    yesterday = now - timedelta(days=1)
    for start in range(first, first + count, 5000):
        db.session.execute(insert(SessionRegistration), [
            {"session_id": live.id, "name": f"Advocate {n}", "email": f"a{n}@example.org",
             "timezone": zone.key, "consent_reminders_at": yesterday, "created_at": yesterday}
            for n in range(start, min(start + 5000, first + count))])
    db.session.commit()
    return live.id


def sweep_queries() -> int:
    """The statements one reminder sweep issues (rolled back: nothing is queued)."""
    from sqlalchemy import event

    from advocacy.extensions import db
    from advocacy.weeks import notices

    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_execute", listener)
    try:
        notices.sweep()
    finally:
        event.remove(db.engine, "before_execute", listener)
        db.session.rollback()
    return len(statements)


def sent_count() -> int:
    from sqlalchemy import func

    from advocacy.extensions import db
    from advocacy.mail.models import Message

    try:
        return db.session.execute(db.select(func.count()).select_from(Message).where(
            Message.status == "sent")).scalar_one()
    finally:
        db.session.rollback()  # no transaction (and no SQLite lock) held between looks


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run_workers(app, env: dict, instance: str, messages: int, processes: int,
                threads: int = 1, timeout: int = 600) -> tuple[float, list[float]]:
    """Start ``processes`` workers and wait until ``messages`` are sent: (seconds from
    their start, each one's peak RSS in MB)."""
    started = time.monotonic()
    log = Path(instance) / "worker.log"
    workers = [subprocess.Popen([*FLASK, "tasks", "worker", "--workers", str(threads)],
                                env=env, stdout=log.open("a"), stderr=subprocess.STDOUT)
               for _ in range(processes)]
    try:
        with app.app_context():
            while (sent := sent_count()) < messages:
                if any(worker.poll() is not None for worker in workers):
                    raise SystemExit(log.read_text()[-2000:])
                if time.monotonic() - started > timeout:
                    raise SystemExit(f"timed out at {sent} sent")
                time.sleep(0.2)
        return (round(time.monotonic() - started, 1),
                [peak_rss_mb(worker.pid) for worker in workers])
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=2,
                        help="`tasks worker` processes sharing the queue (one per core)")
    parser.add_argument("--workers", type=int, default=1, help="threads per process")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.mail_server import MailServer

    instance = tempfile.mkdtemp(prefix="advocacy-mail-bench-")
    with MailServer() as smtp:
        env = {**os.environ, "ADVOCACY_INSTANCE_PATH": instance, "ADVOCACY_LOG_LEVEL": "WARNING",
               "ADVOCACY_MAIL_URL": f"smtp://127.0.0.1:{smtp.port}?starttls=0"}
        subprocess.run([*FLASK, "db", "upgrade"], env=env, check=True, capture_output=True)
        os.environ.update(env)
        from advocacy import create_app

        app = create_app()
        with app.app_context():
            small = max(1, min(100, args.reminders // 10))
            seed_due_reminders(small)
            queries_small = sweep_queries()
            seed_due_reminders(args.reminders - small, first=small)
            queries_full = sweep_queries()
        seconds, rss = run_workers(app, env, instance, args.reminders, args.processes,
                                   args.workers)
        received = len(smtp.messages)
    result = {"reminders": args.reminders, "worker_processes": args.processes,
              "threads_per_process": args.workers,
              "seconds": seconds, "per_second": round(args.reminders / seconds, 1),
              "peak_rss_mb_per_process": rss, "received": received,
              "sweep_queries": {str(small): queries_small, str(args.reminders): queries_full}}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "mail.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
