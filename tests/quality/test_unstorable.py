"""NUL and other control characters: refused at the field, never a 500 (PostgreSQL cannot
store NUL), in forms, in a coordinator's correction and in query strings."""

from __future__ import annotations

from sqlalchemy import func, select

from advocacy.chapters.models import ChapterSignup
from advocacy.extensions import db
from advocacy.stories.models import Story
from advocacy.textrules import UNSTORABLE_MESSAGE

from ..conftest import submit
from ..seeding import seed_everything


def test_control_characters_are_refused_everywhere(app):
    seeded = seed_everything(app)
    advocate = app.test_client()
    for value in ("nul\x00byte", "escape\x1b[31m", "bell\x07"):
        response = submit(advocate, "/chapters/new-york", {
            "name": value, "email": "nul@example.org", "zip": "10001", "consent": "y"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and UNSTORABLE_MESSAGE in html
    assert advocate.get("/chapters/?zip=1%000").status_code == 400
    assert seeded.clients["coordinator"].get("/coordinate/stories/?state=N%00Y").status_code == 400
    story = f"/coordinate/stories/{seeded.samples['story_id']}"
    response = submit(seeded.clients["coordinator"], f"{story}/edit",
                      {"title": "Typo\x00fixed"}, story, follow_redirects=True)
    assert "Nothing saved" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ChapterSignup).where(
            ChapterSignup.email == "nul@example.org")).scalar_one() == 0
        assert "\x00" not in db.session.get(Story, seeded.samples["story_id"]).title
    # Tabs and line breaks are ordinary text.
    assert submit(advocate, "/chapters/new-york", {
        "name": "Tab\tName", "email": "tab@example.org", "zip": "10001",
        "consent": "y"}).status_code == 302
