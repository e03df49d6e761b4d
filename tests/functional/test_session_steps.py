"""Issue 15, item 6: a session's action says what it offers now — Register before it
starts (then "You're registered" with the calendar and cancel), never Register once it
has started, the recording after it while it is kept, or that it has ended."""

from __future__ import annotations

import html
from datetime import timedelta

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.weeks import editing
from advocacy.weeks.models import Week

from ..conftest import submit
from ..factories import build_week

# minutes from now to the start, recording URL
CASES = {"soon": (120, None), "now": (-10, None), "recorded": (-180, "https://video.example/r"),
         "gone": (-180, None)}


def make_week(app) -> tuple[str, dict[str, int]]:
    now = utcnow()
    with app.app_context():
        week_id = build_week(slug="steps", start=(now - timedelta(days=1)).date(), days=3,
                             sessions_per_day=4, timezone="UTC")
        week = db.session.get(Week, week_id)
        today = next(d for d in week.days if d.date == now.date())
        ids = {}
        for live, (name, (minutes, recording)) in zip(today.sessions, CASES.items(),
                                                       strict=False):
            live.title, live.starts_at = f"S-{name}", now + timedelta(minutes=minutes)
            live.duration_minutes, live.recording_url = 60, recording
            ids[name] = live.id
            editing.save_action(week, None, editing.ActionData(
                day_id=today.id, title=f"Go to {name}", minutes=30, kind="register",
                session_id=live.id), None)
        db.session.commit()
        return f"/weeks/steps/{today.date.isoformat()}", ids


def text_of(response) -> str:
    return html.unescape(response.get_data(True))


def action_html(page: str, name: str) -> str:
    return page.split(f"Go to {name}</h3>", 1)[1].split("</li>", 1)[0]


def test_each_session_action_offers_what_the_session_offers_now(app):
    day_url, ids = make_week(app)
    client = app.test_client()
    page = text_of(client.get(day_url))
    assert "Today's actions" in page
    assert ">Register<" in action_html(page, "soon")
    for name in ("now", "recorded", "gone"):
        assert ">Register<" not in action_html(page, name), name
    assert "Happening now" in action_html(page, "now")
    assert "https://video.example/r" in action_html(page, "recorded")
    assert "has ended" in action_html(page, "gone")

    url = f"/sessions/{ids['soon']}/register"
    assert submit(client, url, {"name": "Ada", "email": "ada@example.org"}).status_code == 302
    page = text_of(client.get(day_url))
    soon = action_html(page, "soon")
    assert "You're registered" in soon and f"/sessions/{ids['soon']}.ics" in soon
    register_page = text_of(client.get(url))
    assert "You're registered" in register_page and "/registrations/cancel/" in register_page
    assert 'name="email"' not in register_page  # not the empty form again
    assert 'name="email"' in client.get(url + "?another=1").get_data(True)
    ended = text_of(client.get(f"/sessions/{ids['recorded']}/register"))
    assert "Watch the recording" in ended and 'name="email"' not in ended
    assert "has ended" in client.get(f"/sessions/{ids['gone']}/register").get_data(True)


def test_a_future_day_is_not_called_today(app):
    day_url, _ = make_week(app)
    with app.app_context():
        week = db.session.execute(db.select(Week)).scalar_one()
        tomorrow = week.days[-1].date.isoformat()
    page = text_of(app.test_client().get(f"/weeks/steps/{tomorrow}"))
    assert "Today's actions" not in page and "This day's actions" in page
