"""The legislator import: local copies, HTTP through `responses`, bad data, re-runs."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import requests
import responses
from responses import matchers

from advocacy.extensions import db
from advocacy.legislators.models import Legislator, LegislatorOffice, ZipDistrict
from advocacy.legislators.services import districts_for_zip, members_for, zip_lookup
from advocacy.legislators.sources import FILES

from ..conftest import SHARED_DATA

BASE = "https://data.example.test/congress"

pytestmark = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is missing")


def counts(app) -> dict:
    with app.app_context():
        return {m.__name__: db.session.execute(db.select(db.func.count()).select_from(m))
                .scalar_one() for m in (Legislator, LegislatorOffice, ZipDistrict)}


def test_import_from_the_shared_copies(app, runner):
    result = runner.invoke(args=["legislators", "import", "--source", str(SHARED_DATA)])
    assert result.exit_code == 0, result.output
    loaded = counts(app)
    assert (loaded["Legislator"], loaded["ZipDistrict"]) == (537, 42033)
    assert loaded["LegislatorOffice"] > 1000
    with app.app_context():
        senators = db.session.execute(db.select(db.func.count()).where(
            Legislator.chamber == "senate")).scalar_one()
        assert senators == 100
        assert districts_for_zip("35005") == [("AL", 6), ("AL", 7)]  # a split ZIP
        members = members_for("AL", 7)
        assert sorted(m.chamber for m in members) == ["house", "senate", "senate"]
        assert all(m.phone for m in members)


def test_reimport_is_idempotent_and_marks_members_who_left(app, runner, tmp_path):
    runner.invoke(args=["legislators", "import", "--source", str(SHARED_DATA)])
    before = counts(app)
    folder = tmp_path / "data"
    shutil.copytree(SHARED_DATA, folder)
    members = json.loads((folder / "legislators-current.json").read_text())
    gone = members.pop(0)["id"]["bioguide"]
    (folder / "legislators-current.json").write_text(json.dumps(members))
    result = runner.invoke(args=["legislators", "import", "--source", str(folder)])
    assert result.exit_code == 0 and "1 marked out of office" in result.output
    assert counts(app)["Legislator"] == before["Legislator"]  # kept, not deleted
    with app.app_context():
        row = db.session.execute(db.select(Legislator).where(
            Legislator.bioguide_id == gone)).scalar_one()
        assert row.in_office is False
        assert row not in members_for(row.state, row.district)


def test_bad_files_change_nothing(app, runner, tmp_path):
    runner.invoke(args=["legislators", "import", "--source", str(SHARED_DATA)])
    before = counts(app)
    folder = tmp_path / "data"
    shutil.copytree(SHARED_DATA, folder)
    (folder / "zccd.csv").write_text("state_fips,state_abbr,zcta,cd\n01,AL,35005,seven\n")
    result = runner.invoke(args=["legislators", "import", "--source", str(folder)])
    assert result.exit_code != 0 and "zccd.csv" in result.output
    assert "Nothing was changed" in result.output
    (folder / "zccd.csv").unlink()
    result = runner.invoke(args=["legislators", "import", "--source", str(folder)])
    assert result.exit_code != 0 and "zccd.csv: not found" in result.output
    assert counts(app) == before


def register_files(status=200, headers=None):
    for name in FILES:
        responses.add(responses.GET, f"{BASE}/{name}", status=status,
                      body=(SHARED_DATA / name).read_bytes(), headers=headers or {})


@responses.activate
def test_http_download_then_conditional_get_uses_the_cache(app, runner):
    register_files(headers={"ETag": '"v1"'})
    result = runner.invoke(args=["legislators", "import", "--source", BASE])
    assert result.exit_code == 0, result.output
    responses.reset()
    for name in FILES:
        responses.add(responses.GET, f"{BASE}/{name}", status=304,
                      match=[matchers.header_matcher({"If-None-Match": '"v1"'})])
    result = runner.invoke(args=["legislators", "import", "--source", BASE])
    assert result.exit_code == 0, result.output
    assert result.output.count("unchanged since the last download") == 3
    assert counts(app)["Legislator"] == 537


@responses.activate
def test_http_errors_are_retried_then_reported(app, runner):
    name = FILES[0]
    responses.add(responses.GET, f"{BASE}/{name}", status=503)
    responses.add(responses.GET, f"{BASE}/{name}", status=200,
                  body=(SHARED_DATA / name).read_bytes())
    for other in FILES[1:]:
        responses.add(responses.GET, f"{BASE}/{other}",
                      body=(SHARED_DATA / other).read_bytes())
    result = runner.invoke(args=["legislators", "import", "--source", BASE])
    assert result.exit_code == 0, result.output  # the 503 was retried
    responses.reset()
    responses.add(responses.GET, f"{BASE}/{name}", status=500)
    result = runner.invoke(args=["legislators", "import", "--source", BASE])
    assert result.exit_code != 0 and "answered 500" in result.output


@responses.activate
def test_http_timeout_is_a_clear_error_and_changes_nothing(app, runner):
    responses.add(responses.GET, f"{BASE}/{FILES[0]}",
                  body=requests.exceptions.ConnectTimeout("slow"))
    result = runner.invoke(args=["legislators", "import", "--source", BASE])
    assert result.exit_code != 0
    assert "did not answer in time" in result.output and "Nothing was changed" in result.output
    assert counts(app)["Legislator"] == 0


def tampered_copy(tmp_path, change) -> str:
    folder = tmp_path / "tampered"
    shutil.copytree(SHARED_DATA, folder)
    members = json.loads((folder / "legislators-current.json").read_text())
    change(members)
    (folder / "legislators-current.json").write_text(json.dumps(members))
    return str(folder)


def test_imported_ids_urls_and_phones_are_checked(app, runner, tmp_path):
    """Issue 14, item 11: an id like ../../x is refused (it became a ZIP member path), a
    javascript: contact form or a non-phone is left out (it became a link)."""
    def bad_id(members):
        members[0]["id"]["bioguide"] = "../../x"

    result = runner.invoke(args=["legislators", "import", "--source",
                                 tampered_copy(tmp_path, bad_id)])
    assert result.exit_code != 0 and "'../../x' is not a valid id" in result.output
    assert counts(app)["Legislator"] == 0

    def bad_links(members):
        term = members[0]["terms"][-1]
        term["contact_form"], term["url"] = "javascript:alert(1)", "data:text/html,x"
        term["phone"] = "call me maybe"

    shutil.rmtree(tmp_path / "tampered")
    result = runner.invoke(args=["legislators", "import", "--source",
                                 tampered_copy(tmp_path, bad_links)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        members = json.loads((SHARED_DATA / "legislators-current.json").read_text())
        row = db.session.execute(db.select(Legislator).where(
            Legislator.bioguide_id == members[0]["id"]["bioguide"])).scalar_one()
        assert (row.contact_form_url, row.website_url, row.phone) == (None, None, None)
        assert not db.session.execute(db.select(Legislator).where(
            Legislator.contact_form_url.not_like("http%"))).first()


def test_letter_archive_member_names_are_safe():
    from advocacy.stories.letter_exports import member_name
    from advocacy.stories.letters import Recipient

    used: set[str] = set()
    names = [member_name(Recipient(key=key, title="Senator", full_name="X", last_name="X",
                                   chamber="senate", state="NY", district=None), used)
             for key in ("../../x", "..\\..\\x", "/etc/passwd", "A000001", "A000001", "")]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+(-\d+)?\.txt", name) for name in names), names
    assert len(set(names)) == len(names)


@responses.activate
def test_if_missing_skips_loaded_data_and_never_fails_offline(app, runner):
    """Issue 15, item 17: what `make run` runs: offline, one line and exit 0."""
    responses.add(responses.GET, f"{BASE}/legislators-current.json",
                  body=requests.ConnectionError("offline"))
    result = runner.invoke(args=["legislators", "import", "--source", BASE, "--if-missing"])
    assert result.exit_code == 0 and "Legislator data not loaded" in result.output
    assert counts(app)["Legislator"] == 0
    runner.invoke(args=["legislators", "import", "--source", str(SHARED_DATA)])
    result = runner.invoke(args=["legislators", "import", "--if-missing"])
    assert result.exit_code == 0 and "loaded already" in result.output


def test_zip_lookups_are_kept_per_process_and_an_import_here_forgets_them(make_app):
    app = make_app(REFERENCE_MAX_AGE=600)
    with app.app_context():
        assert zip_lookup("35005") == ([], False)  # nothing imported yet: kept so
    result = app.test_cli_runner().invoke(args=["legislators", "import", "--source",
                                                str(SHARED_DATA)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert zip_lookup("35005 ") == ([("AL", 6), ("AL", 7)], True)  # this import shows
        # Another process's import (a row written behind the cache's back) shows only
        # when the kept answer expires.
        db.session.add(ZipDistrict(zcta="35005", state="AL", district=5))
        db.session.commit()
        assert zip_lookup("35005") == ([("AL", 6), ("AL", 7)], True)
        assert districts_for_zip("35005") == [("AL", 5), ("AL", 6), ("AL", 7)]
