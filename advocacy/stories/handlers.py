"""Stories follow a merged or erased participant, and count for a chapter's dashboard."""

from __future__ import annotations

from .. import signals
from . import services

signals.follow_participant(services.reassign_stories, services.erase_stories,
                           services.export_of)


@signals.chapter_figures.connect
def waiting(chapter, **_) -> dict:
    return {"pending_stories": services.pending_count(chapter.state_codes)}
