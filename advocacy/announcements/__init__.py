"""Organizer announcements (``/organize/weeks/<slug>/messages/``): a subject and a text
in a safe subset of Markdown, to one audience of a week — a session's registrants,
the week's daily-email subscribers, a chapter's sign-ups (coordinators: their own
chapters only) — previewed, tested, sent now or at a set time, throttled by
``MAIL_RATE`` and sent at most once per (announcement, recipient) by the mail ledger.

Above the features whose people it reaches: it reads their rows, writes its own.
"""
