"""Exactly once with real parts: two `flask tasks worker` processes on one queue send
2,000 due reminders to a real SMTP server; one is killed with SIGKILL mid-run and a
new one started: every reminder arrives, and no more of them twice than were in flight
at the kill (the count is printed)."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

from sqlalchemy import func

from advocacy.extensions import db
from advocacy.mail.models import Message
from advocacy.weeks import notices
from bench.mail_bench import seed_due_reminders

from ..mail_server import MailServer
from ..servers import tasks_worker

REMINDERS = 2000


def statuses(app) -> Counter:
    with app.app_context():
        return Counter(dict(db.session.execute(db.select(Message.status, func.count())
                                               .group_by(Message.status)).all()))


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_two_workers_and_a_kill_deliver_each_reminder_once(make_app, database_url, tmp_path):
    with MailServer() as smtp:
        settings = {"MAIL_URL": f"smtp://127.0.0.1:{smtp.port}?starttls=0",
                    "TASKS_URL": f"sqlite:///{tmp_path}/tasks.sqlite3",
                    "MAIL_CLAIM_TIMEOUT": 2}
        app = make_app(**settings)
        with app.app_context():
            seed_due_reminders(REMINDERS)
            assert notices.sweep() == REMINDERS
            db.session.commit()  # 2,000 rows; their tasks go to the shared queue
        env = {**os.environ, "ADVOCACY_DATABASE_URL": database_url,
               "ADVOCACY_INSTANCE_PATH": app.instance_path, "ADVOCACY_LOG_LEVEL": "WARNING",
               "ADVOCACY_SECRET_KEY": app.config["SECRET_KEY"],
               **{f"ADVOCACY_{k}": str(v) for k, v in settings.items()}}
        log = tmp_path / "workers.log"
        first, second = tasks_worker(env, log), tasks_worker(env, log)
        try:
            wait_for(lambda: len(smtp.messages) >= REMINDERS // 4, 120, "the first messages")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            in_flight = statuses(app)["sending"]
            time.sleep(2.5)  # the killed worker's claims go stale (MAIL_CLAIM_TIMEOUT)
            third = tasks_worker(env, log)  # the restart: its first sweep picks them up
            try:
                wait_for(lambda: statuses(app)["sent"] == REMINDERS, 180, "every reminder")
            finally:
                third.terminate()
                third.wait(timeout=30)
        finally:
            for process in (first, second):
                if process.poll() is None:
                    process.terminate()
                    process.wait(timeout=30)
        received = Counter(r.recipients[0] for r in smtp.messages)
    assert len(received) == REMINDERS, log.read_text()[-2000:]
    duplicates = sum(count - 1 for count in received.values())
    print(f"\nexactly-once: {REMINDERS} reminders, {in_flight} in flight at the kill, "
          f"{duplicates} delivered twice")
    assert duplicates <= in_flight
    assert statuses(app) == Counter({"sent": REMINDERS})
