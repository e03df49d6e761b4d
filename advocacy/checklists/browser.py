"""What this browser's participant has done in a week: one question, asked by the day
page, the week page (through ``signals.week_activity``) and the next step."""

from __future__ import annotations

from datetime import datetime

from flask import g
from flask_login import current_user

from ..accounts.participants import cookie_token, current_participant
from . import services


def browser_progress(week_id: int) -> tuple[int | None, dict[int, datetime]]:
    """(this browser's participant id, {action id: completed_at} in the week). Anonymous:
    one read-only query for both by the cookie; signed in, or once this request has
    found (or just made) the participant: that participant's."""
    if not current_user.is_authenticated and "participant" not in g:
        return services.anonymous_progress(cookie_token(), week_id)
    participant = current_participant()
    participant_id = participant.id if participant else None
    return participant_id, services.done_in_week(participant_id, week_id)
