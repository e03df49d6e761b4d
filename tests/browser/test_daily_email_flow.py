"""In Chromium on a phone: ask for the daily email from the week page, follow the
confirmation link that reached a real SMTP server (sent by a real huey worker), get a
day's email on a fixed clock, turn a switch off on the email settings page its footer
links, and leave the list from its unsubscribe link."""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from advocacy.daily import sending
from advocacy.tasks import start_worker

from ..factories import build_week
from ..mail_server import MailServer

pytestmark = pytest.mark.browser


def wait_for(smtp, count: int) -> str:
    deadline = time.monotonic() + 15
    while len(smtp.messages) < count:
        assert time.monotonic() < deadline, f"message {count} did not arrive"
        time.sleep(0.1)
    return smtp.messages[count - 1].message.get_body(("plain",)).get_content()


def test_opt_in_confirm_receive_and_unsubscribe(browser, make_app):
    with MailServer() as smtp:
        app = make_app(MAIL_URL=f"smtp://127.0.0.1:{smtp.port}?starttls=0")
        with app.app_context():
            build_week(actions_per_day=3)  # from Monday 3 May 2027, New York
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        app.config["PUBLIC_URL"] = base
        threading.Thread(target=server.serve_forever, daemon=True).start()
        worker = start_worker(app, workers=1, periodic_tasks=False)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        try:
            page.goto(f"{base}/weeks/test-week")
            page.get_by_role("link", name="Email me each day's actions").click()
            page.wait_for_url("**/weeks/test-week/daily")
            page.wait_for_load_state("load")  # measured once its stylesheet applies
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            page.get_by_role("textbox", name="Email").fill("ada@example.org")
            page.get_by_label("30 minutes").check()
            page.get_by_role("button", name="Send me the confirmation link").click()
            expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
            text = wait_for(smtp, 1)
            (link,) = re.findall(r"\S+/daily/confirm/\S+", text)
            page.goto(link)
            page.get_by_role("button", name="Yes, email me each day's actions").click()
            page.wait_for_url("**/weeks/test-week")
            expect(page.get_by_text("each day's actions will come to this address")).to_be_visible()
            monday_eight = datetime(2027, 5, 3, 8, 0, tzinfo=ZoneInfo("America/New_York"))
            with app.app_context():
                assert sending.sweep(monday_eight.astimezone(UTC)) == 1
            daily = wait_for(smtp, 2)
            assert "For your 30 minutes:" in daily
            # The email's "Choose what you receive": a switch changed on /my/email.
            (settings,) = re.findall(r"\S+/my/email/\S+", daily)
            page.goto(settings)  # (goto waits for the load event)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            reminders = page.get_by_role("switch", name="Session reminders")
            assert reminders.is_checked()
            reminders.uncheck()
            page.get_by_role("button", name="Save my choices").click()
            expect(page.get_by_text("your choices apply from the next email")).to_be_visible()
            assert not page.get_by_role("switch", name="Session reminders").is_checked()
            assert page.get_by_role("switch", name="Daily actions: Week test-week").is_checked()
            message = smtp.messages[1].message
            unsubscribe = re.search(r"<(http[^>]+)>", message["List-Unsubscribe"]).group(1)
            page.goto(unsubscribe)
            page.get_by_role("button", name="Unsubscribe").click()
            expect(page.get_by_text("no more daily emails of each day's actions",
                                    exact=False).first).to_be_visible()
        finally:
            context.close()
            worker.stop(graceful=True)
            server.shutdown()
