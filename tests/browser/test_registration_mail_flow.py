"""In Chromium: register for a session, the confirmation arrives at a real SMTP server
(sent by a real huey worker), and its cancel link, opened in the browser, frees the
place: the session shows one more free seat."""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug.serving import make_server

from advocacy.extensions import db
from advocacy.tasks import start_worker

from ..factories import build_week
from ..mail_server import MailServer

pytestmark = pytest.mark.browser


def places_left(page) -> int:
    facts = page.locator("dl.facts").inner_text()
    return int(facts.split("Places left")[1].split()[0])


def test_register_get_the_confirmation_and_cancel_from_its_link(browser, make_app):
    with MailServer() as smtp:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{smtp.port}?starttls=0")
        with app.app_context():
            build_week(capacity=20)
            from advocacy.weeks.models import LiveSession
            session_id = db.session.execute(db.select(LiveSession.id)).scalars().first()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        app.config["PUBLIC_URL"] = base
        threading.Thread(target=server.serve_forever, daemon=True).start()
        worker = start_worker(app, workers=1, periodic_tasks=False)
        context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
        page = context.new_page()
        try:
            page.goto(f"{base}/sessions/{session_id}/register")
            assert places_left(page) == 20
            page.get_by_label("Your name").fill("José Núñez")
            page.get_by_role("textbox", name="Email").fill("jose@example.org")
            page.get_by_role("button", name="Register").click()
            page.wait_for_url("**/registered")
            deadline = time.monotonic() + 15
            while not smtp.messages:
                assert time.monotonic() < deadline, "no confirmation arrived"
                time.sleep(0.1)
            text = smtp.messages[0].message.get_body(("plain",)).get_content()
            (link,) = [line.strip() for line in text.splitlines()
                       if "/registrations/cancel/" in line]
            page.goto(f"{base}/sessions/{session_id}/register")
            assert places_left(page) == 19
            page.goto(link)
            page.get_by_role("button", name="Cancel my registration").click()
            page.wait_for_url(f"**/sessions/{session_id}/register")
            assert "Your registration is cancelled" in page.content()
            assert places_left(page) == 20
        finally:
            context.close()
            worker.stop(graceful=True)
            server.shutdown()
