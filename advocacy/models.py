"""Imports every feature's models so that the metadata is complete."""

from .accounts.models import AccountLink, Participant, User
from .alerts.models import AlertCursor, AlertSetting
from .announcements.models import Announcement
from .audit import AuditEvent
from .chapters.models import Chapter, ChapterSignup, ChapterState, chapter_coordinators
from .checklists.models import CallReport, Completion, MeetingReport
from .core.models import HealthCheck
from .daily.models import DailySubscription
from .legislators.models import Legislator, LegislatorOffice, ZipDistrict
from .mail.models import Message, Suppression
from .stories.models import (
    LetterTemplate,
    Story,
    StoryConsent,
    StoryImpactArea,
    StoryRevision,
)
from .webhooks.models import WebhookAttempt, WebhookDelivery
from .weeks.models import (
    Action,
    Day,
    LiveSession,
    SessionRegistration,
    WaitlistEntry,
    Week,
    WeekPartner,
)

__all__ = [
    "AccountLink", "Action", "AlertCursor", "AlertSetting", "Announcement", "AuditEvent",
    "CallReport",
    "Chapter", "chapter_coordinators",
    "ChapterSignup",
    "ChapterState", "Completion", "DailySubscription", "Day", "HealthCheck", "Legislator",
    "LegislatorOffice",
    "LetterTemplate",
    "LiveSession", "MeetingReport", "Message", "Suppression", "Participant",
    "SessionRegistration", "Story",
    "StoryConsent", "StoryImpactArea", "StoryRevision", "User", "WebhookAttempt",
    "WaitlistEntry", "WebhookDelivery", "Week", "WeekPartner",
    "ZipDistrict",
]
