"""Changing a staff account: role, chapters, active or not (admins only)."""

from __future__ import annotations

from dataclasses import dataclass

from ..accounts import services as accounts
from ..accounts.models import User
from ..audit import AuditEvent, record_audit
from ..chapters import management as chapters
from ..errors import DomainError, NotFound
from ..extensions import db
from ..listing import Page, page_of


@dataclass(frozen=True)
class UserChange:
    role: str
    chapter_ids: tuple[int, ...]
    active: bool


def user_for_admin(user_id: int) -> User:
    """Load-and-check: any account by id; NotFound otherwise."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def change_user(actor: User, user: User, change: UserChange) -> bool:
    """Apply ``change`` to ``user``; an admin cannot demote or deactivate themself
    (another admin must), so an admin always remains. True if anything changed."""
    if user.id == actor.id and change.role != "admin":
        raise DomainError("You cannot take away your own admin role: ask another admin.",
                          "role")
    if user.id == actor.id and not change.active:
        raise DomainError("You cannot deactivate your own account: ask another admin.",
                          "active")
    before = (user.role, sorted(c.id for c in user.chapters), user.is_active)
    accounts.set_role(user, change.role)
    chapters.set_coordinated_chapters(user, list(change.chapter_ids))
    accounts.set_active(user, change.active)
    after = (user.role, sorted(c.id for c in user.chapters), user.is_active)
    if before == after:
        return False
    record_audit(actor, "user.updated", "user", user.id, role=user.role,
                 chapters=len(after[1]), active=user.is_active)
    db.session.flush()
    return True


def audit_page(action: str | None, page: int = 1) -> Page:
    """A page of the audit log, newest first, with each actor's email: (event, email)."""
    statement = (db.select(AuditEvent, User.email)
                 .outerjoin(User, User.id == AuditEvent.actor_id)
                 .order_by(AuditEvent.id.desc()))
    if action:
        statement = statement.where(AuditEvent.action == action)
    return page_of(statement, page, scalars=False)


def audit_actions() -> list[str]:
    """The actions the log holds, for the filter."""
    return list(db.session.execute(
        db.select(AuditEvent.action).distinct().order_by(AuditEvent.action)).scalars())
