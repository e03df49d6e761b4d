"""An advocate's own data: claiming it into an account, merging, exporting, erasing.

Each feature owns its rows about a participant; this module only asks them,
through ``participant_merged``, ``participant_exported`` and ``participant_erased``.
"""

from __future__ import annotations

from .. import signals
from ..database import utcnow
from ..extensions import db
from ..mail import ledger
from .details import carry_details, forget_details, known_details
from .models import AccountLink, Participant, User
from .participants import revoke

# The sections of the download, in this order (each comes from the feature owning it).
EXPORT_SECTIONS = ("completed_actions", "session_registrations", "call_reports",
                   "meeting_reports", "stories", "chapter_signups", "messages",
                   "daily_emails", "daily_email_messages", "waitlists")


def attach_on_login(user: User, anonymous: Participant | None) -> Participant | None:
    """After sign-in: fold this browser's anonymous progress into the account's."""
    own = db.session.execute(
        db.select(Participant).where(Participant.user_id == user.id).order_by(Participant.id)
    ).scalars().first()
    if anonymous is None or anonymous.user_id is not None:
        return own
    if own is None:
        anonymous.user_id = user.id
        return anonymous
    merge(anonymous, own)
    return own


def merge(source: Participant, target: Participant) -> None:
    """Move everything of ``source`` to ``target`` (no duplicates), then drop ``source``."""
    signals.participant_merged.send(None, source_id=source.id, target_id=target.id)
    carry_details(source, target)
    db.session.delete(source)
    db.session.flush()


def export(participant: Participant) -> dict:
    """Everything linked to the participant, as plain data."""
    user = db.session.get(User, participant.user_id) if participant.user_id else None
    sections = signals.collect(signals.participant_exported, participant_id=participant.id)
    return {
        "exported_at": utcnow().isoformat(),
        "participant": {"created_at": participant.created_at.isoformat(),
                        "district": participant.district, **known_details(participant)},
        "account": {"email": user.email, "created_at": user.created_at.isoformat()}
        if user else None,
        **{name: sections.get(name, []) for name in EXPORT_SECTIONS},
    }


def erase(participant: Participant) -> None:
    """Remove the participant's personal data; anonymous counts (ticks, calls) stay."""
    signals.participant_erased.send(None, participant_id=participant.id)
    user = db.session.get(User, participant.user_id) if participant.user_id else None
    participant.zip = participant.state = participant.district = participant.timezone = None
    forget_details(participant)
    participant.user_id = None
    revoke(participant)  # a copy of the browser's cookie no longer opens anything
    mine = AccountLink.participant_id == participant.id
    if user is not None and user.role == "advocate":
        mine = mine | (AccountLink.user_id == user.id)
    link_ids = db.session.execute(db.select(AccountLink.id).where(mine)).scalars().all()
    ledger.forget("account_link", list(link_ids))  # the emails of its links, too
    db.session.execute(db.delete(AccountLink).where(mine))
    if user is not None and user.role == "advocate":
        db.session.delete(user)
    db.session.flush()
