"""The daily email follows a participant's merge, erasure and export; its sends are
registered with the mail ledger and its sweep with the task engine."""

from __future__ import annotations

from .. import signals
from . import preferences as _preferences  # noqa: F401  (its switches)
from . import sending as _sending  # noqa: F401  (the ledger kinds and the sweep)
from . import services

signals.follow_participant(services.reassign, services.erase_for, services.export_of)
