"""Organizer pages (``/organize``)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..legislators.services import legislator_data_loaded
from . import services

bp = Blueprint("organize", __name__, url_prefix="/organize")


@bp.route("/")
def dashboard():
    return render_template(
        "organize/dashboard.html", weeks=services.all_weeks(),
        legislators_loaded=legislator_data_loaded(),
    )
