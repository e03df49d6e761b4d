"""Letters are real letters: letterhead, date, the member's Washington address from the
legislator data, subject, salutation; PDF pages numbered "Page n of N" with the member's
name in a running header, ragged right, with metadata; the printable HTML says the
same; the organizer's logo is re-encoded (PNG) or rebuilt (SVG) before it is kept."""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from datetime import date

import pytest
from pypdf import PdfReader

from advocacy.extensions import db
from advocacy.stories.models import LetterTemplate

from ..conftest import SHARED_DATA, csrf_from, download, login
from .test_letters import al7_story, loaded  # noqa: F401  (fixture)

LONG = ("When the branch lent out hotspots, families who had no internet at home could "
        "finally fill in job applications, and the seniors' class learned to book vaccine "
        "appointments online. ") * 4
NAME = "Alabama Library Association"


@pytest.fixture
def alabama_chapter(app, make_chapter, make_user, loaded):  # noqa: F811
    make_chapter("alabama", states=("AL",), name=NAME)
    client = app.test_client()
    login(client, make_user("coordinator", chapters=["alabama"]))
    return client


def sewell_address() -> tuple[str, str]:
    members = json.loads((SHARED_DATA / "legislators-current.json").read_text())
    sewell = next(m for m in members if m["id"]["bioguide"] == "S001185")
    street, _, code = sewell["terms"][-1]["address"].rpartition(" Washington DC ")
    return street, code


def today_line() -> str:
    today = date.today()
    return f"{today:%B} {today.day}, {today.year}"


def test_the_pdf_letter_to_a_real_member_is_a_real_letter(app, alabama_chapter):
    for n in range(12):
        al7_story(app, title=f"Story {n}", body=LONG)
    pdf = download(alabama_chapter, "/coordinate/letters/S001185/letter.pdf",
                   "/coordinate/letters/S001185")
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert reader.metadata.title == "Letters to legislators" and reader.metadata.author
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert total >= 2
    street, code = sewell_address()
    first = pages[0]
    for expected in (NAME, today_line(), "The Honorable Terri A. Sewell",
                     "Representative, U.S. House of Representatives", street,
                     f"Washington, DC {code}", "Subject: What libraries do for AL-07: 12 stories",
                     "Dear Representative Sewell,"):
        assert expected in first, expected
    for number, text in enumerate(pages, 1):
        assert "To Terri A. Sewell (AL-07)" in text  # the running header
        assert f"Page {number} of {total}" in text
    assert "Sincerely," in pages[-1] and NAME in pages[-1]
    # Ragged right: no word or character spacing stretches any line to the margin.
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        assert not re.search(r"\bT[wc]\b", content)


def test_the_printable_html_says_what_the_pdf_says(app, alabama_chapter):
    al7_story(app, title="Hotspots")
    html = download(alabama_chapter, "/coordinate/letters/S001185/letter.html",
                    "/coordinate/letters/S001185").get_data(as_text=True)
    street, code = sewell_address()
    for expected in (NAME, today_line(), "The Honorable Terri A. Sewell", street,
                     f"Washington, DC {code}", "Subject: What libraries do for AL-07: 1 story",
                     "Dear Representative Sewell,", "To Terri A. Sewell (AL-07)",
                     "— Ada, Bessemer (Main Library)"):
        assert expected in html, expected


def png_with_text_chunk() -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret-metadata")
    out = io.BytesIO()
    Image.new("RGBA", (300, 100), (20, 80, 160, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue() + b"trailing-bytes"


def upload(client, data: bytes, filename: str):
    page = client.get("/organize/letters/").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "intro": "", "closing": "",
            "logo": (io.BytesIO(data), filename)}
    return client.post("/organize/letters/", data=form, content_type="multipart/form-data")


def stored_logo(app):
    with app.app_context():
        row = db.session.execute(db.select(LetterTemplate)).scalar_one_or_none()
        return (row.logo, row.logo_type) if row else (None, None)


def test_a_png_logo_is_re_encoded_and_printed_on_the_pdf(app, organizer_client, loaded):  # noqa: F811
    assert upload(organizer_client, png_with_text_chunk(), "logo.png").status_code == 302
    logo, kind = stored_logo(app)
    assert kind == "image/png" and logo.startswith(b"\x89PNG")
    assert b"secret-metadata" not in logo and b"trailing-bytes" not in logo
    al7_story(app)
    pdf = PdfReader(io.BytesIO(download(organizer_client,
                                        "/coordinate/stories/letters.pdf").data))
    images = pdf.pages[0]["/Resources"]["/XObject"]
    assert "/Logo" in images and images["/Logo"]["/Width"] == 300
    html = download(organizer_client, "/coordinate/stories/letters.html").get_data(
        as_text=True)
    assert 'src="data:image/png;base64,' in html


def test_an_svg_logo_keeps_only_its_shapes(app, organizer_client):
    svg = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
           b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">'
           b'<script>alert(2)</script><rect width="10" height="10" fill="#036" '
           b'style="fill:url(https://evil.example/x)"/><a xlink:href="javascript:alert(3)">'
           b'<circle r="3"/></a><image href="https://evil.example/track.png"/>'
           b'<path d="M0 0L10 10" fill="url(javascript:alert(4))"/></svg>')
    assert upload(organizer_client, svg, "logo.svg").status_code == 302
    logo, kind = stored_logo(app)
    assert kind == "image/svg+xml"
    text = logo.decode()
    for gone in ("script", "onload", "alert", "evil.example", "javascript", "style",
                 "<a", "<image"):
        assert gone not in text, gone
    assert "<rect" in text and 'fill="#036"' in text and "<path" in text


@pytest.mark.parametrize("data,filename,message", [
    (b"GIF89a" + b"\0" * 100, "logo.gif", "must be a PNG or an SVG"),
    (b"\x89PNG\r\n\x1a\n" + b"broken" * 10, "logo.png", "cannot be read"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "bomb.svg", "entities"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024), "big.png", "larger than 512 KB"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="a b c d"><rect width="9" '
     b'height="9"/></svg>', "odd.svg", "cannot be drawn"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><rect width="9" '
     b'height="9" fill="none"/></svg>', "empty.svg", "no shape that can be drawn"),
])
def test_a_bad_logo_is_refused_at_its_field(app, organizer_client, data, filename, message):
    response = upload(organizer_client, data, filename)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="logo-error"' in page and message in page
    assert stored_logo(app) == (None, None)


def test_a_huge_png_is_refused_before_it_is_decoded(app, organizer_client):
    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + header
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk +
           struct.pack(">I", zlib.crc32(chunk)) + b"\0\0\0\0IEND\xaeB`\x82")
    response = upload(organizer_client, png, "huge.png")
    assert response.status_code == 400 and "too many pixels" in response.get_data(as_text=True)


def test_an_svg_logo_is_drawn_on_the_pdf(app, organizer_client, loaded):  # noqa: F811
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 10">'
           b'<rect width="30" height="10" fill="#003366"/></svg>')
    assert upload(organizer_client, svg, "logo.svg").status_code == 302
    al7_story(app)
    pdf = PdfReader(io.BytesIO(download(organizer_client,
                                        "/coordinate/stories/letters.pdf").data))
    logo = pdf.pages[0]["/Resources"]["/XObject"]["/Logo"]
    # Drawn 200 px high at its own proportions (3:1), in the SVG's colour.
    assert (logo["/Width"], logo["/Height"]) == (600, 200)
    pixels = logo.decode_as_image().convert("RGB")
    assert pixels.getpixel((300, 100)) == (0, 51, 102)


def test_a_very_wide_svg_logo_is_fitted_not_refused_by_cairo(app, organizer_client,
                                                             loaded):  # noqa: F811
    # Drawn 200 px high, this viewBox would ask Cairo for a canvas 20 million px wide.
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100000 1">'
           b'<rect width="100000" height="1" fill="#003366"/></svg>')
    assert upload(organizer_client, svg, "wide.svg").status_code == 302
    al7_story(app)
    response = download(organizer_client, "/coordinate/stories/letters.pdf")
    assert response.status_code == 200
    logo = PdfReader(io.BytesIO(response.data)).pages[0]["/Resources"]["/XObject"]["/Logo"]
    assert logo["/Width"] <= 600 and logo["/Height"] <= 200

