"""An advocate's own data: claiming it into an account, merging, exporting, erasing."""

from __future__ import annotations

from ..chapters.models import ChapterSignup
from ..checklists import services as checklists
from ..checklists.models import CallReport, MeetingReport
from ..database import utcnow
from ..extensions import db
from ..stories.models import Story
from ..weeks import registration
from .models import Participant, User
from .services import create_user


def claim(participant: Participant, email: str, password: str) -> User:
    """Create an advocate account holding this participant's progress."""
    user = create_user(email, password, "advocate")
    participant.user_id = user.id
    return user


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
    checklists.merge_progress(source.id, target.id)
    registration.reassign_registrations(source.id, target.id)
    for model in (Story, ChapterSignup):
        db.session.execute(db.update(model).where(model.participant_id == source.id)
                           .values(participant_id=target.id))
    db.session.delete(source)
    db.session.flush()


def export(participant: Participant) -> dict:
    """Everything linked to the participant, as plain data."""
    user = db.session.get(User, participant.user_id) if participant.user_id else None
    reports = db.session.execute(db.select(MeetingReport).where(
        MeetingReport.participant_id == participant.id)).scalars()
    calls = db.session.execute(db.select(CallReport).where(
        CallReport.participant_id == participant.id)).scalars()
    stories = db.session.execute(db.select(Story).where(
        Story.participant_id == participant.id)).scalars()
    signups = db.session.execute(db.select(ChapterSignup).where(
        ChapterSignup.participant_id == participant.id)).scalars()
    return {
        "exported_at": utcnow().isoformat(),
        "participant": {"created_at": participant.created_at.isoformat(),
                        "zip": participant.zip, "state": participant.state,
                        "district": participant.district},
        "account": {"email": user.email, "created_at": user.created_at.isoformat()}
        if user else None,
        "completed_actions": [
            {"week": d.week_slug, "day": d.day.isoformat(), "action": d.title,
             "minutes": d.minutes, "completed_at": d.completed_at.isoformat()}
            for d in checklists.history(participant.id)],
        "session_registrations": [
            {"session": r.session.title, "name": r.name, "email": r.email,
             "registered_at": r.created_at.isoformat(),
             "reminders": r.consent_reminders_at is not None}
            for r in registration.registrations_of(participant.id)],
        "call_reports": [{"action_id": c.action_id, "outcome": c.outcome,
                          "at": c.created_at.isoformat()} for c in calls],
        "meeting_reports": [
            {"legislator": m.legislator_name, "date": m.meeting_date.isoformat(),
             "format": m.format, "attendees": m.attendees, "notes": m.notes,
             "follow_up": m.follow_up} for m in reports],
        "stories": [{"title": s.title, "body": s.body, "name": s.author_name,
                     "email": s.email, "status": s.status} for s in stories],
        "chapter_signups": [{"chapter_id": s.chapter_id, "name": s.name, "email": s.email,
                             "phone": s.phone, "zip": s.zip} for s in signups],
    }


def erase(participant: Participant) -> None:
    """Remove the participant's personal data; anonymous counts (ticks, calls) stay."""
    registration.anonymize_registrations(participant.id)
    checklists.scrub_meeting_reports(participant.id)
    for model in (Story, ChapterSignup):
        db.session.execute(db.delete(model).where(model.participant_id == participant.id))
    user = db.session.get(User, participant.user_id) if participant.user_id else None
    participant.zip = participant.state = participant.district = participant.timezone = None
    participant.user_id = None
    if user is not None and user.role == "advocate":
        db.session.delete(user)
    db.session.flush()
