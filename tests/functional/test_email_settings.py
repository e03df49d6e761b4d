"""``/my/email``: one address's email settings, opened from the link at the foot of
every message (no account), or signed in; a switch per kind of mail and per week's
daily email, "stop everything", and changes that reach the next send."""

from __future__ import annotations

import re

from advocacy.daily.models import DailySubscription
from advocacy.extensions import db
from advocacy.mail import ledger, preferences
from advocacy.mail.models import address_hash
from advocacy.weeks import notices

from ..conftest import login, submit
from .test_daily_email import START, at, confirmed, link, sweep_and_send, texts


def settings_link(app, email: str) -> str:
    text = [t for to, _s, t in texts(app) if to == email][-1]
    return link(text, "/my/email/")


def switches(page: str) -> dict[str, bool]:
    """{switch label: checked} as the page shows them."""
    found = {}
    for attributes, label in re.findall(
            r'<input type="checkbox" role="switch"([^>]*)>\s*<label[^>]*>([^<]+)</label>', page):
        found[label] = " checked" in attributes
    return found


def save(client, url: str, on: list[str], action: str = "save"):
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(url, data={"csrf_token": token, "action": action, "on": on})


def keys(page: str) -> dict[str, str]:
    return dict((label, key) for key, label in re.findall(
        r'value="([^"]+)"[^>]*>\s*<label[^>]*>([^<]+)</label>', page))


def test_every_message_links_the_settings_and_a_switch_reaches_the_next_send(week_mail_app):
    app, client = week_mail_app, week_mail_app.test_client()
    confirmed(app, client, "ada@example.org")
    url = settings_link(app, "ada@example.org")  # the confirmation email's footer
    page = client.get(url).get_data(as_text=True)
    assert switches(page) == {"Daily actions: Week test-week": True, "Session reminders": True,
                              "Recording notices": True, "Announcements": True,
                              "Receipts": True}
    assert "Coordinator alerts" not in page  # for coordinators only
    response = save(client, url, [keys(page)["Session reminders"]])
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert switches(page)["Daily actions: Week test-week"] is False
    assert switches(page)["Session reminders"] is True
    assert switches(page)["Recording notices"] is False
    with app.app_context():
        assert ledger.is_suppressed("ada@example.org", notices.RECORDING)
        assert not ledger.is_suppressed("ada@example.org", notices.REMINDER_DAY)
    # The daily email stopped: the next morning's sweep sends nothing.
    assert sweep_and_send(app, at(START, 8, 1, "America/New_York"))["queued"] == 0
    # On again: the next morning's email comes.
    save(client, url, [keys(page)["Daily actions: Week test-week"]])
    assert sweep_and_send(app, at(START, 8, 2, "America/New_York")) == {"queued": 1, "sent": 1}
    assert "Choose what you receive: https://advocacy.example.org/my/email/" in texts(app)[-1][2]


def test_stop_everything_turns_every_switch_off_but_sign_in_links_still_come(week_mail_app):
    app, client = week_mail_app, week_mail_app.test_client()
    confirmed(app, client, "ada@example.org")
    url = settings_link(app, "ada@example.org")
    assert save(client, url, [], action="stop").status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert switches(page) and not any(switches(page).values())
    with app.app_context():
        assert ledger.is_suppressed("ada@example.org", notices.REMINDER_DAY)
        assert not ledger.is_suppressed("ada@example.org", "account.signin")
        assert db.session.execute(db.select(DailySubscription.stopped_at)).scalar_one()


def test_a_daily_unsubscribe_shows_every_week_off_and_one_can_be_turned_on_alone(week_mail_app):
    from ..factories import build_week

    app, client = week_mail_app, week_mail_app.test_client()
    with app.app_context():
        build_week(slug="second-week", start=START)
        db.session.commit()
    confirmed(app, client, "ada@example.org")
    assert submit(client, "/weeks/second-week/daily", {
        "email": "ada@example.org", "minutes": "5", "timezone": "America/New_York"}
    ).status_code == 200
    with app.app_context():
        ledger.send_due()
    confirm = link([t for to, _s, t in texts(app) if to == "ada@example.org"][-1],
                   "/daily/confirm/")
    submit(client, confirm, {})
    with app.app_context():  # the one-click unsubscribe of a daily email: the whole list
        preferences.set_list(address_hash("ada@example.org"), "daily-actions", False)
        db.session.commit()
    url = settings_link(app, "ada@example.org")
    page = client.get(url).get_data(as_text=True)
    assert switches(page)["Daily actions: Week test-week"] is False
    assert switches(page)["Daily actions: Week second-week"] is False
    save(client, url, [keys(page)["Daily actions: Week second-week"]])
    page = client.get(url).get_data(as_text=True)
    assert switches(page)["Daily actions: Week second-week"] is True
    assert switches(page)["Daily actions: Week test-week"] is False
    # Only the second week's email comes on its first morning.
    assert sweep_and_send(app, at(START, 8, 0, "America/New_York")) == {"queued": 1, "sent": 1}
    assert "Week second-week" in texts(app)[-1][2]


def test_without_the_link_the_page_mails_one_the_same_words_for_every_address(week_mail_app):
    app, client = week_mail_app, week_mail_app.test_client()
    asked = submit(client, "/my/email", {"email": "nobody@example.org"})
    assert asked.status_code == 200 and "Check your email" in asked.get_data(as_text=True)
    again = submit(client, "/my/email", {"email": "nobody@example.org"})
    assert again.get_data(as_text=True) == asked.get_data(as_text=True)
    with app.app_context():
        assert ledger.send_due() == {"sent": 1}  # once an hour, however often asked
    url = settings_link(app, "nobody@example.org")
    assert client.get(url).status_code == 200
    assert client.get(url[:-3] + "xyz").status_code == 404
    bad = submit(client, "/my/email", {"email": "not an address"})
    assert bad.status_code == 400 and 'value="not an address"' in bad.get_data(as_text=True)


def test_signed_in_the_page_opens_for_the_account_address(week_mail_app):
    from advocacy.accounts.services import create_user

    app, client = week_mail_app, week_mail_app.test_client()
    with app.app_context():
        create_user("coord@example.org", "correct horse battery", "coordinator")
        db.session.commit()
    assert login(client, "coord@example.org", "correct horse battery").status_code == 302
    page = client.get("/my/email").get_data(as_text=True)
    assert "What this address receives" in page and "Coordinator alerts" in page
    save(client, "/my/email", [])
    with app.app_context():
        assert ledger.is_suppressed("coord@example.org", notices.REMINDER_DAY)
