"""Issue 15, item 8: the story form finds the ZIP's district before it is sent (no
JavaScript), names each district's representative, and shows who the story would go
to; the share consent stays opt-in, placed as the point of the action."""

from __future__ import annotations

import html

from ..conftest import submit
from .test_letters import loaded  # noqa: F401 - the fixture
from .test_stories import STORY


def test_find_my_district_before_sending(app, loaded):  # noqa: F811
    client = app.test_client()
    split = submit(client, "/stories/new", {**STORY, "find_district": "1"})  # 35005: AL-6, 7
    page = html.unescape(split.get_data(True))
    assert split.status_code == 200 and "spans several districts" in page
    assert "AL-06 — Rep. " in page and "AL-07 — Rep. " in page
    assert 'value="Birmingham Public Library"' in page  # nothing typed is lost
    one = submit(client, "/stories/new", {**STORY, "find_district": "1", "district": "7"})
    page = html.unescape(one.get_data(True))
    assert "Your story would go to" in page and page.count("Sen. ") >= 2
    from advocacy.extensions import db
    from advocacy.stories.models import Story
    with app.app_context():
        assert db.session.execute(db.select(Story)).first() is None  # nothing was sent
    form = html.unescape(client.get("/stories/new").get_data(True))
    assert form.index("Send it to your members of Congress") < form.index(
        "Your other choices")
    consent_tag = form.split('id="consent_share"')[0].rsplit("<input", 1)[1] + \
        form.split('id="consent_share"')[1].split(">", 1)[0]
    assert "checked" not in consent_tag  # the share consent stays opt-in


def test_find_my_district_checks_what_a_stranger_sends(app):
    client = app.test_client()
    for bad in ({"zip": "1" * 10_000}, {"zip": "12\x0007"}, {"state": "ZZ"}):
        response = submit(client, "/stories/new", {**STORY, "find_district": "1", **bad})
        assert response.status_code == 400, bad
        assert 'class="error"' in response.get_data(True), bad
