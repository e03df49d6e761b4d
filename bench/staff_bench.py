"""Staff pages with a crowd: every list page's time and size, and /healthz beside them.

The demo week and chapters, then 50,000 chapter sign-ups, 20,000 stories, 20,000
registrations with a mail-ledger row each, 10,000 meeting reports, 20,000 webhook
deliveries, 20,000 audit events and 1,000 accounts (loaded in bulk). gunicorn -w 2
(sync) serves them; an admin GETs each staff page (first and a deep page) five times:
the median time and the size are reported against the targets (300 ms, 500 kB). Then
four clients load the heaviest page in a loop while /healthz is asked every 0.25 s:
its slowest answer is reported against 1 s.

Usage: python bench/staff_bench.py [--signups 50000] [--stories 20000] [--others 20000]
       [--database-url postgresql://...]   (default: SQLite in a temporary folder)
       [--out bench/out]
Writes bench/out/staff.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.pg_cluster import free_port  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "bench-admin-password-1"  # noqa: S105 - a throwaway bench account
TIME_TARGET_MS, SIZE_TARGET_KB, HEALTH_TARGET_MS = 300, 500, 1000

LOAD = """
import sys
from datetime import date, timedelta
from advocacy import create_app
from advocacy.accounts.models import User
from advocacy.accounts.services import create_user
from advocacy.audit import AuditEvent
from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.checklists.models import MeetingReport
from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.mail.models import Message
from advocacy.stories.models import Story
from advocacy.webhooks.models import WebhookDelivery
from advocacy.weeks.models import LiveSession, SessionRegistration
from advocacy.weeks.services import published_week

signups, stories, others = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
app = create_app()
with app.app_context():
    now = utcnow()
    admin = create_user("bench.admin@example.org", "%(password)s", "admin")
    chapter = db.session.execute(db.select(Chapter).order_by(Chapter.id)).scalars().first()
    week = published_week("nllw-from-home")
    live = db.session.execute(db.select(LiveSession).order_by(LiveSession.id)).scalars().first()
    live.capacity = None
    def bulk(model, rows):
        for start in range(0, len(rows), 5000):
            db.session.execute(db.insert(model), rows[start:start + 5000])
    interests = (["share_stories"], ["host_events", "contact_legislators"], [])
    bulk(ChapterSignup, [dict(chapter_id=chapter.id, name=f"Person {n}",
                              email=f"p{n}@example.org", zip="10001", phone=None,
                              interests=interests[n %% 3], consent_at=now, created_at=now,
                              updated_at=now) for n in range(signups)])
    bulk(Story, [dict(author_name=f"Author {n}", email=f"s{n}@example.org", library="Main",
                      city="Albany", state=("NY", "CA", "TX")[n %% 3], zip="12207",
                      district=20, title=f"Story {n}", body="Our library helps. " * 20,
                      status=("pending", "approved", "rejected")[n %% 3], created_at=now,
                      updated_at=now) for n in range(stories)])
    bulk(SessionRegistration, [dict(session_id=live.id, name=f"R {n}",
                                    email=f"r{n}@example.org", created_at=now)
                               for n in range(others)])
    ids = db.session.execute(db.select(SessionRegistration.id)).scalars().all()
    bulk(Message, [dict(kind="registration.confirmation", recipient=f"r{n}@example.org",
                        idempotency_key=f"bench:{i}", subject_type="registration",
                        subject_id=i, status=("sent", "failed", "queued")[n %% 3],
                        attempts=1, last_error="", next_attempt_at=now, created_at=now)
                   for n, i in enumerate(ids)])
    bulk(MeetingReport, [dict(week_id=week.week_id if hasattr(week, "week_id") else week.id,
                              legislator_name=f"Rep. {n}", state="NY",
                              meeting_date=date(2026, 11, 1), format="phone",
                              attendees="A few of us", notes="Went well.", follow_up=False,
                              created_at=now) for n in range(others // 2)])
    bulk(WebhookDelivery, [dict(chapter_id=chapter.id, event="signup.created",
                                payload=None, status="delivered", attempts=1,
                                next_attempt_at=now, created_at=now)
                           for n in range(others)])
    bulk(AuditEvent, [dict(actor_id=admin.id, action=("story.approve", "signups.exported")[n %% 2],
                           subject_type="story", subject_id=str(n), detail={}, summary="",
                           created_at=now) for n in range(others)])
    bulk(User, [dict(email=f"u{n}@example.org", role="coordinator", display_name="",
                     password_hash=admin.password_hash, session_token=f"bench-token-{n}",
                     created_at=now) for n in range(others // 20)])
    db.session.commit()
    print(chapter.slug, week.slug if hasattr(week, "slug") else "nllw-from-home")
"""


def prepare(env: dict, signups: int, stories: int, others: int) -> tuple[str, str]:
    flask = [str(BIN / "flask"), "--app", "advocacy"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo", "load"], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", LOAD % {"password": PASSWORD},
                          str(signups), str(stories), str(others)], env=env, check=True,
                         capture_output=True, text=True).stdout
    chapter, week = out.strip().splitlines()[-1].split()
    return chapter, week


def signed_in(base: str) -> requests.Session:
    web = requests.Session()
    page = web.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    answer = web.post(f"{base}/login", timeout=30, allow_redirects=False, data={
        "csrf_token": token, "email": "bench.admin@example.org", "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    return web


def measure(web: requests.Session, url: str, times: int = 5) -> dict:
    spent, size, status = [], 0, 0
    for _ in range(times):
        started = time.perf_counter()
        answer = web.get(url, timeout=60)
        spent.append((time.perf_counter() - started) * 1000)
        size, status = len(answer.content), answer.status_code
    return {"median_ms": round(statistics.median(spent), 1), "max_ms": round(max(spent), 1),
            "kb": round(size / 1024, 1), "status": status}


def health_beside_heavy_pages(base: str, url: str, seconds: float = 6) -> dict:
    stop, counts = threading.Event(), []
    sessions = [signed_in(base) for _ in range(4)]

    def hammer(web: requests.Session) -> None:
        done = 0
        while not stop.is_set():
            web.get(url, timeout=60)
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=hammer, args=(web,)) for web in sessions]
    for thread in threads:
        thread.start()
    waits = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        assert requests.get(f"{base}/healthz", timeout=30).status_code == 200
        waits.append((time.perf_counter() - started) * 1000)
        time.sleep(0.25)
    stop.set()
    for thread in threads:
        thread.join()
    return {"healthz_max_ms": round(max(waits), 1),
            "healthz_median_ms": round(statistics.median(waits), 1),
            "probes": len(waits), "heavy_pages_served": sum(counts)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=50_000)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--others", type=int, default=20_000,
                        help="registrations, deliveries, audit events (half as many "
                             "meeting reports, a twentieth as many accounts)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--health-seconds", type=float, default=6)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ADVOCACY_INSTANCE_PATH": folder,
               "ADVOCACY_SECRET_KEY": "bench-secret", "ADVOCACY_LOG_LEVEL": "WARNING",
               "ADVOCACY_LOGIN_RATE_LIMIT": "1000 per minute"}
        if args.database_url:
            env["ADVOCACY_DATABASE_URL"] = args.database_url
        chapter, week = prepare(env, args.signups, args.stories, args.others)
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:advocacy.gunicorn_conf", "-w", "2",
             "-b", f"127.0.0.1:{port}", "advocacy:create_app()"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    requests.get(f"{base}/healthz", timeout=2)
                    break
                except requests.RequestException:
                    time.sleep(0.1)
            web = signed_in(base)
            pages = {
                "chapter sign-ups": f"/coordinate/chapters/{chapter}",
                "chapter sign-ups, page 900, by name": f"/coordinate/chapters/{chapter}"
                                                      "?sort=name&page=900",
                "chapter sign-ups, by interest": f"/coordinate/chapters/{chapter}"
                                                 "?interest=host_events",
                "stories": "/coordinate/stories/",
                "stories, pending NY, page 100": "/coordinate/stories/?status=pending"
                                                 "&state=NY&page=100",
                "coordinator dashboard": "/coordinate/",
                "meeting reports": f"/organize/weeks/{week}/reports",
                "mail ledger, failed": f"/organize/weeks/{week}/mail",
                "webhook deliveries": f"/coordinate/chapters/{chapter}/webhook",
                "users": "/organize/users/",
                "audit log": "/organize/audit/",
                "audit log, page 300": "/organize/audit/?page=300",
                "organizer dashboard": "/organize/",
                "week (organizer)": f"/organize/weeks/{week}",
                "week stats": f"/organize/weeks/{week}/stats/",
            }
            for url in pages.values():  # warm both workers
                web.get(base + url, timeout=60)
                web.get(base + url, timeout=60)
            results = {name: measure(web, base + url) for name, url in pages.items()}
            heaviest = max(results, key=lambda name: results[name]["median_ms"])
            health = health_beside_heavy_pages(base, base + pages[heaviest], args.health_seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{'page':42} {'median ms':>9} {'max ms':>7} {'kB':>7}")
    for name, row in results.items():
        print(f"{name:42} {row['median_ms']:9.1f} {row['max_ms']:7.1f} {row['kb']:7.1f}"
              f"{'' if row['status'] == 200 else '  status ' + str(row['status'])}")
    print(f"/healthz beside 4 clients loading '{heaviest}': max {health['healthz_max_ms']} ms,"
          f" median {health['healthz_median_ms']} ms ({health['probes']} probes, "
          f"{health['heavy_pages_served']} heavy pages served)")
    ok = all(r["status"] == 200 and r["median_ms"] <= TIME_TARGET_MS
             and r["kb"] <= SIZE_TARGET_KB for r in results.values()) and (
        health["healthz_max_ms"] <= HEALTH_TARGET_MS)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "staff.json").write_text(json.dumps({
        "signups": args.signups, "stories": args.stories, "pages": results,
        "heaviest": heaviest, "health": health, "targets_met": ok}, indent=2))
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
