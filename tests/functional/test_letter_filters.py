"""Issue 17, item 2: every letter export holds exactly the approved, shared stories the
moderation list's filters show above its buttons, and the page says how many stories
and letters that is before anything is made."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from advocacy.extensions import db
from advocacy.stories.models import Story
from advocacy.weeks.models import Week

from ..conftest import download
from ..factories import build_week
from .test_letters import organizer  # noqa: F401  (a fixture)
from .test_moderation import add_story

STORIES = [  # title, state, district, impact area, week?, received
    ("Hotspots", "NY", 20, "connectivity", True, datetime(2027, 5, 3, 15, tzinfo=UTC)),
    ("Job help", "NY", 21, "jobs", False, datetime(2027, 5, 5, 15, tzinfo=UTC)),
    ("Story time", "CA", 12, "programs", True, datetime(2027, 5, 7, 15, tzinfo=UTC)),
]
FILTERS = {"": {"Hotspots", "Job help", "Story time"},
           "impact_area=jobs": {"Job help"}, "state=CA": {"Story time"},
           "state=NY&district=20": {"Hotspots"}, "since=2027-05-04": {"Job help", "Story time"},
           "until=2027-05-04": {"Hotspots"}, "status=approved": {"Hotspots", "Job help",
                                                                 "Story time"},
           "status=pending": set()}


@pytest.fixture
def stories(app):
    with app.app_context():
        build_week()
        week_id = db.session.execute(db.select(Week.id)).scalar_one()
    for title, state, district, area, in_week, received in STORIES:
        story_id = add_story(app, state=state, title=title, status="approved",
                             areas=(area,))
        with app.app_context():
            story = db.session.get(Story, story_id)
            story.district, story.created_at = district, received
            story.week_id = week_id if in_week else None
            db.session.commit()
    add_story(app, state="NY", title="Not shared", status="approved", consents=())
    return week_id


@pytest.mark.parametrize("query", [*FILTERS, "week"])
def test_each_filter_gives_letters_of_exactly_its_stories(app, organizer, stories,  # noqa: F811
                                                          query):
    expected = FILTERS.get(query, {"Hotspots", "Story time"})
    if query == "week":
        query = f"week={stories}"
    page = organizer.get(f"/coordinate/stories/?{query}").get_data(as_text=True)
    listed = set(re.findall(r'<a href="/coordinate/stories/\d+">([^<]+)</a>', page))
    assert expected <= listed  # the page shows them (and maybe others not approved/shared)
    text = download(organizer, f"/coordinate/stories/letters.txt?{query}",
                    f"/coordinate/stories/?{query}").get_data(as_text=True)
    quoted = {title for title, *_ in STORIES if title in text}
    assert quoted == expected and "Not shared" not in text
    counts = re.search(r'<p id="letter-counts">[^<]*', page).group(0)
    if expected:
        assert f"{len(expected)} approved stor" in counts
        letters = len([chunk for chunk in text.split("\f\n") if chunk.strip()])
        assert f"in {letters} letter" in counts
    else:
        assert "no approved story shared with legislators matches" in counts
