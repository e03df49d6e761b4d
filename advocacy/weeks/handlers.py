"""Session registrations follow a merged or erased participant (weeks owns them)."""

from __future__ import annotations

from .. import signals
from . import registration

signals.follow_participant(registration.reassign_registrations,
                           registration.anonymize_registrations, registration.export_of)
