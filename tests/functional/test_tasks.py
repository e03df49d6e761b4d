"""The background-job engine (huey): queued after commit, a sweep for what was missed,
a worker process of its own, immediate mode for effects only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from advocacy.chapters.models import Chapter
from advocacy.extensions import db
from advocacy.tasks import TasksURLError, tasks_of
from advocacy.webhooks import services as webhooks
from advocacy.webhooks.models import WebhookDelivery

from ..webhook_receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def hooked_chapter(app, url: str) -> int:
    with app.app_context():
        chapter = Chapter(slug="new-york", name="New York", webhook_url=url,
                          webhook_secret="s" * 64)
        db.session.add(chapter)
        db.session.commit()
        return chapter.id


def queued(app) -> int:
    return tasks_of(app).huey.pending_count()


def test_a_commit_queues_the_task_and_a_rollback_queues_nothing(app, receiver):
    chapter_id = hooked_chapter(app, receiver.url)
    with app.app_context():
        chapter = db.session.get(Chapter, chapter_id)
        webhooks.ping(chapter)
        db.session.rollback()
        assert queued(app) == 0
        assert db.session.execute(db.select(WebhookDelivery)).first() is None
        webhooks.ping(db.session.get(Chapter, chapter_id))
        db.session.commit()
    assert queued(app) == 1


def test_the_sweep_sends_a_due_row_that_was_never_queued(app, receiver, task_worker):
    chapter_id = hooked_chapter(app, receiver.url)
    with app.app_context():  # as after a crash between the commit and the queue
        db.session.add(WebhookDelivery(chapter_id=chapter_id, event="ping", payload="{}"))
        db.session.commit()
    assert queued(app) == 0
    huey = tasks_of(app).huey
    (sweep,) = [t for t in huey.read_periodic(datetime.now(UTC).replace(tzinfo=None))
                if t.name == "webhooks.sweep"]  # due every minute
    huey.enqueue(sweep)
    (hit,) = receiver.wait_for(1)
    assert hit.headers["X-Advocacy-Event"] == "ping"


def test_immediate_mode_runs_the_task_at_the_commit(make_app, receiver):
    app = make_app(TASKS_IMMEDIATE=True)
    chapter_id = hooked_chapter(app, receiver.url)
    with app.app_context():
        webhooks.ping(db.session.get(Chapter, chapter_id))
        db.session.commit()
        assert receiver.received and db.session.execute(
            db.select(WebhookDelivery.status)).scalar_one() == "delivered"


def test_a_worker_process_sends_what_the_app_queued_and_stops_on_sigterm(
        app, receiver, database_url, tmp_path):
    chapter_id = hooked_chapter(app, receiver.url)
    env = {**os.environ, "ADVOCACY_DATABASE_URL": database_url,
           "ADVOCACY_INSTANCE_PATH": app.instance_path, "ADVOCACY_SECRET_KEY": "test",
           "ADVOCACY_WEBHOOKS_ALLOW_PRIVATE": "1", "ADVOCACY_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "advocacy", "tasks",
                               "worker", "--workers", "2"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with app.app_context():
            webhooks.ping(db.session.get(Chapter, chapter_id))
            db.session.commit()
        (hit,) = receiver.wait_for(1, seconds=30)
        assert hit.headers["X-Advocacy-Event"] == "ping"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with app.app_context():
                if db.session.execute(db.select(WebhookDelivery.status)).scalar_one() \
                        == "delivered":
                    break
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert worker.returncode == 0, output
    assert len(receiver.received) == 1


def test_a_bad_tasks_url_is_refused_clearly(make_app):
    with pytest.raises(TasksURLError, match="sqlite:///FILE or redis://"):
        make_app(TASKS_URL="amqp://queue.example.org")
