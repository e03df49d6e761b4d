"""Migrations build the models' schema; SQLite runs safely under concurrent writers."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from advocacy.extensions import db
from advocacy.weeks.models import Week

from ..conftest import BACKEND


def test_db_upgrade_creates_exactly_the_models_schema(make_app):
    app = make_app(create_schema=False)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_every_status_column_has_its_check_constraint_after_upgrade(make_app):
    from sqlalchemy import CheckConstraint
    from sqlalchemy.exc import IntegrityError

    app = make_app(create_schema=False)
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        inspector = db.inspect(db.engine)
        wanted = {(table.name, c.name) for table in db.metadata.sorted_tables
                  for c in table.constraints if isinstance(c, CheckConstraint)}
        assert len(wanted) >= 10
        found = {(table, c["name"]) for table, _ in wanted
                 for c in inspector.get_check_constraints(table)}
        assert wanted <= found, f"missing CHECK constraints: {sorted(wanted - found)}"
        insert = text(
            "INSERT INTO weeks (slug, title, summary, timezone, start_date, end_date, status, "
            "created_at, updated_at) VALUES (:slug, 'W', '', 'UTC', '2027-05-03', '2027-05-07', "
            ":status, '2027-01-01 00:00:00', '2027-01-01 00:00:00')")
        db.session.execute(insert, {"slug": "fine", "status": "draft"})
        with pytest.raises(IntegrityError, match="(?i)check"):
            db.session.execute(insert, {"slug": "bogus", "status": "bogus"})
        db.session.rollback()


def test_migrations_downgrade_to_base_and_back(make_app):
    app = make_app(create_schema=False)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
    with app.app_context():
        tables = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0


def test_demo_load_before_upgrade_says_what_to_do(make_app):
    app = make_app(create_schema=False)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "db upgrade" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite connection settings")
def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(app):
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(app):
    from sqlalchemy.exc import IntegrityError

    from advocacy.weeks.models import Day

    with app.app_context():
        from datetime import date
        db.session.add(Day(week_id=999, date=date(2026, 1, 1)))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_concurrent_read_then_write_transactions_never_fail(app):
    """Each writer reads, then writes, in one transaction: with deferred BEGIN this
    fails on SQLite with "database is locked"; with BEGIN IMMEDIATE it queues."""
    from datetime import date

    with app.app_context():
        db.session.add(Week(slug="counter", title="0", start_date=date(2026, 1, 5),
                            end_date=date(2026, 1, 9)))
        db.session.commit()

    errors: list[BaseException] = []
    writers, rounds = 8, 10
    barrier = threading.Barrier(writers)

    def writer():
        try:
            with app.app_context():
                barrier.wait()
                for _ in range(rounds):
                    week = db.session.execute(
                        db.select(Week).where(Week.slug == "counter").with_for_update()
                    ).scalar_one()
                    week.title = str(int(week.title) + 1)
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with app.app_context():
        title = db.session.execute(text("SELECT title FROM weeks WHERE slug='counter'")).scalar()
    assert int(title) == writers * rounds  # no lost update either
