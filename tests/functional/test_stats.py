"""The organizer stats page: every number equals a count straight from the database."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from advocacy.accounts.models import Participant
from advocacy.chapters.models import Chapter, ChapterSignup
from advocacy.checklists.models import CallReport, Completion
from advocacy.extensions import db
from advocacy.stories.models import Story, StoryImpactArea
from advocacy.weeks.models import Action, Day, SessionRegistration, Week

from ..factories import build_week


def populate(app, completions=1000, stories=200, signups=100, seed=7, slug="test-week",
             start=None):
    rng = random.Random(seed)
    with app.app_context():
        extra = {"start": start} if start else {}
        week = db.session.get(Week, build_week(slug, actions_per_day=6, sessions_per_day=2,
                                               **extra))
        actions = [a for d in week.days for a in d.actions]
        sessions = [s for d in week.days for s in d.sessions]
        people = [Participant() for _ in range(400)]
        db.session.add_all(people)
        db.session.flush()
        pairs = set()
        while len(pairs) < completions:
            pairs.add((rng.choice(people).id, rng.choice(actions).id))
        db.session.execute(insert(Completion), [
            {"participant_id": p, "action_id": a, "source_type": "manual"} for p, a in pairs])
        for n in range(60):
            db.session.add(SessionRegistration(session_id=rng.choice(sessions).id,
                                               name="x", email=f"r{n}@example.org"))
            db.session.add(CallReport(action_id=actions[0].id,
                                      outcome=rng.choice(["voicemail", "talked", "no_answer"])))
        for n in range(stories):
            story = Story(week_id=week.id, author_name="a", email="a@x.org", library="l",
                          city="c", state=rng.choice(["NY", "CA", "AL", "TX"]), zip="10001",
                          title=f"t{n}", body="b" * 60)
            story.impact_areas = [StoryImpactArea(area=a) for a in rng.sample(
                ["jobs", "connectivity", "programs"], rng.randint(1, 2))]
            db.session.add(story)
        chapters = [Chapter(slug=f"{slug}-c{n}", name=f"{slug} chapter {n}") for n in range(3)]
        db.session.add_all(chapters)
        db.session.flush()
        during = datetime.combine(week.start_date, datetime.min.time(), tzinfo=UTC) + \
            timedelta(hours=20)
        for n in range(signups):
            db.session.add(ChapterSignup(chapter_id=rng.choice(chapters).id, name="s",
                                         email=f"s{n}@example.org", zip="10001",
                                         created_at=during))
        for n in range(20):  # before the week: not its activity (issue 15, item 15)
            db.session.add(ChapterSignup(chapter_id=rng.choice(chapters).id, name="s",
                                         email=f"early{n}@example.org", zip="10001",
                                         created_at=during - timedelta(days=40)))
        db.session.commit()
        return week.slug


def table_rows(html: str, caption: str) -> list[list[str]]:
    part = html.split(f'<caption class="visually-hidden">{caption}</caption>')[1]
    body = part.split("<tbody>")[1].split("</tbody>")[0]
    return [re.findall(r"<td>(.*?)</td>", row) for row in body.split("</tr>") if "<td>" in row]


def test_every_number_equals_the_database(app, organizer_client):
    slug = populate(app)
    html = organizer_client.get(f"/organize/weeks/{slug}/stats/").get_data(as_text=True)
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.slug == slug)).scalar_one()
        per_day = dict(db.session.execute(
            select(Day.date, func.count(Completion.id)).join(Action, Action.day_id == Day.id)
            .join(Completion, Completion.action_id == Action.id)
            .where(Day.week_id == week.id).group_by(Day.date)).all())
        minutes = db.session.execute(
            select(func.sum(Action.minutes)).join(Completion, Completion.action_id == Action.id)
        ).scalar_one()
        per_state = dict(db.session.execute(
            select(Story.state, func.count()).group_by(Story.state)).all())
        per_area = db.session.execute(
            select(func.count()).select_from(StoryImpactArea)).scalar_one()
        per_chapter = dict(db.session.execute(
            select(Chapter.name, func.count(ChapterSignup.id))
            .join(ChapterSignup, ChapterSignup.chapter_id == Chapter.id)
            .where(ChapterSignup.email.not_like("early%"))
            .group_by(Chapter.name)).all())
        registrations = db.session.execute(
            select(func.count()).select_from(SessionRegistration)).scalar_one()
        calls = dict(db.session.execute(
            select(CallReport.outcome, func.count()).group_by(CallReport.outcome)).all())
    assert {r[0]: int(r[1]) for r in table_rows(html, "Actions ticked per day")} == {
        f"{d:%a}, {d:%b} {d.day}": n for d, n in per_day.items()}  # "Mon, May 3"
    assert sum(per_day.values()) == 1000
    assert f'<dd id="total-minutes">{minutes}</dd>' in html
    assert {r[0]: int(r[1]) for r in table_rows(html, "Stories per state")} == per_state
    assert sum(int(r[1]) for r in table_rows(html, "Stories per impact area")) == per_area
    assert {r[0]: int(r[1]) for r in table_rows(html, "Sign-ups per chapter")} == per_chapter
    assert sum(per_chapter.values()) == 100
    assert sum(int(r[1]) for r in table_rows(html, "Registrations per session")) == registrations
    labels = {"Left a voicemail": "voicemail", "Talked to someone": "talked",
              "Couldn&#39;t get through": "no_answer"}
    assert {labels[r[0]]: int(r[1]) for r in table_rows(html, "Call outcomes")} == calls
    assert html.count('<svg class="chart__svg"') == 7 and " style=" not in html
    # Each chart draws its table's numbers (registrations: registered / capacity).
    for figure in html.split('<figure class="chart"')[1:]:
        title = re.search(r"<h2>(.*?)</h2>", figure).group(1)
        drawn = re.findall(r'class="chart__value"[^>]*>([^<]*)</text>', figure)
        rows = table_rows(figure, title)
        expected = ([f"{r[1]} / {r[2]}" if r[2] else r[1] for r in rows]
                    if title == "Registrations per session" else [r[-1] for r in rows])
        assert drawn == expected, title
    body = organizer_client.get(f"/organize/weeks/{slug}/stats/stories_by_state.csv")
    assert {r["state"]: int(r["stories"]) for r in csv.DictReader(
        io.StringIO(body.get_data(as_text=True)))} == per_state
    assert organizer_client.get(f"/organize/weeks/{slug}/stats/nope.csv").status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(app, organizer_client, count_queries):
    from datetime import date

    populate(app, completions=50, stories=10, signups=5, slug="small")
    populate(app, completions=1500, stories=300, signups=150, slug="large",
             start=date(2027, 6, 7))
    counts = [count_queries(organizer_client, f"/organize/weeks/{slug}/stats/")
              for slug in ("small", "large")]
    assert counts[0] == counts[1] <= 10, counts


def test_long_chart_labels_wrap_instead_of_being_cut(app, organizer_client):
    slug = populate(app, completions=10, stories=2, signups=2)
    title = "Call your Representative about the Library Services and Technology Act today"
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.slug == slug)).scalar_one()
        week.days[0].actions[0].title = title
        db.session.commit()
    html = organizer_client.get(f"/organize/weeks/{slug}/stats/").get_data(as_text=True)
    svg = html.split('id="chart-completions_by_action-title"')[0].rsplit("<svg", 1)[-1] + \
        html.split('id="chart-completions_by_action-title"')[1].split("</svg>")[0]
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert " ".join(lines).count(title) == 1 and "…" not in svg
