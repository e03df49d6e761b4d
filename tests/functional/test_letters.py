"""Letters to legislators: who gets what, consent, formats, templates in a sandbox."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from pypdf import PdfReader

from advocacy.errors import DomainError
from advocacy.stories import letters

from ..conftest import SHARED_DATA, download, login, submit
from .test_moderation import add_story

QUOTE_BODY = "Our library’s hotspots — lent to 40 families — kept “school” going at home."


@pytest.fixture
def organizer(app, make_user):
    client = app.test_client()
    login(client, make_user("organizer"))
    return client


@pytest.fixture
def loaded(runner):
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is missing")
    assert runner.invoke(args=["legislators", "import", "--source",
                               str(SHARED_DATA)]).exit_code == 0


def al7_story(app, **changes):
    data = {"state": "AL", "title": "Hotspots", "status": "approved", "body": QUOTE_BODY,
            "consents": ("share",), **changes}
    story_id = add_story(app, **data)
    from advocacy.extensions import db
    from advocacy.stories.models import Story
    with app.app_context():
        story = db.session.get(Story, story_id)
        story.district, story.city, story.zip = 7, "Bessemer", "35020"
        db.session.commit()
    return story_id


def test_letters_go_to_the_representative_and_both_senators(app, organizer, loaded):
    al7_story(app)
    al7_story(app, title="No consent", consents=())
    al7_story(app, title="Still pending", status="pending")
    text = download(organizer, "/coordinate/stories/letters.txt").get_data(as_text=True)
    letters_ = text.split("\f\n")
    assert len(letters_) == 3
    recipients = sorted(line for letter in letters_ for line in letter.splitlines()
                        if line.startswith("The Honorable "))
    assert recipients == ["The Honorable Katie Boyd Britt", "The Honorable Terri A. Sewell",
                          "The Honorable Tommy Tuberville"]
    for letter in letters_:
        assert QUOTE_BODY in letter and "— Ada, Bessemer (Main Library)" in letter
        assert "No consent" not in letter and "Still pending" not in letter
    assert "Dear Representative Sewell," in text and "Dear Senator Britt," in text


def test_mailmerge_zip_and_pdf(app, organizer, loaded):
    al7_story(app)
    rows = list(csv.DictReader(io.StringIO(
        download(organizer, "/coordinate/stories/letters.csv").get_data(as_text=True))))
    assert sorted(r["name"] for r in rows) == ["Katie Boyd Britt", "Terri A. Sewell",
                                               "Tommy Tuberville"]
    assert all(r["phone"].startswith("202-") and QUOTE_BODY in r["message"] for r in rows)
    archive = zipfile.ZipFile(io.BytesIO(
        download(organizer, "/coordinate/stories/letters.zip").data))
    assert len(archive.namelist()) == 3
    assert all(QUOTE_BODY in archive.read(name).decode() for name in archive.namelist())
    pdf = download(organizer, "/coordinate/stories/letters.pdf")
    assert pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "—" in text and "“school”" in text and "library’s" in text


def test_without_legislator_data_letters_are_addressed_by_district(app, organizer):
    add_story(app, state="NY", status="approved", consents=("share",))
    text = download(organizer, "/coordinate/stories/letters.txt").get_data(as_text=True)
    assert "\nSenators for NY\n\nSubject: What libraries do for NY: 1 story" in text
    assert "\nRepresentative for NY-20\n\nSubject: What libraries do for NY-20:" in text
    assert "Dear Representative for NY-20," in text and "Dear Senators for NY," in text


def test_html_letters_escape_markup(app, organizer):
    add_story(app, state="NY", status="approved", consents=("share",),
              body="<script>alert(1)</script> our library is a lifeline for many families.")
    html = download(organizer, "/coordinate/stories/letters.html").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_templates_render_in_a_sandbox(app, organizer):
    with pytest.raises(DomainError):
        letters.render("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})
    page = "/organize/letters/"
    response = submit(organizer, page, {"intro": "{{ ''.__class__.__mro__ }}",
                                        "closing": "Thanks"})
    assert response.status_code == 400 and 'id="intro-error"' in response.get_data(True)
    response = submit(organizer, page, {
        "intro": "Hello {{ title }} {{ last_name }} of {{ place }} ({{ story_count }})",
        "closing": "From {{ chapter }}"})
    assert response.status_code == 302
    add_story(app, state="NY", status="approved", consents=("share",))
    text = download(organizer, "/coordinate/stories/letters.txt").get_data(as_text=True)
    assert "Hello Representative for NY-20 of NY-20 (1)" in text
    assert "From library advocates" in text


def test_cli_exports_every_format(app, runner, loaded, tmp_path):
    al7_story(app)
    add_story(app, state="NY", title="=cmd()", status="pending")
    for fmt in ("csv", "json", "letters-txt", "letters-pdf", "mailmerge", "letters-zip"):
        out = tmp_path / f"export.{fmt}"
        result = runner.invoke(args=["stories", "export", "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, (fmt, result.output)
        assert out.stat().st_size > 0, fmt
    rows = list(csv.DictReader((tmp_path / "export.csv").open(encoding="utf-8")))
    assert {r["title"] for r in rows} == {"Hotspots", "'=cmd()"}
    assert "Terri A. Sewell" in (tmp_path / "export.letters-txt").read_text()
    result = runner.invoke(args=["stories", "export", "--format", "csv", "--status",
                                 "approved", "--out", str(tmp_path / "a.csv")])
    assert "Wrote 1 stories" in result.output
    assert runner.invoke(args=["stories", "export", "--format", "csv", "--week", "nope",
                               "--out", str(tmp_path / "b.csv")]).exit_code != 0
