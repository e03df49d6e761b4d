"""Imports every feature's models so that the metadata is complete."""

from .accounts.models import AuditEvent, Participant, User
from .chapters.models import Chapter, ChapterSignup, ChapterState, chapter_coordinators
from .checklists.models import CallReport, Completion, MeetingReport
from .legislators.models import Legislator, LegislatorOffice, ZipDistrict
from .stories.models import Story, StoryConsent, StoryImpactArea, StoryRevision
from .weeks.models import Action, Day, LiveSession, SessionRegistration, Week, WeekPartner

__all__ = [
    "Action", "AuditEvent", "CallReport", "Chapter", "ChapterSignup", "ChapterState",
    "Completion", "Day", "Legislator", "LegislatorOffice", "LiveSession", "MeetingReport",
    "Participant", "SessionRegistration", "Story", "StoryConsent", "StoryImpactArea",
    "StoryRevision", "User", "Week", "WeekPartner", "ZipDistrict", "chapter_coordinators",
]
