"""Organizers compose, validate, preview, publish, clone and exchange weeks."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from advocacy.audit import AuditEvent
from advocacy.extensions import db
from advocacy.weeks.models import Action, LiveSession, Week

from ..conftest import submit
from ..factories import build_week

WEEK_FORM = {
    "title": "Library Week 2027", "slug": "lw-2027", "summary": "Five days of action.",
    "timezone": "America/New_York", "start_date": "2027-05-03", "end_date": "2027-05-07",
    "recordings_until": "2027-05-31", "hotline": "202-403-8221",
    "partners": "American Library Association | https://www.ala.org\nLocal Friends",
}


def create_week(client, **changes):
    return submit(client, "/organize/weeks/new", {**WEEK_FORM, **changes})


def get_week(app, slug="lw-2027") -> Week:
    return db.session.execute(db.select(Week).where(Week.slug == slug)).scalar_one()


def test_create_week_makes_a_draft_with_one_day_per_date(app, organizer_client):
    response = create_week(organizer_client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/organize/weeks/lw-2027"
    with app.app_context():
        week = get_week(app)
        assert week.status == "draft"
        assert [d.date for d in week.days] == [date(2027, 5, d) for d in range(3, 8)]
        assert [(p.name, p.url) for p in week.partners] == [
            ("American Library Association", "https://www.ala.org"), ("Local Friends", None)]
    assert organizer_client.get("/weeks/lw-2027").status_code == 404  # draft: not public


def test_week_form_errors_sit_beside_their_fields_and_keep_the_input(organizer_client):
    create_week(organizer_client)
    cases = [
        ({"slug": "lw-2027"}, "slug", "already uses this address"),
        ({"slug": "Bad Slug!"}, "slug", "lower-case letters"),
        ({"slug": "other", "end_date": "2027-05-01"}, "end_date", "on or after the first day"),
        ({"slug": "other", "timezone": "Mars/Olympus"}, "timezone", "time zone from the list"),
        ({"slug": "other", "partners": "| https://x.example"}, "partners", "name before the |"),
    ]
    for changes, field, message in cases:
        response = create_week(organizer_client, title="Kept title", **changes)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, changes
        assert f'id="{field}-error">' in html and message in html, changes
        assert 'value="Kept title"' in html, changes


def add_session(client, slug="lw-2027", **changes):
    data = {"title": "Training with CMF", "starts_local": "2027-05-03T16:00",
            "duration_minutes": "30", "host": "CMF", "description": "How to meet.",
            "registration_mode": "internal", "capacity": "50"}
    return submit(client, f"/organize/weeks/{slug}/sessions/new", {**data, **changes})


def add_action(client, app, slug="lw-2027", day_index=0, **changes):
    with app.app_context():
        day_id = get_week(app, slug).days[day_index].id
    data = {"day_id": str(day_id), "title": "Share your story", "minutes": "5",
            "kind": "story", "instructions": "Tell them.", "target": "/stories/new",
            "session_id": ""}
    return submit(client, f"/organize/weeks/{slug}/actions/new", {**data, **changes})


def test_sessions_are_entered_in_the_week_zone_and_stored_in_utc(app, organizer_client):
    create_week(organizer_client)
    assert add_session(organizer_client).status_code == 302
    with app.app_context():
        live = db.session.execute(db.select(LiveSession)).scalar_one()
        assert live.starts_at == datetime(2027, 5, 3, 20, 0, tzinfo=ZoneInfo("UTC"))
        assert live.day.date == date(2027, 5, 3)


def test_session_and_action_validation(app, organizer_client):
    create_week(organizer_client)
    response = add_session(organizer_client, starts_local="2027-05-09T16:00")
    assert response.status_code == 400
    assert "sessions must fall inside the week" in response.get_data(as_text=True)
    response = add_session(organizer_client, capacity="")
    assert "number of places" in response.get_data(as_text=True)
    response = add_session(organizer_client, registration_mode="external", capacity="")
    assert "external registration page" in response.get_data(as_text=True)
    for minutes in ("0", "241", "abc"):
        response = add_action(organizer_client, app, minutes=minutes)
        assert response.status_code == 400, minutes
        assert 'id="minutes-error"' in response.get_data(as_text=True)
    response = add_action(organizer_client, app, kind="call", target="not a phone")
    assert 'id="target-error"' in response.get_data(as_text=True)
    assert add_action(organizer_client, app, minutes="7").status_code == 302  # any value
    with app.app_context():
        assert [a.minutes for a in db.session.execute(db.select(Action)).scalars()] == [7]


def test_reorder_and_delete_actions(app, organizer_client):
    create_week(organizer_client)
    for title in ("First", "Second", "Third"):
        add_action(organizer_client, app, title=title)
    with app.app_context():
        ids = [a.id for a in get_week(app).days[0].actions]
    page = "/organize/weeks/lw-2027"
    submit(organizer_client, f"{page}/actions/{ids[2]}/move", {"direction": "up"}, page)
    submit(organizer_client, f"{page}/actions/{ids[0]}/delete", {}, page)
    with app.app_context():
        assert [(a.title, a.position) for a in get_week(app).days[0].actions] == [
            ("Third", 0), ("Second", 1)]


def test_preview_publish_and_audit(app, organizer_client, client):
    create_week(organizer_client)
    add_session(organizer_client)
    add_action(organizer_client, app)
    preview = organizer_client.get("/organize/weeks/lw-2027/preview")
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "Draft preview" in html and "Training with CMF" in html
    assert client.get("/weeks/lw-2027").status_code == 404
    page = "/organize/weeks/lw-2027"
    assert submit(organizer_client, f"{page}/status", {"change": "publish"}, page
                  ).status_code == 302
    public = client.get("/weeks/lw-2027").get_data(as_text=True)
    preview = organizer_client.get("/organize/weeks/lw-2027/preview").get_data(as_text=True)

    def schedule(page: str) -> str:
        return page[page.index('<header class="week-hero">'):page.index("</main>")]

    # The preview is exactly what advocates see, but for the draft banner.
    assert schedule(preview) == schedule(public)
    assert "Draft preview" not in public
    submit(organizer_client, f"{page}/edit", {**WEEK_FORM, "title": "Renamed week"})
    assert "Renamed week" in client.get("/weeks/lw-2027").get_data(as_text=True)
    with app.app_context():
        actions = [e.action for e in db.session.execute(db.select(AuditEvent)).scalars()]
    assert actions[:2] == ["week.created", "week.publish"] and "week.edited" in actions
    submit(organizer_client, f"{page}/status", {"change": "archive"}, page)
    assert client.get("/weeks/lw-2027").status_code == 404


def test_publishing_an_empty_week_is_refused(app, organizer_client):
    create_week(organizer_client)
    page = "/organize/weeks/lw-2027"
    response = submit(organizer_client, f"{page}/status", {"change": "publish"}, page,
                      follow_redirects=True)
    assert "Add at least one action or session" in response.get_data(as_text=True)
    with app.app_context():
        assert get_week(app).status == "draft"


def test_clone_shifts_every_day_session_and_action(app, organizer_client):
    with app.app_context():
        build_week("source", start=date(2027, 3, 8), actions_per_day=2)  # DST starts 3-14
    page = "/organize/weeks/source/clone"
    response = submit(organizer_client, page, {"title": "Next year", "slug": "next-year",
                                               "start_date": "2028-03-06"})
    assert response.status_code == 302
    with app.app_context():
        source, copy = get_week(app, "source"), get_week(app, "next-year")
        assert copy.status == "draft" and copy.title == "Next year"
        assert copy.start_date == date(2028, 3, 6) and copy.end_date == date(2028, 3, 10)
        assert len(copy.days) == 5
        for old, new in zip(source.days, copy.days, strict=True):
            assert (new.date - old.date).days == 364
            assert [a.title for a in new.actions] == [a.title for a in old.actions]
            for s_old, s_new in zip(old.sessions, new.sessions, strict=True):
                ny = ZoneInfo("America/New_York")
                assert s_new.starts_at.astimezone(ny).time() == time(16, 0)
                assert s_old.starts_at.astimezone(ny).time() == time(16, 0)
    response = submit(organizer_client, page, {"title": "Again", "slug": "next-year",
                                               "start_date": "2029-03-05"})
    assert response.status_code == 400
    assert "already uses this address" in response.get_data(as_text=True)


def test_export_import_round_trip_under_a_new_slug(app, organizer_client):
    with app.app_context():
        build_week("original", actions_per_day=3, sessions_per_day=2)
    exported = organizer_client.get("/organize/weeks/original/export.json").get_json()
    page = "/organize/weeks/import"
    response = submit(organizer_client, page, {
        "file": (io.BytesIO(json.dumps(exported).encode()), "week.json"), "slug": "copy"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    again = organizer_client.get("/organize/weeks/copy/export.json").get_json()
    assert again["week"].pop("slug") == "copy"
    assert exported["week"].pop("slug") == "original"
    assert again == exported


def count_rows(app) -> dict:
    with app.app_context():
        return {m.__name__: len(db.session.execute(db.select(m)).all())
                for m in (Week, LiveSession, Action)}


def test_a_corrupted_file_names_the_bad_field_and_writes_nothing(app, organizer_client):
    with app.app_context():
        build_week("original")
    exported = organizer_client.get("/organize/weeks/original/export.json").get_json()
    before = count_rows(app)
    exported["week"]["days"][2]["actions"][0]["minutes"] = 999
    exported["week"]["days"][1]["sessions"][0]["starts_local"] = "next tuesday"
    response = submit(organizer_client, "/organize/weeks/import", {
        "file": (io.BytesIO(json.dumps(exported).encode()), "bad.json"), "slug": "bad"},
        content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "week.days[2].actions[0].minutes" in html
    assert "week.days[1].sessions[0].starts_local" in html
    assert count_rows(app) == before
    # A problem only found while building (a session outside the week) also writes nothing.
    exported = organizer_client.get("/organize/weeks/original/export.json").get_json()
    exported["week"]["days"][0]["sessions"][0]["starts_local"] = "2030-01-01T10:00"
    response = submit(organizer_client, "/organize/weeks/import", {
        "file": (io.BytesIO(json.dumps(exported).encode()), "bad.json"), "slug": "bad2"},
        content_type="multipart/form-data")
    assert "week.days[0].sessions[0].starts_local" in response.get_data(as_text=True)
    assert count_rows(app) == before
    response = submit(organizer_client, "/organize/weeks/import", {
        "file": (io.BytesIO(b"{not json"), "x.json")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "not JSON" in response.get_data(as_text=True)


def test_cli_export_and_import(app, runner, tmp_path):
    with app.app_context():
        build_week("cli-week")
    out = tmp_path / "week.json"
    result = runner.invoke(args=["weeks", "export", "cli-week", "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["weeks", "import", str(out), "--slug", "cli-copy"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    data["week"]["days"][0]["actions"][0]["kind"] = "dance"
    out.write_text(json.dumps(data))
    before = count_rows(app)
    result = runner.invoke(args=["weeks", "import", str(out), "--slug", "cli-bad"])
    assert result.exit_code != 0
    assert "week.days[0].actions[0].kind" in result.output
    assert count_rows(app) == before


def test_editing_dates_adds_days_and_refuses_to_drop_days_with_content(app, organizer_client):
    create_week(organizer_client)
    add_action(organizer_client, app, day_index=4)  # on 2027-05-07
    page = "/organize/weeks/lw-2027/edit"
    assert submit(organizer_client, page, {**WEEK_FORM, "end_date": "2027-05-09"}
                  ).status_code == 302
    with app.app_context():
        assert len(get_week(app).days) == 7
    response = submit(organizer_client, page, {**WEEK_FORM, "end_date": "2027-05-05"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="start_date-error"' in html and "still has sessions or actions" in html
    with app.app_context():
        assert len(get_week(app).days) == 7  # nothing changed
    assert submit(organizer_client, page, {**WEEK_FORM, "end_date": "2027-05-07"}
                  ).status_code == 302
    with app.app_context():
        assert [d.date.day for d in get_week(app).days] == [3, 4, 5, 6, 7]


def test_changing_the_zone_keeps_wall_clock_times(app, organizer_client):
    create_week(organizer_client)
    add_session(organizer_client)
    submit(organizer_client, "/organize/weeks/lw-2027/edit",
           {**WEEK_FORM, "timezone": "America/Chicago"})
    with app.app_context():
        live = db.session.execute(db.select(LiveSession)).scalar_one()
        assert live.starts_at.astimezone(ZoneInfo("America/Chicago")).time() == time(16, 0)


def test_day_title_and_summary(app, organizer_client):
    create_week(organizer_client)
    with app.app_context():
        day_id = get_week(app).days[1].id
    url = f"/organize/weeks/lw-2027/days/{day_id}/edit"
    assert submit(organizer_client, url, {"title": "Put a voice to your story",
                                          "summary": "Call the hotline."}).status_code == 302
    response = submit(organizer_client, url, {"title": "x" * 201, "summary": ""})
    assert response.status_code == 400 and 'id="title-error"' in response.get_data(True)
    with app.app_context():
        day = get_week(app).days[1]
        assert (day.title, day.summary) == ("Put a voice to your story", "Call the hotline.")


def test_a_new_week_reports_every_mistake_in_one_answer(app, organizer_client):
    """Issue 15, item 14: four mistakes, one submit; the slug is made from the title;
    the hotline must be a phone number; a clone suggests the title with the new year."""
    import html as html_lib

    from ..conftest import submit as send

    response = send(organizer_client, "/organize/weeks/new", {
        "title": "Library Week 2027", "slug": "", "timezone": "Mars/Olympus",
        "start_date": "2027-05-07", "end_date": "2027-05-03",
        "recordings_until": "2027-04-01", "hotline": "call us"})
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    for field, words in (("timezone", "Choose a time zone"), ("end_date", "on or after"),
                         ("recordings_until", "cannot end before"),
                         ("hotline", "phone number")):
        assert f'id="{field}-error"' in page and words in page, field
    response = send(organizer_client, "/organize/weeks/new", {
        "title": "Library Week 2027", "slug": "", "timezone": "America/Chicago",
        "start_date": "2027-05-03", "end_date": "2027-05-07", "hotline": "202-403-8221"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organize/weeks/library-week-2027")
    clone = organizer_client.get("/organize/weeks/library-week-2027/clone").get_data(True)
    assert 'value="Library Week 2028"' in clone and 'value="library-week-2028"' in clone
