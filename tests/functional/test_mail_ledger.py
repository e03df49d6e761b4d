"""The mail ledger: once per key, retried on 4xx, failed and suppressed on 5xx,
through a real SMTP server and a real huey worker."""

from __future__ import annotations

import time
from datetime import timedelta

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.messages import compose
from advocacy.mail.models import Message, Suppression, address_hash


def note(message: Message, now):
    return compose(message.recipient, f"Note {message.subject_id}", "mail/test", where="a test")


def silent(message: Message, now):
    raise ledger.Skip("Nothing to send any more.")  # its subject is gone


ledger.register_kind("test.note", note)
ledger.register_kind("test.silent", silent)



def rows(app) -> list[Message]:
    with app.app_context():
        return db.session.execute(db.select(Message).order_by(Message.id)).scalars().all()


def wait_until(predicate, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_one_key_sends_once_however_often_it_is_queued(mail_app, smtp):
    from advocacy.tasks import start_worker

    worker = start_worker(mail_app, workers=2, periodic_tasks=False)
    try:
        with mail_app.app_context():
            for _ in range(3):
                ledger.queue("test.note", "ada@example.org", "note:ada:1", "note", 1)
                db.session.commit()
        wait_until(lambda: [r.status for r in rows(mail_app)] == ["sent"])
    finally:
        worker.stop(graceful=True)
    assert len(smtp.messages) == 1
    (row,) = rows(mail_app)
    assert (row.attempts, row.last_error) == (1, "") and row.sent_at is not None


def test_a_temporary_failure_is_retried_later_and_then_sent(mail_app, smtp):
    smtp.handler.reply = "421 4.3.2 Try again later"
    with mail_app.app_context():
        ledger.queue("test.note", "ada@example.org", "note:ada:2", "note", 2)
        db.session.commit()
        message_id = db.session.execute(db.select(Message.id)).scalar_one()
        assert ledger.send_one(message_id) == "queued"
        (row,) = rows(mail_app)
        assert row.attempts == 1 and row.last_error.startswith("421")
        assert ledger.send_one(message_id) is None  # not due before its backoff
        smtp.handler.reply = None
        later = utcnow() + ledger.BACKOFF[0] + timedelta(seconds=1)
        assert ledger.send_due(later) == {"sent": 1}
    assert len(smtp.messages) == 1


def test_a_hard_bounce_fails_and_suppresses_the_address(mail_app, smtp, caplog):
    # Servers echo the address in their answer: it must reach neither log nor list.
    smtp.handler.reply = "550 5.1.1 <gone@example.org>: No such mailbox"
    with mail_app.app_context():
        ledger.queue("test.note", "gone@example.org", "note:gone:1")
        db.session.commit()
        assert ledger.send_due() == {"failed": 1}
        (suppression,) = db.session.execute(db.select(Suppression)).scalars().all()
        assert suppression.address_hash == address_hash("Gone@Example.org")
        assert suppression.reason == "hard bounce (550)"
        assert "gone@example.org" not in caplog.text
        smtp.handler.reply = None
        ledger.queue("test.note", "gone@example.org", "note:gone:2")
        db.session.commit()
        assert ledger.send_due() == {"suppressed": 1}  # checked when it is sent
    assert smtp.messages == []
    assert [r.status for r in rows(mail_app)] == ["failed", "suppressed"]
    assert rows(mail_app)[0].last_error.startswith("550 5.1.1")


def test_an_unreachable_server_keeps_the_message_queued(make_app):
    from ..pg_cluster import free_port

    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{free_port()}?starttls=0")
    with app.app_context():
        ledger.queue("test.note", "ada@example.org", "note:ada:3")
        db.session.commit()
        assert ledger.send_due() == {"queued": 1}
    (row,) = rows(app)
    assert row.status == "queued" and "ConnectionRefusedError" in row.last_error


def test_a_message_with_nothing_left_to_send_is_closed_without_mail(mail_app, smtp):
    with mail_app.app_context():
        ledger.queue("test.silent", "ada@example.org", "silent:1")
        db.session.commit()
        assert ledger.send_due() == {"skipped": 1}
    assert smtp.messages == [] and rows(mail_app)[0].last_error == "Nothing to send any more."


def test_a_rollback_leaves_no_row_and_queues_no_task(mail_app):
    from advocacy.tasks import tasks_of

    with mail_app.app_context():
        ledger.queue("test.note", "ada@example.org", "note:rolled-back")
        db.session.rollback()
    assert rows(mail_app) == [] and tasks_of(mail_app).huey.pending_count() == 0
