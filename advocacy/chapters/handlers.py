"""Chapter sign-ups follow a merged or erased participant (chapters owns them)."""

from __future__ import annotations

from .. import signals
from . import services


@signals.participant_merged.connect
def reassign(_sender, source_id: int, target_id: int, **_):
    services.reassign_signups(source_id, target_id)


@signals.participant_erased.connect
def erase(_sender, participant_id: int, **_):
    services.erase_signups(participant_id)


@signals.participant_exported.connect
def export(_sender, participant_id: int, **_) -> dict:
    return services.export_of(participant_id)
