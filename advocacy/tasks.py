"""Background work on one huey engine: email, webhooks, scheduled sweeps.

``ADVOCACY_TASKS_URL`` picks the queue: ``sqlite:///instance/tasks.sqlite3`` (the
embedded default, a file of its own beside the app's database) or
``redis://host:6379/0`` (production: any number of ``flask --app advocacy tasks
worker`` processes on any number of machines share it).

Features declare their work at import time with ``@task()`` / ``@periodic(...)``;
each app gets its own huey instance (``app.extensions["tasks"]``), so tests run on
their own queue file. A task runs inside an app context. Work that follows a
database change is queued with ``after_commit``: nothing is queued for a change
that rolled back, and what a crash between commit and queue loses, the feature's
periodic sweep finds (its rows are the record; the queue is only the nudge).
"""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup
from huey import RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

log = logging.getLogger(__name__)
_TASKS: dict[str, tuple[Callable, dict]] = {}
_PERIODIC: dict[str, tuple[Callable, object]] = {}
_PENDING = "advocacy.after_commit_tasks"
# huey's consumer installs handlers for these when it starts; a worker inside another
# program (the dev server, a test) gives them back at once.
_CONSUMER_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                          if hasattr(signal, name))
POLL_MAX_DELAY = 1.0  # seconds an idle worker waits at most before looking again


class TasksURLError(ValueError):
    """ADVOCACY_TASKS_URL is neither sqlite:///FILE nor redis://…"""


def task(name: str, **options) -> Callable:
    """Declare ``fn`` as the background task ``name`` (huey options: retries…)."""

    def register(fn):
        _TASKS[name] = (fn, options)
        return fn
    return register


def periodic(name: str, schedule) -> Callable:
    """Declare ``fn`` as the periodic task ``name`` (a huey ``crontab``)."""

    def register(fn):
        _PERIODIC[name] = (fn, schedule)
        return fn
    return register


def outbox(send_task: str, sweep_task: str, send_one: Callable, send_due: Callable) -> None:
    """Declare an outbox's two tasks: ``send_task`` sends one row by id (queued after the
    commit that wrote it, or for its retry time), ``sweep_task`` runs every minute and
    sends whatever is due (a retry, or a row whose task was lost)."""
    task(send_task)(send_one)
    periodic(sweep_task, crontab(minute="*"))(send_due)


class Tasks:
    """One app's huey instance and the wrappers of the declared tasks."""

    def __init__(self, app: Flask):
        self.huey = _make_huey(app)
        self.wrappers = {}
        self.periodic = {}
        for name, (fn, options) in _TASKS.items():
            self.wrappers[name] = self.huey.task(name=name, **options)(_in_app(app, fn))
        for name, (fn, schedule) in _PERIODIC.items():
            self.periodic[name] = self.huey.periodic_task(schedule, name=name)(
                _in_app(app, fn))

    def run_sweeps_now(self) -> None:
        """Queue every periodic task once (a worker starting after a crash catches up
        at once instead of at the next minute)."""
        for wrapper in self.periodic.values():
            wrapper()

    def enqueue(self, name: str, *args, eta: datetime | None = None) -> None:
        """Queue task ``name`` now (or for ``eta``)."""
        wrapper = self.wrappers[name]
        if eta is None:
            wrapper(*args)
        else:
            wrapper.schedule(args=args, eta=eta)

    def consumer(self, workers: int = 1, periodic_tasks: bool = True) -> Consumer:
        return self.huey.create_consumer(workers=workers, worker_type="thread",
                                         periodic=periodic_tasks, max_delay=POLL_MAX_DELAY)


def _make_huey(app: Flask):
    url = app.config["TASKS_URL"]
    parts = urlsplit(url)
    immediate = bool(app.config.get("TASKS_IMMEDIATE"))
    if parts.scheme == "sqlite":
        path = url.removeprefix("sqlite:///")
        if not path or path == url:
            raise TasksURLError("ADVOCACY_TASKS_URL must be sqlite:///FILE or redis://HOST.")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # No fsync per queued task: the queue only nudges (the database rows are the
        # record and the sweeps find anything a crash lost); a request that queues mail
        # should not wait for the disk. After an OS crash or power loss, delete the file.
        return SqliteHuey("advocacy", filename=path, results=False, immediate=immediate,
                          utc=True, fsync=False)
    if parts.scheme in ("redis", "rediss"):
        return RedisHuey("advocacy", url=url, results=False, immediate=immediate, utc=True)
    raise TasksURLError("ADVOCACY_TASKS_URL must be sqlite:///FILE or redis://HOST.")


def _in_app(app: Flask, fn: Callable) -> Callable:
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with app.app_context():
            try:
                return fn(*args, **kwargs)
            finally:
                db.session.remove()
    return run


def tasks_of(app: Flask | None = None) -> Tasks:
    return (app or current_app).extensions["tasks"]


def after_commit(name: str, *args, eta: datetime | None = None) -> None:
    """Queue task ``name`` once the current database transaction commits."""
    db.session.info.setdefault(_PENDING, []).append((name, args, eta))


@event.listens_for(Session, "after_commit")
def _queue_committed(session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    tasks = tasks_of()
    for name, args, eta in pending:
        try:
            tasks.enqueue(name, *args, eta=eta)
        except Exception:  # the queue is down: the periodic sweep finds the row later
            log.exception("could not queue task %s; the sweep will pick it up", name)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)


def start_worker(app: Flask, workers: int = 1, periodic_tasks: bool = True) -> Consumer:
    """Run a consumer in this process's background threads (the dev server, tests).

    huey's consumer sets signal handlers when it starts (it expects a process of its
    own); here the program's own handlers are put back at once."""
    consumer = tasks_of(app).consumer(workers, periodic_tasks)
    main = threading.current_thread() is threading.main_thread()
    saved = {signum: signal.getsignal(signum) for signum in _CONSUMER_SIGNALS} if main else {}
    try:
        consumer.start()
    except ValueError:  # not the main thread: no handlers could be set, threads run
        pass
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    return consumer


def init_tasks(app: Flask) -> None:
    """Give the app its huey instance; start an in-process worker when configured."""
    app.extensions["tasks"] = Tasks(app)
    if app.config.get("TASKS_WORKER") == "in-process":
        app.extensions["tasks_worker"] = start_worker(app)


tasks_cli = AppGroup("tasks", help="Background work (huey).")


@tasks_cli.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads.")
def worker_command(workers: int) -> None:
    """Run the consumer on this app's queue until stopped (Ctrl-C or SIGTERM); every
    sweep runs once at the start."""
    tasks = tasks_of()
    tasks.run_sweeps_now()
    tasks.consumer(workers).run()
