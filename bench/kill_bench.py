"""kill -9 during a burst of writes: no row lost that got a 2xx/3xx answer.

gunicorn -w 2 (sync) serves the demo; eight clients POST stories and chapter sign-ups
(each with its own address, so every row can be traced to its request) as fast as
they can; after ``--seconds`` the whole gunicorn process group gets SIGKILL. Then:
every request answered 2xx/3xx must have its row; rows of requests whose answer was
lost in the kill are counted too (committed, then killed before the answer left); the
database must pass its integrity check and serve again after a restart.

Usage: python bench/kill_bench.py [--seconds 4] [--databases sqlite postgresql] [--out DIR]
Writes bench/out/kill.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.databases import database_url  # noqa: E402
from tests.pg_cluster import free_port  # noqa: E402

BIN = Path(sys.executable).parent
CLIENTS = 8
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def start(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:advocacy.gunicorn_conf", "-w", "2",
         "-b", f"127.0.0.1:{port}", "advocacy:create_app()"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            requests.get(f"{base}/healthz", timeout=2)
            return process, base
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def writer(base: str, chapter: str, index: int, stop: threading.Event, log: list) -> None:
    web = requests.Session()
    story_token = TOKEN.search(web.get(f"{base}/stories/new", timeout=10).text).group(1)
    signup_token = TOKEN.search(web.get(f"{base}/chapters/{chapter}", timeout=10).text
                                ).group(1)
    n = 0
    while not stop.is_set():
        n += 1
        kind = "story" if n % 2 else "signup"
        email = f"k{index}-{n}@example.org"
        if kind == "story":
            url, data = f"{base}/stories/new", {
                "csrf_token": story_token, "author_name": "Kill Tester", "email": email,
                "library": "Main Library", "city": "Albany", "state": "NY", "zip": "12207",
                "title": f"Story {index}-{n}", "impact_areas": "connectivity",
                "consent_share": "y",
                "body": "Our library lent hotspots so students could learn at home."}
        else:
            url, data = f"{base}/chapters/{chapter}", {
                "csrf_token": signup_token, "name": "Kill Tester", "email": email,
                "zip": "10001", "consent": "y"}
        try:
            status = web.post(url, data=data, timeout=10, allow_redirects=False).status_code
        except requests.RequestException:
            status = None  # the answer was lost (the kill)
        log.append((kind, email, status))
        if status is None:
            return


def rows(env: dict) -> dict[str, set[str]]:
    code = """
import json
from advocacy import create_app
from advocacy.chapters.models import ChapterSignup
from advocacy.extensions import db
from advocacy.stories.models import Story
from sqlalchemy import text
app = create_app()
with app.app_context():
    ok = True
    if db.engine.dialect.name == "sqlite":
        ok = db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    print(json.dumps({"story": list(db.session.execute(db.select(Story.email)).scalars()),
                      "signup": list(db.session.execute(db.select(ChapterSignup.email))
                                     .scalars()), "integrity": ok}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return {"story": set(data["story"]), "signup": set(data["signup"]),
            "integrity": data["integrity"]}


def run(database: str, url: str | None, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ADVOCACY_INSTANCE_PATH": folder,
               "ADVOCACY_SECRET_KEY": "bench-secret", "ADVOCACY_LOG_LEVEL": "WARNING",
               "ADVOCACY_STORY_RATE_LIMIT": "1000000 per hour"}
        if url:
            env["ADVOCACY_DATABASE_URL"] = url
        flask = [str(BIN / "flask"), "--app", "advocacy"]
        subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([*flask, "demo", "load"], env=env, check=True, capture_output=True)
        process, base = start(env)
        chapter = re.search(r'href="/chapters/([a-z0-9-]+)"',
                            requests.get(f"{base}/chapters/", timeout=10).text).group(1)
        stop, log = threading.Event(), []
        threads = [threading.Thread(target=writer, args=(base, chapter, i, stop, log))
                   for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        stop.set()
        for thread in threads:
            thread.join()
        found = rows(env)
        answered = [(kind, email) for kind, email, status in log
                    if status is not None and 200 <= status < 400]
        lost = [(kind, email) for kind, email in answered if email not in found[kind]]
        unanswered = [(kind, email) for kind, email, status in log if status is None]
        again, base = start(env)  # it serves again after the kill
        healthy = requests.get(f"{base}/healthz", timeout=10).status_code == 200
        again.terminate()
        again.wait(timeout=30)
    return {"database": database, "requests": len(log), "answered_2xx_3xx": len(answered),
            "errors_5xx": sum(1 for _, _, s in log if s is not None and s >= 500),
            "answer_lost_in_kill": len(unanswered),
            "rows": len(found["story"]) + len(found["signup"]),
            "unanswered_but_saved": sum(1 for kind, email in unanswered
                                        if email in found[kind]),
            "answered_rows_lost": len(lost), "integrity_ok": found["integrity"],
            "serves_after_restart": healthy}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    results = []
    for database in args.databases:
        with database_url(database) as url:
            results.append(run(database, url, args.seconds))
    for r in results:
        print(f"{r['database']:10} requests {r['requests']:5}  answered 2xx/3xx "
              f"{r['answered_2xx_3xx']:5}  5xx {r['errors_5xx']}  rows {r['rows']:5}  "
              f"answered but lost {r['answered_rows_lost']}  answer lost in the kill "
              f"{r['answer_lost_in_kill']} (saved {r['unanswered_but_saved']})  "
              f"integrity {r['integrity_ok']}  serves again {r['serves_after_restart']}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "kill.json").write_text(json.dumps(results, indent=2))
    ok = all(not r["answered_rows_lost"] and not r["errors_5xx"] and r["integrity_ok"]
             and r["serves_after_restart"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
