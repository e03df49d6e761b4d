"""Session registrations and waitlist entries follow a merged or erased participant
(weeks owns them); a cancelled registration frees its place for the waitlist."""

from __future__ import annotations

from .. import signals
from . import registration, waitlist


def _reassign(source_id: int, target_id: int) -> None:
    registration.reassign_registrations(source_id, target_id)
    waitlist.reassign(source_id, target_id)


def _erase(participant_id: int) -> None:
    registration.anonymize_registrations(participant_id)
    waitlist.erase_for(participant_id)


def _export(participant_id: int) -> dict:
    return {**registration.export_of(participant_id),
            "waitlists": waitlist.export_of(participant_id)}


signals.follow_participant(_reassign, _erase, _export)


@signals.registration_cancelled.connect
def offer_the_freed_place(registration_row, **_):
    waitlist.offer_free_places(registration_row.session_id)
