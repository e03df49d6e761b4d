"""Bulk moderation benchmark: one coordinator approves 500 pending stories in one
request (each audited, each approval's webhook event queued), in process through the
test client, on SQLite and on a throwaway PostgreSQL cluster.

Usage: python bench/moderation_bench.py [--stories 500] [--databases sqlite postgresql]
Writes bench/out/moderation.json and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.databases import database_url  # noqa: E402

PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway database's account)


def one_run(url: str | None, count: int) -> dict:
    from sqlalchemy import func, insert

    from advocacy import create_app
    from advocacy.accounts.services import create_user
    from advocacy.audit import AuditEvent
    from advocacy.chapters.models import Chapter, ChapterState
    from advocacy.extensions import db
    from advocacy.stories.models import Story, StoryConsent

    instance = tempfile.mkdtemp(prefix="advocacy-moderation-bench-")
    config = {"SECRET_KEY": "bench", "INSTANCE_PATH": instance, "LOG_LEVEL": "WARNING",
              "DATABASE_URL": url or f"sqlite:///{instance}/bench.sqlite3"}
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        chapter = Chapter(slug="new-york", name="New York", states=[ChapterState(state="NY")])
        db.session.add(chapter)
        user = create_user("coordinator@example.org", PASSWORD, "coordinator")
        user.chapters = [chapter]
        db.session.flush()
        ids = db.session.execute(insert(Story).returning(Story.id), [
            {"author_name": f"Advocate {n}", "email": f"a{n}@example.org", "library": "Main",
             "city": "Albany", "state": "NY", "zip": "12207", "district": 20,
             "title": f"Story {n}", "body": "Our library lent hotspots to families. " * 4,
             "status": "pending"} for n in range(count)]).scalars().all()
        db.session.execute(insert(StoryConsent), [
            {"story_id": story_id, "kind": "share", "policy_version": "bench"}
            for story_id in ids])
        db.session.commit()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": "coordinator@example.org",
                                "password": PASSWORD})
    page = client.get("/coordinate/stories/?status=pending").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    response = client.post("/coordinate/stories/bulk?status=pending", data={
        "csrf_token": token, "story_ids": [str(i) for i in ids], "decision": "approve",
        "note": "Thank you"})
    seconds = time.perf_counter() - started
    assert response.status_code == 303, response.status_code
    with app.app_context():
        approved = db.session.execute(db.select(func.count()).select_from(Story).where(
            Story.status == "approved")).scalar_one()
        audited = db.session.execute(db.select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "story.approve")).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return {"stories": count, "seconds": round(seconds, 3), "approved": approved,
            "audited": audited}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=500)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    results = {}
    for name in args.databases:
        with database_url(name) as url:
            results[name] = one_run(url, args.stories)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "moderation.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
