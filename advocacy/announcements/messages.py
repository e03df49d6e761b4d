"""An announcement as a message: its Markdown rendered once per version (a safe
subset: no HTML, no images, links only to http, https and mailto), and the builder the
mail ledger calls for each recipient (who must still be in the audience)."""

from __future__ import annotations

import functools
from datetime import datetime

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..extensions import db
from ..mail import ledger
from ..mail.messages import compose
from ..templating import external_url
from ..weeks.models import Week
from . import audience
from .models import Announcement

KIND, TEST_KIND = "announcement", "announcement.test"
MAILING_LIST = "announcements"
SAFE_SCHEMES = ("http:", "https:", "mailto:")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable(
    ["image", "html_inline", "html_block"])
_markdown.validateLink = lambda url: url.strip().lower().startswith(SAFE_SCHEMES)


@functools.lru_cache(maxsize=64)
def _rendered(announcement_id: int, version: datetime, body: str) -> str:
    return _markdown.render(body)


def render_body(announcement: Announcement) -> Markup:
    """The body as HTML (the safe subset), computed once per version of the text."""
    # markdown-it with HTML off escapes every tag the text holds: its output is safe.
    return Markup(_rendered(announcement.id or 0, announcement.updated_at,  # noqa: S704
                            announcement.body))


def preview_html(body: str) -> Markup:
    """Any text rendered as an announcement's would be (the compose page's preview)."""
    return Markup(_markdown.render(body))  # noqa: S704  (as above)


def _compose(announcement: Announcement, to: str, test: bool = False):
    week = db.session.get(Week, announcement.week_id)
    subject = ("[Test] " if test else "") + announcement.subject
    return compose(to, subject, "announcements/mail/announcement",
                   mailing_list=None if test else MAILING_LIST, week=week,
                   body_text=announcement.body, body_html=render_body(announcement),
                   week_url=external_url("weeks.week", week_slug=week.slug), test=test)


def build(message, now):
    """One recipient's copy: skipped if they left the audience since it was queued."""
    announcement = db.session.get(Announcement, int(message.idempotency_key.split(":")[1]))
    if announcement is None:
        raise ledger.Skip("The announcement was deleted.")
    if not audience.still_in(announcement.week_id, announcement.audience, message.recipient):
        raise ledger.Skip("No longer in the audience (cancelled, stopped or erased).")
    return _compose(announcement, message.recipient)


def build_test(message, now):
    """A test copy to the staff member who asked for it."""
    announcement = db.session.get(Announcement, message.subject_id)
    if announcement is None:
        raise ledger.Skip("The announcement was deleted.")
    return _compose(announcement, message.recipient, test=True)


ledger.register_kind(KIND, build, MAILING_LIST)
ledger.register_kind(TEST_KIND, build_test)
