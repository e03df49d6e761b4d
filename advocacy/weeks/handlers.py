"""Session registrations follow a merged or erased participant (weeks owns them)."""

from __future__ import annotations

from .. import signals
from . import registration


@signals.participant_merged.connect
def reassign(_sender, source_id: int, target_id: int, **_):
    registration.reassign_registrations(source_id, target_id)


@signals.participant_erased.connect
def anonymize(_sender, participant_id: int, **_):
    registration.anonymize_registrations(participant_id)


@signals.participant_exported.connect
def export(_sender, participant_id: int, **_) -> dict:
    return registration.export_of(participant_id)
