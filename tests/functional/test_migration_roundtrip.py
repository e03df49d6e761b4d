"""Every migration downgrades and upgrades again with data in the database, keeping it."""

from __future__ import annotations

from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from advocacy.extensions import db

from ..conftest import PASSWORD, login, submit
from ..seeding import database_rows, shared_columns


def seed(app) -> None:
    """Data in as many tables as the flows reach: demo, a sign-up, a story, a webhook."""
    from advocacy.demo.loader import load_demo_chapters, load_demo_week
    from advocacy.webhooks.delivery import deliver_due

    with app.app_context():
        load_demo_week(date(2026, 5, 4))
        load_demo_chapters()
        db.session.commit()
        from advocacy.accounts.services import create_user
        from advocacy.chapters.services import chapters_by_slugs

        user = create_user("coordinator@example.org", PASSWORD, "coordinator")
        user.chapters = chapters_by_slugs(["new-york"])
        db.session.commit()
    coordinator = app.test_client()
    login(coordinator, "coordinator@example.org")
    submit(coordinator, "/coordinate/chapters/new-york/webhook",
           {"url": "http://127.0.0.1:9/hook"})
    advocate = app.test_client()
    submit(advocate, "/chapters/new-york", {"name": "Ada Lovelace", "email": "ada@example.org",
                                            "zip": "10001", "consent": "y"})
    submit(advocate, "/stories/new", {
        "author_name": "Ada Lovelace", "email": "ada@example.org", "library": "Main Library",
        "city": "Albany", "state": "NY", "zip": "12207", "impact_areas": ["connectivity"],
        "title": "Hotspots", "body": "Our library lent hotspots to students all year long.",
        "consent_share": "y", "consent_publish": "y"})
    with app.app_context():
        deliver_due()  # an attempt row (refused: nothing listens on port 9)


def test_each_migration_round_trips_with_data(make_app):
    app = make_app(create_schema=False)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    seed(app)
    with app.app_context():
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        revisions = [r.revision for r in script.walk_revisions()]  # head first
        before = database_rows()
    assert sum(map(len, before.values())) > 25
    wanted = ("stories", "chapter_signups", "webhook_deliveries", "webhook_attempts",
              "actions", "audit_events")
    assert [table for table in wanted if not before[table]] == []
    for revision in revisions:
        with app.app_context():
            at_revision = database_rows()
        assert runner.invoke(args=["db", "downgrade"]).exit_code == 0, revision
        with app.app_context():
            below = database_rows()
        # What stays keeps every row; only the migration's own tables and columns go.
        assert below == shared_columns(at_revision, below), revision
        assert runner.invoke(args=["db", "upgrade", revision]).exit_code == 0, revision
        with app.app_context():
            again = database_rows()
        assert shared_columns(again, below) == below, revision
        assert set(again) == set(at_revision), revision
        assert runner.invoke(args=["db", "downgrade"]).exit_code == 0, revision
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
