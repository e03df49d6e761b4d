"""The story receipt (through the mail ledger): a coordinator reviews it, and it goes
to the members of Congress it names, or, without the author's consent to share it,
it is not sent to anyone."""

from __future__ import annotations

from ..chapters.services import chapter_names_for_state
from ..extensions import db
from ..legislators.services import members_for
from ..mail import ledger
from ..mail.messages import compose
from ..weeks.services import organizing_name
from .models import Story

STORY_RECEIPT = "story.receipt"


def queue_receipt(story_id: int, email: str) -> None:
    """Queue the receipt of a new story to ``email`` (once per story)."""
    ledger.queue(STORY_RECEIPT, email, f"{STORY_RECEIPT}:{story_id}", "story", story_id)


def build_receipt(message, now):
    story = db.session.get(Story, message.subject_id)
    if story is None:
        raise ledger.Skip("The story was erased.")
    kinds = {consent.kind for consent in story.consents}
    members = [m.official_name for m in members_for(story.state, story.district)]
    return compose(story.email, f"We received your story: {story.title}",
                   "stories/mail/receipt", name=story.author_name, mailing_list="receipts",
                   story=story, shared="share" in kinds, published="publish" in kinds,
                   members=members, chapters=chapter_names_for_state(story.state),
                   organizers=organizing_name())


ledger.register_kind(STORY_RECEIPT, build_receipt, "receipts")
