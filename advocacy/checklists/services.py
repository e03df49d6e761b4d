"""Completions, progress, call outcomes and meeting reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, delete, func, select

from .. import signals
from ..accounts.models import Participant
from ..database import dialect_insert, read_only_connection, utcnow
from ..errors import DomainError, DomainErrors
from ..extensions import db
from ..listing import Page, page_of
from ..phones import normalize_phone
from ..weeks.models import Action, Day, Week
from .models import CALL_OUTCOMES, MEETING_FORMATS, CallReport, Completion, MeetingReport

CALL_OUTCOME_LABELS = {"voicemail": "Left a voicemail", "talked": "Talked to someone",
                       "no_answer": "Couldn't get through"}
MEETING_FORMAT_LABELS = {"in_person": "In person", "video": "Video", "phone": "Phone"}


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    done_minutes: int
    total_minutes: int

    @property
    def finished(self) -> bool:
        """Every action done (and there was one)."""
        return bool(self.total) and self.done == self.total

    @property
    def label(self) -> str:
        return (f"{self.done} of {self.total} done · "
                f"{self.done_minutes} of {self.total_minutes} minutes")


def progress(actions, done_ids) -> Progress:
    """X of Y done · M of N minutes, for ``actions`` given the ids done."""
    done = [a for a in actions if a.id in done_ids]
    return Progress(len(done), len(actions), sum(a.minutes for a in done),
                    sum(a.minutes for a in actions))


def tick(participant_id: int, action_id: int, source_type: str = "manual",
         source_id: int | None = None) -> bool:
    """Mark an action done, once: a repeat (or a race) changes nothing. True if new."""
    insert = dialect_insert(db.engine.dialect.name)
    statement = insert(Completion).values(
        participant_id=participant_id, action_id=action_id, completed_at=utcnow(),
        source_type=source_type, source_id=source_id,
    ).on_conflict_do_nothing(index_elements=["participant_id", "action_id"])
    return db.session.execute(statement).rowcount == 1


def week_totals(week_id: int) -> tuple[int, int]:
    """(actions ticked, minutes of advocacy) of everyone in the week, in one query."""
    ticks, minutes = db.session.execute(
        db.select(func.count(), func.coalesce(func.sum(Action.minutes), 0))
        .select_from(Completion).join(Action, Completion.action_id == Action.id)
        .join(Day, Action.day_id == Day.id).where(Day.week_id == week_id)).one()
    return ticks, minutes


def untick(participant_id: int, action_id: int) -> bool:
    """Mark an action not done. True if it was done."""
    result = db.session.execute(delete(Completion).where(
        Completion.participant_id == participant_id, Completion.action_id == action_id))
    return result.rowcount > 0


def untick_source(source_type: str, source_id: int) -> int:
    """Take back the ticks that one record made (a cancelled registration's)."""
    return db.session.execute(delete(Completion).where(
        Completion.source_type == source_type, Completion.source_id == source_id)).rowcount


def tick_kind(participant_id: int, week_id: int, kind: str, source_type: str,
              source_id: int | None = None, session_id: int | None = None) -> int:
    """Tick every action of ``kind`` in the week (of that session, if given), in one
    INSERT … SELECT (a repeat or a race changes nothing). Returns how many are new."""
    statements = _TICK_KIND.get(db.engine.dialect.name)
    if statements is None:
        statements = _TICK_KIND[db.engine.dialect.name] = _tick_kind_statements()
    values = {"participant_id": participant_id, "completed_at": utcnow(),
              "source_type": source_type, "source_id": source_id, "week_id": week_id,
              "kind": kind, "session_id": session_id}
    return db.session.execute(statements[session_id is not None], values).rowcount


def _tick_kind_statements():
    """(every action of a kind, those of one session): INSERT … SELECT … ON CONFLICT
    DO NOTHING on the completions table, built once per dialect."""
    columns, actions = Completion.__table__.c, Action.__table__.c
    chosen = (select(actions.id, *(bindparam(name, type_=columns[name].type) for name in
                                   ("participant_id", "completed_at", "source_type",
                                    "source_id")))
              .join(Day.__table__, actions.day_id == Day.__table__.c.id)
              .where(Day.__table__.c.week_id == bindparam("week_id"),
                     actions.kind == bindparam("kind")))
    insert = dialect_insert(db.engine.dialect.name)
    return tuple(
        insert(Completion.__table__).from_select(
            ["action_id", "participant_id", "completed_at", "source_type", "source_id"],
            statement).on_conflict_do_nothing(index_elements=["participant_id", "action_id"])
        for statement in (chosen, chosen.where(actions.session_id == bindparam("session_id"))))


_TICK_KIND: dict[str, tuple] = {}


def done_in_week(participant_id: int | None, week_id: int) -> dict[int, datetime]:
    """{action id: completed_at} of the participant's completions in one week."""
    if participant_id is None:
        return {}
    rows = db.session.execute(
        db.select(Completion.action_id, Completion.completed_at)
        .join(Action, Completion.action_id == Action.id).join(Day, Action.day_id == Day.id)
        .where(Completion.participant_id == participant_id, Day.week_id == week_id)
    )
    return {action_id: completed_at for action_id, completed_at in rows}


_WEEK_ACTIONS = (select(Action.id).join(Day, Action.day_id == Day.id)
                 .where(Day.week_id == bindparam("week_id")))
_PROGRESS_BY_TOKEN = (
    select(Participant.id, Participant.user_id, Completion.action_id, Completion.completed_at)
    .select_from(Participant)
    .outerjoin(Completion, and_(Completion.participant_id == Participant.id,
                                Completion.action_id.in_(_WEEK_ACTIONS.scalar_subquery())))
    .where(Participant.token == bindparam("token"))
)


def anonymous_progress(token: str | None, week_id: int
                       ) -> tuple[int | None, dict[int, datetime]]:
    """(participant id, {action id: completed_at}) for an anonymous cookie, in one
    read-only query. A record claimed by an account is not anonymous: (None, {})."""
    if not token:
        return None, {}
    with read_only_connection(db.engine) as connection:
        rows = connection.execute(_PROGRESS_BY_TOKEN,
                                  {"token": token, "week_id": week_id}).all()
    if not rows or rows[0][1] is not None:
        return None, {}
    return rows[0][0], {action_id: at for _, _, action_id, at in rows if action_id is not None}


def action_in_week(week, action_id: int) -> Action:
    """Load-and-check: the action must belong to the (published) week."""
    for day in week.days:
        for action in day.actions:
            if action.id == action_id:
                return action
    raise DomainError("That action is not part of this week.")


def record_call(participant_id: int, action: Action, outcome: str) -> CallReport:
    """Record how a call went; any outcome ticks the call action."""
    if action.kind != "call":
        raise DomainError("Only call actions take a call report.")
    if outcome not in CALL_OUTCOMES:
        raise DomainError("Choose how the call went.", "outcome")
    report = CallReport(action_id=action.id, participant_id=participant_id, outcome=outcome)
    db.session.add(report)
    db.session.flush()
    tick(participant_id, action.id, "call", report.id)
    return report


def call_outcome_counts(week_id: int) -> dict[int, dict[str, int]]:
    """{call action id: {outcome: count}} for a week, in one query."""
    rows = db.session.execute(
        db.select(CallReport.action_id, CallReport.outcome, func.count())
        .join(Action, CallReport.action_id == Action.id).join(Day, Action.day_id == Day.id)
        .where(Day.week_id == week_id).group_by(CallReport.action_id, CallReport.outcome)
    )
    counts: dict[int, dict[str, int]] = {}
    for action_id, outcome, count in rows:
        counts.setdefault(action_id, dict.fromkeys(CALL_OUTCOMES, 0))[outcome] = count
    return counts


@dataclass
class MeetingData:
    meeting_date: date
    format: str
    legislator_id: int | None = None
    legislator_name: str = ""
    state: str | None = None
    attendees: str = ""
    notes: str = ""
    follow_up: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_consent: bool = False


EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _follow_up_contact(data: MeetingData) -> dict[str, str]:
    """Who to reach about a wanted follow-up: a name, an email or a phone, and consent;
    nothing is kept when no follow-up is wanted. DomainErrors names every gap."""
    if not data.follow_up:
        return {"contact_name": "", "contact_email": "", "contact_phone": ""}
    problems = []
    if not data.contact_name.strip():
        problems.append(("Say who the coordinator should ask for.", "contact_name"))
    email = data.contact_email.strip().lower()
    if email and not EMAIL_SHAPE.fullmatch(email):
        problems.append(("Give an email address such as name@example.org.", "contact_email"))
    phone = ""
    if data.contact_phone.strip():
        try:
            phone = normalize_phone(data.contact_phone, "contact_phone") or ""
        except DomainError as error:
            problems.append((error.message, "contact_phone"))
    if not email and not data.contact_phone.strip():
        problems.append(("Give an email address or a phone number to reach you.",
                         "contact_email"))
    if not data.contact_consent:
        problems.append(("Tick this box so the coordinator may contact you.",
                         "contact_consent"))
    if problems:
        raise DomainErrors(problems)
    return {"contact_name": data.contact_name.strip()[:120], "contact_email": email[:254],
            "contact_phone": phone}


def submit_meeting_report(participant_id: int, week_id: int | None,
                          data: MeetingData) -> MeetingReport:
    """Save a meeting report and tick the week's meeting-report actions."""
    if data.format not in MEETING_FORMATS:
        raise DomainError("Choose how you met.", "format")
    if not data.legislator_id and not data.legislator_name.strip():
        raise DomainError("Say who you met with.", "legislator_name")
    # "Today" is the latest date anywhere (UTC+14), so a meeting held today in a zone
    # ahead of UTC is not refused as a future one.
    if data.meeting_date > (utcnow() + timedelta(hours=14)).date():
        raise DomainError("The meeting date cannot be in the future.", "meeting_date")
    report = MeetingReport(participant_id=participant_id, week_id=week_id,
                           legislator_id=data.legislator_id,
                           legislator_name=data.legislator_name.strip(), state=data.state,
                           meeting_date=data.meeting_date, format=data.format,
                           attendees=data.attendees.strip(), notes=data.notes.strip(),
                           follow_up=data.follow_up, **_follow_up_contact(data))
    db.session.add(report)
    db.session.flush()
    signals.meeting_reported.send(report)
    return report


def _meeting_reports_of(week_id: int):
    return (db.select(MeetingReport).where(MeetingReport.week_id == week_id)
            .order_by(MeetingReport.created_at.desc(), MeetingReport.id.desc()))


def meeting_reports(week_id: int, page: int = 1) -> Page:
    """A page of the week's meeting reports, newest first."""
    return page_of(_meeting_reports_of(week_id), page)


def each_meeting_report(week_id: int):
    """Every meeting report of the week, newest first, read in batches (for the CSV: the
    query runs when the stream starts)."""
    yield from db.session.execute(
        _meeting_reports_of(week_id).execution_options(yield_per=500)).scalars()


def merge_progress(source_id: int, target_id: int) -> None:
    """Move one participant's completions and reports to another, without duplicates."""
    insert = dialect_insert(db.engine.dialect.name)
    rows = db.session.execute(
        db.select(Completion.action_id, Completion.completed_at, Completion.source_type,
                  Completion.source_id).where(Completion.participant_id == source_id)
    ).all()
    for action_id, completed_at, source_type, source_ref in rows:
        db.session.execute(insert(Completion).values(
            participant_id=target_id, action_id=action_id, completed_at=completed_at,
            source_type=source_type, source_id=source_ref,
        ).on_conflict_do_nothing(index_elements=["participant_id", "action_id"]))
    db.session.execute(delete(Completion).where(Completion.participant_id == source_id))
    for model in (CallReport, MeetingReport):
        db.session.execute(db.update(model).where(model.participant_id == source_id)
                           .values(participant_id=target_id))


@dataclass(frozen=True)
class DoneAction:
    week_slug: str
    week_title: str
    week_start: date
    week_end: date
    week_timezone: str
    day: date
    title: str
    minutes: int
    completed_at: datetime


def history(participant_id: int) -> list[DoneAction]:
    """Everything the participant ticked, in every week, oldest first."""
    rows = db.session.execute(
        db.select(Week.slug, Week.title, Week.start_date, Week.end_date, Week.timezone, Day.date,
                  Action.title, Action.minutes, Completion.completed_at)
        .join(Action, Completion.action_id == Action.id).join(Day, Action.day_id == Day.id)
        .join(Week, Day.week_id == Week.id)
        .where(Completion.participant_id == participant_id)
        .order_by(Week.start_date, Day.date, Action.position)
    )
    return [DoneAction(*row) for row in rows]


def scrub_meeting_reports(participant_id: int) -> None:
    """Blank the free text of a participant's meeting reports (counts stay)."""
    db.session.execute(db.update(MeetingReport).where(
        MeetingReport.participant_id == participant_id).values(
            attendees="", notes="", contact_name="", contact_email="", contact_phone=""))


def export_of(participant_id: int) -> dict:
    """The participant's ticks, call reports and meeting reports, as plain data."""
    calls = db.session.execute(db.select(CallReport).where(
        CallReport.participant_id == participant_id)).scalars()
    reports = db.session.execute(db.select(MeetingReport).where(
        MeetingReport.participant_id == participant_id)).scalars()
    return {
        "completed_actions": [
            {"week": d.week_slug, "day": d.day.isoformat(), "action": d.title,
             "minutes": d.minutes, "completed_at": d.completed_at.isoformat()}
            for d in history(participant_id)],
        "call_reports": [{"action_id": c.action_id, "outcome": c.outcome,
                          "at": c.created_at.isoformat()} for c in calls],
        "meeting_reports": [
            {"legislator": m.legislator_name, "date": m.meeting_date.isoformat(),
             "format": m.format, "attendees": m.attendees, "notes": m.notes,
             "follow_up": m.follow_up, "contact_name": m.contact_name,
             "contact_email": m.contact_email, "contact_phone": m.contact_phone}
            for m in reports],
    }


def meeting_reports_in_states(states: list[str], limit: int = 50) -> list[MeetingReport]:
    """The latest meeting reports with legislators of ``states``, newest first."""
    return list(db.session.execute(
        db.select(MeetingReport).where(MeetingReport.state.in_(states or [""]))
        .order_by(MeetingReport.created_at.desc()).limit(limit)).scalars())


def activity_of(participant_ids) -> tuple[int, int]:
    """(advocates who ticked anything, ticks) among ``participant_ids`` (a subquery)."""
    active, ticks = db.session.execute(
        db.select(func.count(func.distinct(Completion.participant_id)), func.count())
        .where(Completion.participant_id.in_(participant_ids))).one()
    return active, ticks
