"""End to end: a story from a split ZIP becomes letters to real members of Congress."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from ..conftest import SHARED_DATA
from .conftest import sign_in_ui

pytestmark = pytest.mark.browser
STORY_TEXT = ("Our library lent Wi-Fi hotspots to forty families during remote learning, "
              "and every child in the program finished the school year.")


def test_story_from_split_zip_to_letters(browser, live_server, runner, make_chapter,
                                         make_user, tmp_path):
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is missing")
    assert runner.invoke(args=["legislators", "import", "--source",
                               str(SHARED_DATA)]).exit_code == 0
    make_chapter("alabama", states=("AL",), name="Alabama Library Advocates")
    coordinator = make_user("coordinator", chapters=["alabama"])

    advocate = browser.new_context().new_page()
    advocate.goto(live_server + "/stories/new")
    advocate.get_by_label("Your name").fill("Rosa Reader")
    advocate.get_by_label("Email").fill("rosa@example.org")
    advocate.get_by_label("Your library").fill("Bessemer Public Library")
    advocate.get_by_label("City or town").fill("Bessemer")
    advocate.get_by_label("State").select_option("AL")
    advocate.get_by_label("ZIP code").fill("35005")
    advocate.get_by_label("Remote learning").check()
    advocate.get_by_label("Title").fill("Hotspots kept school going")
    advocate.get_by_label("Your story").fill(STORY_TEXT)
    advocate.get_by_label("Share my story with my members of Congress").check()
    advocate.get_by_role("button", name="Share my story").click()
    expect(advocate.locator("body")).to_contain_text("more than one congressional district")
    assert advocate.get_by_label("Your story").input_value() == STORY_TEXT  # nothing lost
    advocate.get_by_label("AL-07").check()
    advocate.get_by_role("button", name="Share my story").click()
    expect(advocate.locator("body")).to_contain_text("Thank you for sharing your story")
    members = advocate.locator("ul.members").inner_text()
    assert "Representative Terri A. Sewell" in members
    assert "Senator Katie Boyd Britt" in members and "Senator Tommy Tuberville" in members
    advocate.context.close()

    staff = browser.new_context(accept_downloads=True).new_page()
    sign_in_ui(staff, live_server, coordinator)
    staff.get_by_role("link", name="Stories waiting for moderation").click()
    staff.get_by_role("link", name="Hotspots kept school going").click()
    staff.get_by_label("Note (kept with the decision)").fill("Thank you, Rosa")
    staff.get_by_role("button", name="Approve").click()
    expect(staff.locator("body")).to_contain_text("Story approved")
    staff.goto(live_server + "/coordinate/stories/")
    with staff.expect_download() as download:
        staff.get_by_role("button", name="ZIP, one file per legislator").first.click()
    path = tmp_path / "letters.zip"
    download.value.save_as(path)
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    texts = {name: archive.read(name).decode() for name in archive.namelist()}
    assert len(texts) == 3
    assert all(STORY_TEXT in text and "— Rosa, Bessemer" in text for text in texts.values())
    salutations = sorted(line for text in texts.values() for line in text.splitlines()
                         if line.startswith("Dear "))
    assert salutations == ["Dear Representative Sewell,", "Dear Senator Britt,",
                           "Dear Senator Tuberville,"]
    staff.context.close()
