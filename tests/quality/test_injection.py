"""About 50 hostile payloads into every free-text field of every form; every page and
every export (CSV, JSON, ICS, TXT, HTML, PDF, mail-merge, ZIP) shows them neutralised."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.stories.models import Story

from ..seeding import advocate_flows, cancel_token_of, moderate, seed_staff, seed_staff_text
from .checks import response_problems
from .payloads import PAYLOADS
from .test_crawl import get_urls

EXPORTS = ["/coordinate/stories/export.csv", "/coordinate/stories/export.csv?bom=1",
           "/coordinate/stories/export.json"] + [
    f"/coordinate/stories/letters.{fmt}" for fmt in ("txt", "html", "pdf", "csv", "zip")] + [
    "/coordinate/chapters/new-york/signups.csv"]


GROUPS = 4  # payloads split over four tests, so parallel workers share them
EXPECTED_TITLES = {"=HYPERLINK(\"http://evil.example\",\"click\")",
                   "'; DROP TABLE stories; --", "javascript:alert(26)"}


@pytest.mark.parametrize("group", range(GROUPS))
def test_every_payload_is_refused_or_neutralised_everywhere(app, group):
    from ..conftest import download

    app.config["STORY_RATE_LIMIT"] = "1000 per hour"  # every payload gets its own story
    seeded = seed_staff(app)
    plain = advocate_flows(app, seeded, lambda name: f"Plain {name}")
    seeded.samples["story_id"] = plain["story_id"]
    plain_token = cancel_token_of(app, "ada@example.org")
    moderate(seeded, plain["story_id"], "fine")
    organizer = seeded.clients["organizer"]
    problems, stored, refused = [], 0, 0
    for number, payload in list(enumerate(PAYLOADS))[group::GROUPS]:
        answers = advocate_flows(app, seeded, lambda _name, p=payload: p,
                                 email=f"payload{number}@example.org")
        staff_answers = seed_staff_text(seeded, lambda _name, p=payload: p)
        statuses = [v for k, v in answers.items() if k not in ("client", "story_id")]
        statuses += list(staff_answers.values())
        problems += [f"#{number}: answered {s}" for s in statuses if s not in (302, 400)]
        stored += statuses.count(302)
        refused += statuses.count(400)
        if answers["story_id"] is not None:
            moderate(seeded, answers["story_id"], payload)
        samples = {**seeded.samples, "story_id": answers["story_id"] or plain["story_id"],
                   "token": cancel_token_of(app, f"payload{number}@example.org")
                   if answers["registration"] == 302 else plain_token}
        for who, client in (("organizer", organizer), ("advocate", answers["client"])):
            for _endpoint, url in get_urls(app, samples):
                response = client.get(url)
                problems += [f"#{number} {who} {url}: {p}" for p in response_problems(response)]
                response.close()
        for url in EXPORTS:
            response = download(organizer, url)
            assert response.status_code == 200, url
            problems += [f"#{number} {url}: {p}" for p in response_problems(response)]
            response.close()
    assert problems == []
    # Not vacuous: most payloads were stored somewhere (and then shown, escaped).
    assert stored > refused and stored > 0
    with app.app_context():
        titles = set(db.session.execute(select(Story.title)).scalars())
    assert EXPECTED_TITLES & set(PAYLOADS[group::GROUPS]) <= titles


def test_the_groups_cover_every_payload_and_the_expected_titles():
    groups = [set(PAYLOADS[group::GROUPS]) for group in range(GROUPS)]
    assert set().union(*groups) == set(PAYLOADS) and set(PAYLOADS) >= EXPECTED_TITLES
