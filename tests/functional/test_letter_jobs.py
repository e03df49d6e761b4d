"""The contact-form helper splits a long letter; big exports are made in the background
and only the coordinator who asked can follow and download them."""

from __future__ import annotations

import time

import pytest

from advocacy.database import utcnow
from advocacy.extensions import db
from advocacy.stories.export_jobs import SAME_JOB_WITHIN
from advocacy.stories.models import ExportJob

from ..concurrency import at_once
from ..conftest import csrf_from, download, login
from .test_deliveries import PAGE, alabama, story_ids_on  # noqa: F401  (fixture)
from .test_letters import al7_story, loaded  # noqa: F401  (fixture)

LONG = ("Our library lent hotspots and laptops to families who had no internet at home, "
        "and our staff taught seniors to book vaccine appointments online. ") * 3


@pytest.fixture
def app(make_app):
    return make_app(CONTACT_FORM_LIMIT=600, LETTERS_INLINE_STORIES=2)


def test_contact_form_parts_fit_the_limit_and_mark_the_letter_delivered(app, alabama):  # noqa: F811
    ours, _ = alabama
    for n in range(3):
        al7_story(app, title=f"Story {n}", body=LONG)
    page = ours.get(PAGE).get_data(as_text=True)
    parts = [p for p in page.split('readonly rows="10">')[1:]]
    parts = [p[:p.index("</textarea>")] for p in parts]
    assert len(parts) >= 3 and "Part 1 of" in page
    assert all(len(p.replace("&#34;", '"').replace("&#39;", "'")) <= 600 for p in parts)
    assert parts[0].startswith("(part 1/") and "Dear Representative Sewell," in parts[0]
    joined = " ".join(parts)
    assert all(f"Story {n}" in joined for n in range(3))
    helper = page[page.index('id="form-heading"'):]
    ids = story_ids_on(page)
    response = ours.post(f"{PAGE}/deliveries", data={
        "csrf_token": csrf_from(page), "method": "contact_form",
        "delivered_on": "2026-12-01", "story_ids": ids})
    assert response.status_code == 303
    after = ours.get(PAGE).get_data(as_text=True)
    assert "Nothing waiting" in after and "The member&#39;s web contact form" in after
    assert "Mark delivered by contact form" in helper


def wait_ready(client, url: str, seconds: float = 30.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url).get_data(as_text=True)
        if "Download the" in page or "could not be made" in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"the export did not finish: {page}")


@pytest.mark.parametrize("fmt", ["pdf", "zip", "html"])
def test_a_big_export_runs_in_the_background_for_its_coordinator_only(app, alabama,  # noqa: F811
                                                                     task_worker, fmt):
    ours, theirs = alabama
    for n in range(3):
        al7_story(app, title=f"Story {n}")
    response = download(ours, f"/coordinate/stories/letters.{fmt}")
    assert response.status_code == 303
    job_url = response.headers["Location"]
    assert "/coordinate/letters/exports/" in job_url
    first = ours.get(job_url).get_data(as_text=True)
    assert "Letters export" in first
    page = wait_ready(ours, job_url)
    assert "Ready: 3 letters" in page
    link = job_url + "/download"
    file = ours.get(link)
    assert file.status_code == 200 and len(file.data) > 200
    assert file.headers["Content-Disposition"].startswith("attachment")
    if fmt == "pdf":
        assert file.data.startswith(b"%PDF-")
    assert theirs.get(job_url).status_code == 404
    assert theirs.get(link).status_code == 404
    listing = ours.get("/coordinate/letters/").get_data(as_text=True)
    assert "Your exports" in listing and job_url.split("localhost")[-1] in listing


def test_asking_again_for_an_export_being_made_opens_the_same_one(app, alabama):  # noqa: F811
    ours, _ = alabama
    for n in range(3):  # over LETTERS_INLINE_STORIES: a background export
        al7_story(app, title=f"Story {n}")
    first = download(ours, "/coordinate/stories/letters.pdf").headers["Location"]
    again = download(ours, "/coordinate/stories/letters.pdf").headers["Location"]
    assert again == first  # no worker here: the first is still queued
    other = download(ours, "/coordinate/stories/letters.zip").headers["Location"]
    assert other != first
    # Asked for long ago and still not made (its worker died): a new one is started.
    with app.app_context():
        db.session.execute(db.update(ExportJob).values(
            created_at=utcnow() - SAME_JOB_WITHIN - SAME_JOB_WITHIN))
        db.session.commit()
    assert download(ours, "/coordinate/stories/letters.pdf").headers["Location"] != first


def test_the_same_export_asked_for_twice_at_once_is_made_once(app, make_chapter, make_user,
                                                              loaded):  # noqa: F811
    make_chapter("alabama", states=("AL",), name="Alabama Library Association")
    coordinator = make_user("coordinator", chapters=["alabama"])
    for n in range(3):
        al7_story(app, title=f"Story {n}")
    clients = [app.test_client() for _ in range(4)]
    calls = []
    for client in clients:  # a double click, or two tabs
        login(client, coordinator)
        token = csrf_from(client.get("/coordinate/stories/").get_data(as_text=True))
        calls.append((client, "/coordinate/stories/letters.pdf", {"csrf_token": token}))
    assert at_once(calls) == [303] * len(clients)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(ExportJob)
                                  ).scalar_one() == 1


def test_the_sweep_fails_a_job_whose_worker_died_and_later_deletes_it_with_its_file(
        app, make_user):
    from datetime import timedelta

    from advocacy.accounts.models import User
    from advocacy.database import utcnow
    from advocacy.extensions import db
    from advocacy.stories import export_jobs
    from advocacy.stories.models import ExportJob

    email = make_user("coordinator")
    with app.app_context():
        owner = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        half = export_jobs.exports_folder() / "7-half.pdf"
        half.write_bytes(b"%PDF-1.7 half-written")
        job = ExportJob(user_id=owner.id, fmt="pdf", selection="{}", status="running",
                        file_name=half.name, created_at=utcnow() - timedelta(hours=2))
        db.session.add(job)
        db.session.commit()
        export_jobs.sweep_exports()
        db.session.refresh(job)
        assert job.status == "failed" and "stopped half-way" in job.error
        assert export_jobs.file_of(job) is None and half.exists()
        job.finished_at = utcnow() - timedelta(hours=25)
        db.session.commit()
        export_jobs.sweep_exports()
        assert db.session.get(ExportJob, job.id) is None and not half.exists()
