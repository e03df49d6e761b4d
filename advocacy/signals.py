"""The named events features send and handle (blinker).

A feature never writes another feature's tables: it sends one of these and the
owner of the table reacts. Handlers run synchronously, in the sender's request
and database transaction, so what they write commits or rolls back with it.
Each feature connects its handlers in its ``handlers.py`` (imported by
``create_app``).

Signal (sender; keyword data) -> who handles it:

- participant_merged (None; source_id, target_id) -> checklists, weeks, stories, chapters
- participant_erased (None; participant_id) -> checklists, weeks, stories, chapters
- participant_exported (None; participant_id) -> the same four, each returning
  {section: rows} for the download
- registered (the registration; created, participant_id) -> checklists ("register")
- registration_cancelled (the registration) -> checklists (the "register" tick goes)
- story_submitted (the story's id; participant_id, week_id) -> checklists ("story")
- story_approved (the story) -> webhooks (story.approved)
- signup_submitted (the sign-up; participant_id) -> checklists ("chapter_signup"): the
  browser sent the form, whether the details applied now or wait for an emailed link
  (the same tick either way: a stranger's progress page cannot tell them apart)
- signup_saved (the sign-up; created) -> webhooks (signup.created / signup.updated):
  the details are stored
- meeting_reported (the report) -> checklists ("meeting_report")
- chapter_figures (the chapter) -> stories, returning {"pending_stories": n} for the
  coordinator's dashboard
- week_activity (the week's id; totals) -> checklists, returning {"done": {action id:
  when}} for this browser and, when asked, {"totals": (ticks, minutes)} of everyone
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

participant_merged = _events.signal("participant-merged")
participant_erased = _events.signal("participant-erased")
participant_exported = _events.signal("participant-exported")
registered = _events.signal("registered")
registration_cancelled = _events.signal("registration-cancelled")
story_submitted = _events.signal("story-submitted")
story_approved = _events.signal("story-approved")
signup_submitted = _events.signal("signup-submitted")
signup_saved = _events.signal("signup-saved")
meeting_reported = _events.signal("meeting-reported")
chapter_figures = _events.signal("chapter-figures")
week_activity = _events.signal("week-activity")


def follow_participant(reassign, erase, export) -> None:
    """Connect a feature's answers to a participant's merge, erasure and export (once,
    when its ``handlers`` module is imported): ``reassign(source_id, target_id)``,
    ``erase(participant_id)`` and ``export(participant_id) -> {section: rows}``."""
    participant_merged.connect(
        lambda _sender, source_id, target_id, **_: reassign(source_id, target_id), weak=False)
    participant_erased.connect(
        lambda _sender, participant_id, **_: erase(participant_id), weak=False)
    participant_exported.connect(
        lambda _sender, participant_id, **_: export(participant_id), weak=False)


def collect(signal, sender=None, **data) -> dict:
    """Send ``signal`` and merge the dicts its handlers return into one."""
    merged: dict = {}
    for _handler, answer in signal.send(sender, **data):
        merged.update(answer or {})
    return merged
