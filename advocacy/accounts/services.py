"""Accounts: creating users, checking passwords, rotating session tokens."""

from __future__ import annotations

from functools import cache

from flask import current_app
from sqlalchemy import case, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import utcnow
from ..errors import Conflict, DomainError
from ..extensions import db
from ..listing import Page, page_of
from ..textrules import normalize_email
from .models import ROLES, User, new_token

MIN_PASSWORD_LENGTH = 10


def password_hash(password: str) -> str:
    """A password's hash, by the ``PASSWORD_HASH_METHOD`` setting (scrypt)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    """Checked against when the email is unknown, so both paths cost one hash.

    Made on first use, not at import: a scrypt hash takes ~90 ms and 32 MB, which
    every CLI command (exports included) would otherwise pay for nothing.
    """
    return generate_password_hash("not-a-real-password", method=method)


def find_user_by_email(email: str) -> User | None:
    """The user with this email, or None."""
    return db.session.execute(
        db.select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()


def find_user_by_session_token(token: str) -> User | None:
    """The active user whose current session token is ``token``."""
    if not token:
        return None
    return db.session.execute(
        db.select(User).where(User.session_token == token, User.is_active.is_(True))
    ).scalar_one_or_none()


def create_user(email: str, password: str, role: str, display_name: str = "",
                verified: bool = True) -> User:
    """Create an account; raises DomainError for a bad role or password, Conflict if taken.
    ``verified``: its email is known to be theirs (made by an admin; else by a link)."""
    if role not in ROLES:
        raise DomainError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    _check_password_rules(password)
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict("An account with this email already exists.", "email")
    now = utcnow()
    user = User(email=email, role=role, display_name=display_name, created_at=now,
                email_verified_at=now if verified else None,
                password_hash=password_hash(password))
    try:  # a savepoint: a concurrent request may take the address between check and insert
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as error:
        raise Conflict("An account with this email already exists.", "email") from error
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (constant work either way)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def record_login(user: User) -> None:
    """Note the time of a successful login."""
    user.last_login_at = utcnow()


def rotate_session_token(user: User) -> None:
    """Invalidate every session cookie issued to ``user`` so far."""
    user.session_token = new_token()


def change_password(user: User, new_password: str) -> None:
    """Set a new password and sign the user out everywhere else."""
    _check_password_rules(new_password)
    user.password_hash = password_hash(new_password)
    rotate_session_token(user)


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Use at least {MIN_PASSWORD_LENGTH} characters for the password.", "password"
        )


def set_role(user: User, role: str) -> None:
    """Give ``user`` another role (DomainError for an unknown one)."""
    if role not in ROLES:
        raise DomainError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    user.role = role


def set_active(user: User, active: bool) -> None:
    """Deactivate (signed out everywhere, cannot sign in) or reactivate an account."""
    if user.is_active and not active:
        rotate_session_token(user)
    user.is_active = active


def users_by_role(role: str | None = None, search: str | None = None, page: int = 1
                  ) -> Page:
    """A page of accounts, staff first (admins, organizers, coordinators), then by email;
    only ``role``'s, or those whose email or name contains ``search``, when given."""
    rank = case({name: n for n, name in enumerate(reversed(ROLES))}, value=User.role,
                else_=len(ROLES))
    statement = db.select(User).options(selectinload(User.chapters)).order_by(rank, User.email)
    if role in ROLES:
        statement = statement.where(User.role == role)
    if search:
        pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        statement = statement.where(func.lower(User.email).like(pattern, escape="\\")
                                    | func.lower(User.display_name).like(pattern, escape="\\"))
    return page_of(statement, page)
