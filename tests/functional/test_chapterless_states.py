"""Issue 15, item 9: a state no chapter covers. The story receipt and the directory
say so (no "your chapter's coordinators" where there are none), organizers find those
stories with a filter of their own, and letters to those states are signed by the
week's organization, not "library advocates"."""

from __future__ import annotations

import html
from pathlib import Path

from advocacy.mail import ledger

from ..conftest import download, login, submit
from ..factories import build_week
from .test_stories import STORY


def test_a_state_without_a_chapter_is_said_plainly(app, make_chapter, make_user):
    make_chapter("new-york", states=("NY",), name="New York Library Advocates")
    with app.app_context():
        build_week()  # its first partner, "Partner One", organizes
    client = app.test_client()
    response = submit(client, "/stories/new", {**STORY, "state": "AL", "zip": "35005"})
    thanks = html.unescape(client.get(response.headers["Location"]).get_data(True))
    assert "no chapter covers AL yet" in thanks and "Partner One" in thanks
    assert "your chapter's coordinators" not in thanks
    with app.app_context():
        ledger.send_due()
        folder = Path(app.config["MAIL_FILE_PATH"])
    receipt = "".join(eml.read_text(errors="replace") for eml in folder.glob("*.eml"))
    assert "No chapter covers AL yet: the organizers (Partner One) review" in receipt.replace(
        "=\n", "")
    directory = html.unescape(client.get("/chapters/?state=AL").get_data(True))
    assert "No chapter covers Alabama yet" in directory
    organizer = app.test_client()
    login(organizer, make_user("organizer"))
    listed = organizer.get("/coordinate/stories/?chapterless=1").get_data(True)
    assert STORY["title"] in listed
    assert STORY["title"] not in organizer.get(
        "/coordinate/stories/?chapterless=1&state=NY").get_data(True)
    story_id = int(response.headers["Location"].split("/")[-2])
    page = f"/coordinate/stories/{story_id}"
    submit(organizer, f"{page}/moderate", {"decision": "approve", "note": ""}, page)
    letters = download(organizer, "/coordinate/stories/letters.txt").get_data(True)
    assert "Partner One" in letters and "library advocates" not in letters
