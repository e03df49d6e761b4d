"""Scale-out on real parts: PostgreSQL, Redis as the job queue, two gunicorn app
processes and two `flask tasks worker` processes. A registration made through one app
process gets its confirmation from whichever worker takes it; a chapter sign-up made
through the other reaches a real webhook receiver exactly once."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests

from advocacy.extensions import db

from ..conftest import BACKEND, required
from ..factories import build_week
from ..mail_server import MailServer
from ..servers import gunicorn, prepared_env, redis_server, tasks_worker
from ..webhook_receiver import Receiver

pytestmark = pytest.mark.skipif(BACKEND != "postgresql",
                                reason="scale-out runs on PostgreSQL (the PostgreSQL pass)")


def post_form(base: str, path: str, data: dict) -> requests.Response:
    web = requests.Session()
    page = web.get(base + path, timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return web.post(base + path, data={**data, "csrf_token": token}, timeout=10,
                    allow_redirects=False)


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (found := predicate()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
    return found


def test_two_app_processes_and_two_workers_share_one_queue(tmp_path, database_url, make_app):
    with redis_server(tmp_path) as redis_url, MailServer() as smtp:
        if redis_url is None:
            if required("redis"):
                pytest.fail("redis-server not found and REQUIRE_REDIS=1")
            pytest.skip("redis-server not found")
        receiver = Receiver().start()
        settings = {"TASKS_URL": redis_url, "WEBHOOKS_ALLOW_PRIVATE": "1",
                    "MAIL_URL": f"smtp://127.0.0.1:{smtp.port}?starttls=0",
                    "SECRET_KEY": "scale-out-secret", "LOG_LEVEL": "WARNING"}
        env = prepared_env(tmp_path, database_url, **settings)
        app = make_app(create_schema=False, INSTANCE_PATH=str(tmp_path), **settings)
        with app.app_context():
            from advocacy.chapters.models import Chapter
            from advocacy.webhooks.services import configure
            from advocacy.weeks.models import LiveSession, Week

            build_week(slug="scale-week")
            session_id = db.session.execute(db.select(LiveSession.id).join(LiveSession.day)
                                            .join(Week).where(Week.slug == "scale-week")
                                            ).scalars().first()
            chapter = db.session.execute(db.select(Chapter)).scalars().first()
            configure(chapter, receiver.url, False)
            db.session.commit()
            slug = chapter.slug
        log = tmp_path / "workers.log"
        workers = [tasks_worker(env, log), tasks_worker(env, log)]
        try:
            with gunicorn(env, tmp_path / "a.log", 1) as app_a, \
                    gunicorn(env, tmp_path / "b.log", 1) as app_b:
                answer = post_form(app_a, f"/sessions/{session_id}/register",
                                   {"name": "Ada Lovelace", "email": "ada@example.org"})
                assert answer.status_code == 302
                wait_for(lambda: [m for m in smtp.messages
                                  if m.recipients == ["ada@example.org"]], 30, "confirmation")
                answer = post_form(app_b, f"/chapters/{slug}", {
                    "name": "Grace Hopper", "email": "grace@example.org", "zip": "12207",
                    "consent": "y"})
                assert answer.status_code in (200, 302)
                wait_for(lambda: receiver.received, 30, "the webhook")
                time.sleep(3)  # a duplicate would have come by now
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=30)
            receiver.server.shutdown()
    events = [json.loads(r.body) for r in receiver.received]
    created = [e for e in events if e.get("event") == "signup.created"]
    assert len(created) == 1, events
    assert len([m for m in smtp.messages if m.recipients == ["ada@example.org"]]) == 1
