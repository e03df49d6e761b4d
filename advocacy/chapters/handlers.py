"""Chapter sign-ups follow a merged or erased participant (chapters owns them)."""

from __future__ import annotations

from .. import signals
from . import services

signals.follow_participant(services.reassign_signups, services.erase_signups,
                           services.export_of)
