"""The chapter sign-up receipt (through the mail ledger): what happens next, and who
the chapter's contact is."""

from __future__ import annotations

from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose
from ..templating import external_url
from .models import INTERESTS, Chapter, ChapterSignup

SIGNUP_RECEIPT = "chapter.signup_receipt"


def queue_receipt(signup: ChapterSignup) -> None:
    """Queue the receipt of a new sign-up (once per sign-up)."""
    ledger.queue(SIGNUP_RECEIPT, signup.email, f"{SIGNUP_RECEIPT}:{signup.id}",
                 "chapter_signup", signup.id)


def build_receipt(message, now):
    signup = db.session.get(ChapterSignup, message.subject_id)
    if signup is None:
        raise ledger.Skip("The sign-up was erased.")
    chapter = db.session.get(Chapter, signup.chapter_id)
    return compose(signup.email, f"Welcome to {chapter.name}", "chapters/mail/signup_receipt",
                   name=signup.name, mailing_list="receipts", chapter=chapter,
                   interests=[INTERESTS.get(i, i) for i in signup.interests or []],
                   chapter_url=external_url("chapters.chapter", chapter_slug=chapter.slug))


ledger.register_kind(SIGNUP_RECEIPT, build_receipt, "receipts")

