"""Organizer views of what advocates reported: calls and meetings."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context

from ..csvutil import stream_csv
from ..listing import page_number
from ..policy import ORGANIZERS, guard
from ..weeks.helpers import load_week
from . import services

bp = guard(Blueprint("organize_reports", __name__,
                         url_prefix="/organize/weeks/<week_slug>"),
           ORGANIZERS)


@bp.route("/reports")
def reports(week_slug: str):
    week = load_week(week_slug)
    call_actions = [a for d in week.days for a in d.actions if a.kind == "call"]
    return render_template(
        "checklists/organize/reports.html", week=week, call_actions=call_actions,
        call_counts=services.call_outcome_counts(week.id),
        outcome_labels=services.CALL_OUTCOME_LABELS,
        format_labels=services.MEETING_FORMAT_LABELS,
        meetings=services.meeting_reports(week.id, page_number(request.args)),
    )


@bp.route("/meetings.csv")
def meetings_csv(week_slug: str):
    week = load_week(week_slug)
    header = ["reported_at", "legislator", "state", "meeting_date", "format", "attendees",
              "notes", "follow_up", "contact_name", "contact_email", "contact_phone"]
    rows = ((m.created_at.isoformat(), m.legislator_name, m.state or "",
             m.meeting_date.isoformat(), m.format, m.attendees, m.notes,
             "yes" if m.follow_up else "no", m.contact_name, m.contact_email, m.contact_phone)
            for m in services.each_meeting_report(week.id))
    return Response(stream_with_context(stream_csv(header, rows)), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f'attachment; filename="{week.slug}-meetings.csv"'})
