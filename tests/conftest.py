"""Fixtures: app, client, runner, factories; SQLite or PostgreSQL per run.

Select the database with ``ADVOCACY_TEST_DATABASE=postgresql`` (default:
sqlite). On PostgreSQL a throwaway cluster is started for the run. With
``REQUIRE_POSTGRES=1`` / ``REQUIRE_BROWSER=1`` a missing tool fails the run
instead of skipping the tests that need it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from advocacy import create_app
from advocacy.extensions import db

from .pg_cluster import Cluster, find_pg_bin

BACKEND = os.environ.get("ADVOCACY_TEST_DATABASE", "sqlite").lower()
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PASSWORD = "correct horse battery staple"


def required(tool: str) -> bool:
    return os.environ.get(f"REQUIRE_{tool.upper()}", "") not in ("", "0")


def pytest_report_header(config):
    return f"advocacy test database: {BACKEND}"


@pytest.fixture(scope="session")
def postgres_base_url():
    """The server URL (no database) of a cluster started for this run."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found"
        if required("postgres"):
            pytest.fail(message + " and REQUIRE_POSTGRES=1")
        pytest.skip(message)
    cluster = Cluster(bin_dir)
    try:
        url = cluster.start()
    except Exception as error:  # noqa: BLE001 - reported as a failure or skip
        cluster.stop()
        if required("postgres"):
            pytest.fail(f"could not start PostgreSQL: {error}")
        pytest.skip(f"could not start PostgreSQL: {error}")
    with psycopg.connect(_libpq(url + "/postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE advocacy_test")
    yield url
    cluster.stop()


def _libpq(sqlalchemy_url: str) -> str:
    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(
        hide_password=False
    )


class PostgresTestDatabase:
    """This worker's PostgreSQL test database, emptied for each test: by TRUNCATE when
    the last test left exactly the models' tables (0.08 s), else by dropping the schema
    (an empty database, and the models' tables made again when a test asks: 0.2 s)."""

    def __init__(self, url: str):
        self.url, self.tables_made, self.apps, self.url_given = url, False, 0, False

    def reset(self) -> None:
        self.apps, self.url_given = 0, False
        with psycopg.connect(_libpq(self.url), autocommit=True) as conn:
            if self.tables_made:
                found = {row[0] for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
                tables = [table.name for table in db.metadata.sorted_tables]
                if found == set(tables):
                    conn.execute("TRUNCATE {} RESTART IDENTITY CASCADE".format(
                        ", ".join(f'"{name}"' for name in tables)))
                    return
            self._drop_everything(conn)

    def empty(self) -> None:
        """No table at all (a test that migrates, or starts servers that do)."""
        with psycopg.connect(_libpq(self.url), autocommit=True) as conn:
            self._drop_everything(conn)

    def _drop_everything(self, conn) -> None:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
        self.tables_made = False


_POSTGRES: dict[str, PostgresTestDatabase] = {}


@pytest.fixture
def fresh_database(request, tmp_path):
    """This test's database: its URL, and on PostgreSQL how it was emptied."""
    if BACKEND == "postgresql":
        url = request.getfixturevalue("postgres_base_url") + "/advocacy_test"
        database = _POSTGRES.setdefault(url, PostgresTestDatabase(url))
        database.reset()
        return url, database
    return "sqlite:///" + str(tmp_path / "test.sqlite3"), None


@pytest.fixture
def database_url(fresh_database):
    """A fresh, empty database for one test (unless an app of the test made its tables)."""
    url, postgres = fresh_database
    if postgres is not None:
        if postgres.tables_made and not postgres.apps:
            postgres.empty()
        postgres.url_given = True  # the test may fill it itself (servers that migrate)
    return url


@pytest.fixture
def make_app(fresh_database, tmp_path):
    """Build apps on this test's database; each is cleaned up afterwards."""
    database_url, postgres = fresh_database
    apps = []

    def factory(create_schema: bool = True, **overrides):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WEEK_VERSION_MAX_AGE": 0,  # every request checks the database
            "REFERENCE_MAX_AGE": 0,  # and every ZIP look-up (imports in the tests show)
            "WEBHOOKS_ALLOW_PRIVATE": True,  # receivers run on 127.0.0.1
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # the same scrypt, cheaper
            **overrides,
        }
        app = create_app(config)
        if postgres is not None and not create_schema and not postgres.apps \
                and not postgres.url_given:
            postgres.empty()  # the test's first app on an empty database, as it asked
        if create_schema and not (postgres is not None and postgres.tables_made):
            with app.app_context():
                db.create_all()
            if postgres is not None:
                postgres.tables_made = True
        if postgres is not None:
            postgres.apps += 1
        apps.append(app)
        return app

    yield factory
    for app in apps:
        worker = app.extensions.get("tasks_worker")
        if worker is not None:
            worker.stop(graceful=True)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def task_worker(app):
    """A real huey consumer (two threads) on this test's own queue file."""
    from advocacy.tasks import start_worker

    consumer = start_worker(app, workers=2, periodic_tasks=False)
    yield consumer
    consumer.stop(graceful=True)


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 (aiosmtpd) for this test."""
    from .mail_server import MailServer

    with MailServer() as server:
        yield server


@pytest.fixture
def mail_app(make_app, smtp):
    """An app that sends its mail to ``smtp``, with links from a public https address."""
    return make_app(MAIL_URL=f"smtp://127.0.0.1:{smtp.port}?starttls=0",
                    PUBLIC_URL="https://advocacy.example.org")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Factories -----------------------------------------------------------------

@pytest.fixture
def make_chapter(app):
    from advocacy.chapters.models import Chapter, ChapterState

    def factory(slug: str, states=("NY",), name: str | None = None):
        with app.app_context():
            chapter = Chapter(slug=slug, name=name or slug.title(),
                              states=[ChapterState(state=s) for s in states])
            db.session.add(chapter)
            db.session.commit()
            return chapter.id

    return factory


@pytest.fixture
def make_user(app):
    """Create a user; returns its email. Password is ``PASSWORD``."""
    from advocacy.accounts.services import create_user
    from advocacy.chapters.services import chapters_by_slugs

    counter = iter(range(1, 10_000))

    def factory(role: str = "organizer", chapters=(), email: str | None = None):
        email = email or f"{role}{next(counter)}@example.org"
        with app.app_context():
            user = create_user(email, PASSWORD, role)
            user.chapters = chapters_by_slugs(chapters)
            db.session.commit()
        return email

    return factory


@pytest.fixture
def demo(app):
    """The demo week and chapters (no demo users)."""
    from datetime import date

    from advocacy.demo.loader import load_demo_chapters, load_demo_week

    with app.app_context():
        week = load_demo_week(date(2026, 5, 4))
        load_demo_chapters()
        db.session.commit()
        first_day = week.days[0]
        return {"week_slug": week.slug, "start": week.start_date, "week_id": week.id,
                "day_id": first_day.id, "session_id": first_day.sessions[0].id,
                "action_id": first_day.actions[0].id}


CSRF_RE = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form in ``html``."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return match.group(1)


def login(client, email: str, password: str = PASSWORD, **environ):
    """Sign in through the real form (with its CSRF token)."""
    match = CSRF_RE.search(client.get("/login").get_data(as_text=True))
    token = match.group(1) if match else ""  # none when a test turned CSRF off
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": token}, environ_base=environ)


@pytest.fixture
def sign_in():
    return login


@pytest.fixture
def count_queries(app):
    """``count_queries(client, url)``: GET ``url`` (expecting 200) and return how many
    SQL statements it ran, transaction control left out."""
    from sqlalchemy import event

    def counter(client, url):
        statements = []

        def before(conn, cursor, statement, *args):
            if statement.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
                statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        assert response.status_code == 200, url
        return len(statements)

    return counter


def submit(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """GET the page holding the form (for its CSRF token), then POST ``data`` to ``url``."""
    page = client.get(form_url or url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    return client.post(url, data={**data, "csrf_token": match.group(1) if match else ""},
                       **kwargs)


def download(client, url: str, page: str = "/coordinate/stories/"):
    """An export: POSTed (each is an audited action) with the CSRF token from ``page``."""
    return submit(client, url, {}, page)


@pytest.fixture
def organizer_client(app, make_user):
    client = app.test_client()
    assert login(client, make_user("organizer")).status_code == 302
    return client


def emailed_link(app, path_part: str, to: str | None = None) -> str:
    """Send what the ledger holds, then the path of the newest emailed link containing
    ``path_part`` (from the .eml files the demo's file transport writes)."""
    import email
    import email.policy
    import re
    from pathlib import Path

    from advocacy.mail import ledger

    with app.app_context():
        ledger.send_due()
        folder = Path(app.config["MAIL_FILE_PATH"])
    found = []
    for eml in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        if to and to not in str(message["To"]):
            continue
        text = message.get_body(("plain",)).get_content()
        found += re.findall(r"https?://[^\s>]*" + re.escape(path_part) + r"[^\s>]*", text)
    assert found, f"no emailed link with {path_part}"
    return "/" + found[-1].split("://", 1)[1].split("/", 1)[1]
