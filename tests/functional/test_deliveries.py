"""Deliveries of letters: recorded per legislator, left out of the next default export,
redelivery only on purpose, erased with the author, scoped to the coordinator's states;
the contact-form helper; big exports made in the background."""

from __future__ import annotations

import csv
import io
import re

import pytest

from advocacy.audit import AuditEvent
from advocacy.extensions import db
from advocacy.stories.models import DeliveredStory, LetterDelivery, Story

from ..concurrency import at_once
from ..conftest import csrf_from, download, login, submit
from .test_letters import al7_story, loaded  # noqa: F401  (fixture)
from .test_stories import STORY

SEWELL = "S001185"  # AL-07
BRITT = "B001319"  # a senator for AL
PAGE = f"/coordinate/letters/{SEWELL}"


@pytest.fixture
def alabama(app, make_chapter, make_user, loaded):  # noqa: F811
    make_chapter("alabama", states=("AL",), name="Alabama Library Association")
    make_chapter("pacific", states=("CA", "OR", "WA"))
    ours, theirs = app.test_client(), app.test_client()
    login(ours, make_user("coordinator", chapters=["alabama"]))
    login(theirs, make_user("coordinator", chapters=["pacific"]))
    return ours, theirs


def story_ids_on(page: str) -> list[str]:
    form = page[page.index('id="record-heading"'):]
    form = form[form.index('class="card form"'):]
    return re.findall(r'name="story_ids" value="(\d+)"', form[:form.index("</form>")])


def record(client, key=SEWELL, method="email", **extra):
    page = client.get(f"/coordinate/letters/{key}").get_data(as_text=True)
    return client.post(f"/coordinate/letters/{key}/deliveries", data={
        "csrf_token": csrf_from(page), "method": method, "delivered_on": "2026-12-01",
        "note": "Handed to the staffer", "story_ids": story_ids_on(page), **extra})


def sewell_letter(client) -> str:
    return download(client, f"{PAGE}/letter.txt", PAGE).get_data(as_text=True)


def test_a_delivery_empties_the_next_default_export_until_a_new_story_comes(app, alabama):
    ours, _ = alabama
    first = al7_story(app, title="Hotspots")
    assert "“Hotspots”" in sewell_letter(ours)
    response = record(ours)
    assert response.status_code == 303, response.get_data(as_text=True)
    page = ours.get(PAGE).get_data(as_text=True)
    assert "Nothing waiting" in page and "1 delivered before" in page
    assert sewell_letter(ours) == ""  # nothing left for her
    whole = download(ours, "/coordinate/stories/letters.txt").get_data(as_text=True)
    assert "The Honorable Terri A. Sewell" not in whole
    assert whole.count("The Honorable") == 2  # the senators still wait for it
    al7_story(app, title="Job search")
    letter = sewell_letter(ours)
    assert "“Job search”" in letter and "“Hotspots”" not in letter
    everything = download(ours, f"{PAGE}/letter.txt?all=1", PAGE).get_data(as_text=True)
    assert "“Job search”" in everything and "“Hotspots”" in everything
    with app.app_context():
        delivery = db.session.execute(db.select(LetterDelivery)).scalar_one()
        assert (delivery.method, delivery.recipient_key, delivery.note) == (
            "email", SEWELL, "Handed to the staffer")
        assert [row.story_id for row in db.session.execute(
            db.select(DeliveredStory)).scalars()] == [first]
        audited = db.session.execute(db.select(AuditEvent).where(
            AuditEvent.action == "letters.delivered")).scalar_one()
        assert audited.subject_id == str(delivery.id)
        assert audited.detail == {"recipient": SEWELL, "method": "email", "stories": 1,
                                  "redelivered": 0}


def test_delivering_again_needs_the_explicit_choice(app, alabama):
    ours, _ = alabama
    al7_story(app)
    assert record(ours).status_code == 303
    page = ours.get(f"{PAGE}?all=1").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "method": "fax", "delivered_on": "2026-12-02",
            "story_ids": story_ids_on(page)}
    refused = ours.post(f"{PAGE}/deliveries?all=1", data=data)
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "already delivered" in text and 'id="redeliver-error"' in text
    assert ours.post(f"{PAGE}/deliveries?all=1",
                     data={**data, "redeliver": "y"}).status_code == 303
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(LetterDelivery)
                                  ).scalar_one() == 2


def test_one_letter_recorded_twice_at_once_is_delivered_once(app, make_chapter, make_user,
                                                             loaded):  # noqa: F811
    make_chapter("alabama", states=("AL",), name="Alabama Library Association")
    coordinator = make_user("coordinator", chapters=["alabama"])
    al7_story(app)
    clients = [app.test_client() for _ in range(4)]
    forms = []
    for client in clients:  # a double click, or the same tab open twice
        login(client, coordinator)
        page = client.get(PAGE).get_data(as_text=True)
        forms.append({"csrf_token": csrf_from(page), "method": "email",
                      "delivered_on": "2026-12-01", "story_ids": story_ids_on(page)})
    codes = at_once([(client, f"{PAGE}/deliveries", form)
                     for client, form in zip(clients, forms, strict=True)])
    assert sorted(codes) == [303] + [400] * (len(clients) - 1)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(LetterDelivery)
                                  ).scalar_one() == 1
        assert db.session.execute(db.select(db.func.count()).select_from(DeliveredStory)
                                  ).scalar_one() == 1


def test_bad_delivery_input_is_refused_at_its_field(app, alabama):
    ours, _ = alabama
    al7_story(app)
    for change, field in (({"method": "pigeon"}, "method"),
                          ({"delivered_on": "2999-01-01"}, "delivered_on"),
                          ({"delivered_on": "yesterday"}, "delivered_on")):
        response = record(ours, **change)
        assert response.status_code == 400, change
        assert f'id="{field}-error"' in response.get_data(as_text=True), change
    page = ours.get(PAGE).get_data(as_text=True)
    stale = ours.post(f"{PAGE}/deliveries", data={
        "csrf_token": csrf_from(page), "method": "email", "delivered_on": "2026-12-01",
        "story_ids": ["999999"]})
    assert stale.status_code == 400 and "letter changed" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(LetterDelivery)).first() is None


def test_another_chapters_coordinator_cannot_see_or_record_deliveries(app, alabama):
    ours, theirs = alabama
    al7_story(app)
    assert record(ours).status_code == 303
    assert theirs.get(PAGE).status_code == 404
    page = theirs.get("/coordinate/letters/").get_data(as_text=True)
    assert "Sewell" not in page
    posted = theirs.post(f"{PAGE}/deliveries", data={
        "csrf_token": csrf_from(page), "method": "email", "delivered_on": "2026-12-01",
        "story_ids": ["1"]})
    assert posted.status_code == 404
    rows = list(csv.DictReader(io.StringIO(download(
        theirs, "/coordinate/letters/deliveries.csv", "/coordinate/letters/").get_data(
        as_text=True))))
    assert rows == []
    ours_rows = list(csv.DictReader(io.StringIO(download(
        ours, "/coordinate/letters/deliveries.csv", "/coordinate/letters/").get_data(
        as_text=True))))
    assert [(r["legislator"], r["method"], r["stories"]) for r in ours_rows] == [
        ("Terri A. Sewell", "Email", "1")]


def test_erasing_my_data_removes_my_stories_from_every_letter_and_delivery(app, alabama):
    ours, _ = alabama
    person = app.test_client()
    response = submit(person, "/stories/new", {**STORY, "zip": "35020"})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    with app.app_context():
        story = db.session.execute(db.select(Story)).scalar_one()
        story.status, story.district = "approved", 7
        db.session.commit()
    assert record(ours).status_code == 303
    assert record(ours, key=BRITT).status_code == 303
    assert submit(person, "/my/data/delete", {"delete-confirm": "y"},
                  "/my/data").status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(DeliveredStory)).first() is None
        assert db.session.execute(db.select(Story)).first() is None
    rows = list(csv.DictReader(io.StringIO(download(
        ours, "/coordinate/letters/deliveries.csv", "/coordinate/letters/").get_data(
        as_text=True))))
    assert sorted(r["stories"] for r in rows) == ["0", "0"] and all(
        r["story_ids"] == "" for r in rows)
    assert "Hotspots for job seekers" not in download(
        ours, "/coordinate/stories/letters.txt?all=1").get_data(as_text=True)


def test_the_cli_exports_undelivered_letters_by_default_and_the_deliveries(app, alabama,
                                                                          tmp_path):
    ours, _ = alabama
    al7_story(app, title="Hotspots")
    assert record(ours).status_code == 303
    runner = app.test_cli_runner()
    out = tmp_path / "letters.txt"
    args = ["stories", "export", "--format", "letters-txt", "--out", str(out)]
    assert runner.invoke(args=args).exit_code == 0
    assert out.read_text().count("The Honorable") == 2  # the senators only
    assert runner.invoke(args=[*args, "--all"]).exit_code == 0
    assert "The Honorable Terri A. Sewell" in out.read_text()
    pdf = tmp_path / "letters.pdf"
    assert runner.invoke(args=["stories", "export", "--format", "letters-pdf", "--out",
                               str(pdf), "--state", "CA"]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    report = tmp_path / "deliveries.csv"
    result = runner.invoke(args=["letters", "deliveries", "--out", str(report)])
    assert result.exit_code == 0 and "Wrote 1 deliveries" in result.output
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [(r["legislator_id"], r["method"]) for r in rows] == [(SEWELL, "Email")]
