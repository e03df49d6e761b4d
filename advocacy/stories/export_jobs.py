"""Letter exports too big for a request, made by the background worker.

The coordinator's request only writes a row (and queues its task after the commit);
the worker writes the file into ``instance/exports/`` and counts the letters as it
goes, so the page shows progress; the file is kept ``EXPORT_KEEP_HOURS`` for the
coordinator who asked, then deleted with its row by the sweep. A task lost with a
crashed worker is queued again by the same sweep.
"""

from __future__ import annotations

import json
import logging
import secrets
import zipfile
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from huey import crontab
from sqlalchemy import or_

from ..database import one_at_a_time, utcnow
from ..errors import NotFound
from ..extensions import db
from ..tasks import after_commit, periodic, task
from . import letter_exports
from .letter_exports import Selection
from .models import ExportJob
from .moderation import StoryFilter

log = logging.getLogger(__name__)
SUFFIXES = {"txt": "txt", "html": "html", "pdf": "pdf", "csv": "csv", "zip": "zip"}
PROGRESS_EVERY = 1.0  # seconds between progress writes
LOST_AFTER = timedelta(minutes=5)  # a queued job not started by then is queued again
STUCK_AFTER = timedelta(hours=1)  # a job running this long lost its worker
SAME_JOB_WITHIN = timedelta(minutes=10)  # asked again meanwhile: the same job, not a new one


def exports_folder() -> Path:
    folder = Path(current_app.instance_path) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _dump(selection: Selection) -> str:
    story_filter = asdict(selection.story_filter) if selection.story_filter else None
    if story_filter:
        for key in ("since", "until"):
            story_filter[key] = story_filter[key].isoformat() if story_filter[key] else None
    return json.dumps({"states": None if selection.states is None else sorted(selection.states),
                       "filter": story_filter, "undelivered": selection.undelivered,
                       "only": selection.only})


def _load(text: str) -> Selection:
    data = json.loads(text)
    story_filter = data["filter"]
    if story_filter is not None:
        for key in ("since", "until"):
            story_filter[key] = date.fromisoformat(story_filter[key]) if story_filter[key] \
                else None
        story_filter = StoryFilter(**story_filter)
    return Selection(None if data["states"] is None else frozenset(data["states"]),
                     story_filter, data["undelivered"], data.get("only"))


def start(user, fmt: str, selection: Selection, letters_total: int) -> ExportJob:
    """A background export of ``selection`` in ``fmt`` for ``user`` (queued once the
    request commits); the same export still being made, if the user asked for it in
    the last minutes (a second click, a reload; an older one may have lost its worker)."""
    one_at_a_time(db.session, f"letters.export:{user.id}")
    dumped = _dump(selection)
    pending = db.session.execute(db.select(ExportJob).where(
        ExportJob.user_id == user.id, ExportJob.fmt == fmt, ExportJob.selection == dumped,
        ExportJob.status.in_(("queued", "running")),
        ExportJob.created_at >= utcnow() - SAME_JOB_WITHIN).limit(1)).scalar_one_or_none()
    if pending is not None:
        return pending
    job = ExportJob(user_id=user.id, fmt=fmt, selection=dumped, status="queued",
                    total=letters_total)
    db.session.add(job)
    db.session.flush()
    after_commit("letters.export", job.id)
    return job


def job_for(user, job_id: int) -> ExportJob:
    """The export ``job_id`` if ``user`` asked for it (NotFound for anyone else's)."""
    job = db.session.get(ExportJob, job_id)
    if job is None or job.user_id != user.id:
        raise NotFound("No such export.")
    return job


def recent_jobs(user, limit: int = 5) -> list[ExportJob]:
    """The user's latest exports still kept."""
    return list(db.session.execute(
        db.select(ExportJob).where(ExportJob.user_id == user.id)
        .order_by(ExportJob.created_at.desc(), ExportJob.id.desc()).limit(limit)).scalars())


def file_of(job: ExportJob) -> Path | None:
    """The export's file, if it is ready and still kept."""
    if job.status != "ready" or not job.file_name or \
            (job.expires_at is not None and job.expires_at <= utcnow()):
        return None
    path = exports_folder() / job.file_name
    return path if path.is_file() else None


def download_name(job: ExportJob) -> str:
    stem = "letters-mailmerge" if job.fmt == "csv" else "letters-to-legislators"
    return f"{stem}-{job.created_at:%Y-%m-%d}.{SUFFIXES[job.fmt]}"


def _claim(job_id: int, file_name: str) -> bool:
    """Take the job, naming its file now: a worker killed half-way leaves a file the
    sweep deletes with the job's row."""
    claimed = db.session.execute(db.update(ExportJob).where(
        ExportJob.id == job_id, ExportJob.status == "queued").values(status="running",
                                                                     file_name=file_name))
    db.session.commit()
    return claimed.rowcount == 1


class _Progress:
    """Writes the count of letters done at most once a second (own short transaction)."""

    def __init__(self, job_id: int):
        self.job_id, self.last = job_id, utcnow()

    def __call__(self, done: int) -> None:
        now = utcnow()
        if (now - self.last).total_seconds() >= PROGRESS_EVERY:
            self.last = now
            with db.engine.begin() as connection:
                connection.execute(db.update(ExportJob).where(ExportJob.id == self.job_id)
                                   .values(done=done))


def write_export(fmt: str, selection: Selection, path: Path, progress) -> None:
    """Write the letters of ``selection`` in ``fmt`` to ``path``."""
    if fmt == "pdf":
        with path.open("wb") as handle:
            letter_exports.pdf_file(selection, handle, progress)
    elif fmt == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            letter_exports.write_zip(archive, letter_exports.progressing(
                letter_exports.letters(selection), progress))
    else:
        chunks = {"txt": letter_exports.text_stream, "csv": letter_exports.mailmerge_stream,
                  "html": letter_exports.html_stream}[fmt]
        with path.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks(selection, progress):
                handle.write(chunk)


@task("letters.export")
def run_export(job_id: int) -> None:
    """Make the file of export ``job_id`` (once: a second delivery of the task finds it
    claimed)."""
    job = db.session.get(ExportJob, job_id)
    if job is None:
        return
    name = f"{job.id}-{secrets.token_urlsafe(16)}.{SUFFIXES[job.fmt]}"
    if not _claim(job_id, name):
        return
    db.session.refresh(job)
    path = exports_folder() / name
    try:
        write_export(job.fmt, _load(job.selection), path, _Progress(job_id))
    except Exception:
        log.exception("letters export %s failed", job_id)
        db.session.rollback()
        path.unlink(missing_ok=True)
        db.session.execute(db.update(ExportJob).where(ExportJob.id == job_id).values(
            status="failed", finished_at=utcnow(),
            error="The export could not be made; try again, or ask an administrator."))
        db.session.commit()
        return
    db.session.rollback()  # the read transaction of the export
    now = utcnow()
    db.session.execute(db.update(ExportJob).where(ExportJob.id == job_id).values(
        status="ready", done=ExportJob.total, finished_at=now,
        expires_at=now + timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])))
    db.session.commit()


@periodic("letters.exports_sweep", crontab(minute="*/5"))
def sweep_exports() -> None:
    """Delete expired exports and their files; queue again a job whose task was lost."""
    now = utcnow()
    failed_long_ago = now - timedelta(hours=current_app.config["EXPORT_KEEP_HOURS"])
    done_with = db.session.execute(db.select(ExportJob).where(or_(
        ExportJob.expires_at <= now,
        (ExportJob.status == "failed") & (ExportJob.finished_at < failed_long_ago)))
    ).scalars().all()
    for job in done_with:  # with its file (a failed job's may be half-written)
        if job.file_name:
            (exports_folder() / job.file_name).unlink(missing_ok=True)
        db.session.delete(job)
    db.session.execute(db.update(ExportJob).where(
        ExportJob.status == "running", ExportJob.created_at < now - STUCK_AFTER).values(
        status="failed", finished_at=now,
        error="The export stopped half-way (its worker stopped); make it again."))
    for job_id in db.session.execute(db.select(ExportJob.id).where(
            ExportJob.status == "queued", ExportJob.created_at < now - LOST_AFTER)).scalars():
        after_commit("letters.export", job_id)
    db.session.commit()
