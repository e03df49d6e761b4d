"""Single-use links sent by email: staff invitations (72 h) and password resets (1 h)
set a password; advocates' sign-in links (15 min) open their saved progress on another
device, and a claim link (15 min) finishes saving progress to a new account, which is
how an advocate's email is verified.

A link's token is derived from the row and the secret key (so the message can be
built when it is sent, and a copy of the database alone opens nothing); the row keeps
only the token's hash. Following a link spends it; a newer link of the same purpose
for the same person spends the older ones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app

from ..database import utcnow
from ..errors import Conflict, DomainError
from ..extensions import db
from ..mail import ledger
from ..textrules import normalize_email
from ..tokens import InvalidToken, secret_hash
from .models import AccountLink, Participant, User
from .services import change_password, create_user, find_user_by_email, password_hash

LIFETIMES = {"invite": timedelta(hours=72), "reset": timedelta(hours=1),
             "signin": timedelta(minutes=15), "claim": timedelta(minutes=15)}
KIND = "account.{}"


def token_for(link: AccountLink) -> str:
    """The token in the link's email."""
    mac = hmac.new(current_app.config["SECRET_KEY"].encode(),
                   f"{link.id}:{link.purpose}:{link.email}".encode(), hashlib.sha256)
    return f"{link.id}-{base64.urlsafe_b64encode(mac.digest()).decode().rstrip('=')}"


def _issue(purpose: str, email: str, user: User | None = None,
           participant: Participant | None = None, password: str | None = None
           ) -> AccountLink:
    now = utcnow()
    earlier = db.select(AccountLink).where(AccountLink.purpose == purpose,
                                           AccountLink.used_at.is_(None))
    earlier = earlier.where(AccountLink.user_id == user.id) if user else earlier.where(
        AccountLink.email == email)
    for old in db.session.execute(earlier).scalars():
        old.used_at = now  # only the newest link works
    link = AccountLink(purpose=purpose, email=email, user_id=user.id if user else None,
                       participant_id=participant.id if participant else None,
                       password_hash=password_hash(password) if password else None,
                       token_hash="pending-" + hashlib.sha256(
                           f"{email}{now.isoformat()}{purpose}".encode()).hexdigest()[:50],
                       expires_at=now + LIFETIMES[purpose], created_at=now)
    db.session.add(link)
    db.session.flush()
    link.token_hash = secret_hash(token_for(link))
    ledger.queue(KIND.format(purpose), email, f"{KIND.format(purpose)}:{link.id}",
                 "account_link", link.id)
    return link


def invite(email: str, role: str, display_name: str = "") -> User:
    """A staff account with no usable password yet, and its 72-hour invitation."""
    user = create_user(email, secrets.token_urlsafe(32), role, display_name, verified=False)
    _issue("invite", user.email, user=user)
    return user


def request_reset(email: str) -> None:
    """Email a 1-hour reset link if an active account uses ``email``; nothing otherwise
    (the page answers the same either way)."""
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        _issue("reset", user.email, user=user)


def request_sign_in(email: str) -> None:
    """Email a 15-minute sign-in link if an advocate account uses ``email``."""
    user = find_user_by_email(email)
    if user is not None and user.is_active and user.role == "advocate":
        _issue("signin", user.email, user=user)


def request_claim(participant: Participant, email: str, password: str) -> None:
    """Saving progress to an account: a link to ``email`` finishes it (a sign-in link
    if an advocate account has that address already; nothing for a staff address)."""
    email = normalize_email(email)
    user = find_user_by_email(email)
    if user is None:
        _issue("claim", email, participant=participant, password=password)
    elif user.is_active and user.role == "advocate":
        _issue("signin", user.email, user=user)


def usable(token: str, purposes: tuple[str, ...]) -> AccountLink:
    """The unspent, unexpired link of one of ``purposes``; InvalidToken otherwise."""
    link = db.session.execute(db.select(AccountLink).where(
        AccountLink.token_hash == secret_hash(token or ""))).scalar_one_or_none()
    if link is None or link.purpose not in purposes or not hmac.compare_digest(
            token_for(link), token):
        raise InvalidToken("This link is not valid: it may have been cut short.")
    if link.used_at is not None:
        raise InvalidToken("This link was already used: ask for a new one.")
    if utcnow() >= link.expires_at:
        raise InvalidToken("This link has expired: ask for a new one.")
    return link


def set_password(link: AccountLink, password: str) -> User:
    """Spend an invitation or reset link: the new password, the email verified, every
    earlier session signed out."""
    user = link.user
    if user is None or not user.is_active:
        raise InvalidToken("This account is no longer active.")
    _spend(link, utcnow())
    change_password(user, password)  # rotates the session token
    user.email_verified_at = user.email_verified_at or utcnow()
    return user


def _spend(link: AccountLink, now) -> None:
    """Mark the link used, atomically: of two requests racing with one link, the second
    finds it spent (InvalidToken), as if it had come later."""
    spent = db.session.execute(db.update(AccountLink).where(
        AccountLink.id == link.id, AccountLink.used_at.is_(None)).values(used_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        raise InvalidToken("This link was already used: ask for a new one.")
    link.used_at = now


def sign_in(link: AccountLink) -> User:
    """Spend a sign-in or claim link: the account (made now for a claim), verified.
    InvalidToken if a concurrent request spent it first."""
    now = utcnow()
    _spend(link, now)
    user = link.user or find_user_by_email(link.email)
    if user is None:
        if not link.password_hash:
            raise DomainError("This link cannot make an account.")
        try:
            user = create_user(link.email, "placeholder-password", "advocate", verified=True)
        except Conflict:  # another claim link to this address, followed at the same time
            return _signed_in(find_user_by_email(link.email), now)
        user.password_hash = link.password_hash
        if link.participant_id:
            participant = db.session.get(Participant, link.participant_id)
            if participant is not None and participant.user_id is None:
                participant.user_id = user.id
    return _signed_in(user, now)


def _signed_in(user: User | None, now) -> User:
    if user is None or not user.is_active:
        raise InvalidToken("This account is no longer active.")
    user.email_verified_at = user.email_verified_at or now
    return user


def expires_in_words(link: AccountLink) -> str:
    """"72 hours", "1 hour", "15 minutes"."""
    minutes = int(LIFETIMES[link.purpose].total_seconds() // 60)
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"
