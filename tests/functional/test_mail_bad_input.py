"""Bad input on the way to mail: oversized and multi-line names, odd addresses, and an
SMTP server that cannot be reached (the request still answers at once)."""

from __future__ import annotations

import time
from pathlib import Path

from advocacy.extensions import db
from advocacy.mail import ledger
from advocacy.mail.messages import UnsendableAddress, ascii_address
from advocacy.mail.models import Message

from ..factories import build_week
from ..pg_cluster import free_port
from .test_registration_mail import register
from .test_weeks_public import first_session_id


def test_an_unreachable_smtp_server_does_not_hold_up_the_request(make_app):
    app = make_app(MAIL_URL=f"smtp://127.0.0.1:{free_port()}?starttls=0")
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    client = app.test_client()
    started = time.monotonic()
    assert register(client, session_id).status_code == 302
    assert time.monotonic() - started < 2  # no mail is sent inside a request
    with app.app_context():
        assert ledger.send_due() == {"queued": 1}  # to be retried
        (row,) = db.session.execute(db.select(Message)).scalars().all()
        assert row.attempts == 1 and "ConnectionRefused" in row.last_error
        assert row.next_attempt_at > row.created_at


def test_a_huge_or_multi_line_name_is_refused_next_to_its_field(app):
    with app.app_context():
        build_week()
    session_id = first_session_id(app)
    client = app.test_client()
    response = register(client, session_id, name="N" * 10_000)
    assert response.status_code == 400  # what they typed stays in the field
    assert "120" in response.text  # the field's own message says the limit
    response = register(client, session_id, name="Ada\r\nBcc: evil@example.org")
    assert response.status_code == 302  # stored, but mail names are always one line
    with app.app_context():
        assert ledger.send_due() == {"sent": 1}
    (eml,) = Path(app.config["MAIL_FILE_PATH"]).glob("*.eml")
    headers = eml.read_bytes().split(b"\r\n\r\n")[0].split(b"\n\n")[0]
    assert not [line for line in headers.splitlines() if line.lower().startswith(b"bcc")]


def test_addresses_go_out_ascii_or_fail_with_a_reason(make_app):
    assert ascii_address("ana@bücher.example") == "ana@xn--bcher-kva.example"
    for bad in ("josé@example.org", "no-at-sign", "a@", "<a>@example.org"):
        try:
            ascii_address(bad)
        except UnsendableAddress:
            continue
        raise AssertionError(bad)
    app = make_app()
    with app.app_context():
        from .test_mail_ledger import note  # noqa: F401  (registers test.note)
        ledger.queue("test.note", "josé@example.org", "note:utf8-local")
        db.session.commit()
        assert ledger.send_due() == {"failed": 1}
        (row,) = db.session.execute(db.select(Message)).scalars().all()
        assert "SMTPUTF8" in row.last_error
