"""Coordinator pages (``/coordinate``), scoped to the coordinator's chapters."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from . import services

bp = Blueprint("coordinate", __name__, url_prefix="/coordinate")


@bp.route("/")
def dashboard():
    chapters = services.chapters_in_scope(current_user)
    counts = services.signup_counts([chapter.id for chapter in chapters])
    return render_template("coordinate/dashboard.html", chapters=chapters, counts=counts)


@bp.route("/chapters/<chapter_slug>")
def chapter(chapter_slug: str):
    found = services.chapter_in_scope(current_user, chapter_slug)
    counts = services.signup_counts([found.id])
    return render_template("coordinate/chapter.html", chapter=found,
                           signups=counts.get(found.id, 0))
