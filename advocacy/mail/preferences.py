"""One address's email settings: what it receives, each with its own switch.

An address is known here only by its hash (``address_hash``), as the suppression list
keeps it: the link at the foot of every message carries that hash, signed, so the page
opens without an account, and a URL in a log names nobody.

The switches come from sources: the mailing lists (a list is on unless the address is
suppressed from it) and whatever a feature registers with ``register_source`` (the
daily email, one switch per week). A list that a source shows in its own way is left
out of the plain lists (``register_source(..., covers=...)``); a list meant for some
addresses only (coordinator alerts) says who with ``register_audience``. Saving applies
exactly what the page showed; changes reach the next send, which checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..database import utcnow
from ..extensions import db
from ..tokens import InvalidToken, unsign
from . import ledger
from .messages import SETTINGS_PURPOSE as PURPOSE
from .messages import compose, settings_url
from .models import ALL_KINDS, Suppression, address_hash

LINK_KIND = "mail.preferences_link"
# The lists in the order the page shows them, in words a person recognises.
LIST_LABELS = {
    "daily-actions": ("Daily actions", "each day's actions of a week, at 08:00"),
    "reminders": ("Session reminders", "the day before and an hour before a session you "
                  "registered for"),
    "session-news": ("Recording notices", "recordings and changes of sessions you "
                     "registered for"),
    "announcements": ("Announcements", "news from a week's organizers and your chapter"),
    "receipts": ("Receipts", "copies of the stories and sign-ups you send"),
    "coordinator-alerts": ("Coordinator alerts", "new stories, sign-ups and follow-up "
                           "requests in your chapters"),
}


@dataclass(frozen=True)
class Switch:
    """One line of the page: ``key`` names it in the form."""

    key: str
    label: str
    hint: str
    on: bool


@dataclass(frozen=True)
class Source:
    switches: Callable[[str], list[Switch]]  # (address hash) -> its switches
    save: Callable[[str, dict[str, bool]], None]  # (hash, {key: on}) for its own keys
    covers: tuple[str, ...]  # lists it shows in its own way


_SOURCES: list[Source] = []
_AUDIENCES: dict[str, Callable[[str], bool]] = {}


def register_source(switches: Callable, save: Callable, covers: tuple[str, ...] = ()) -> None:
    """A feature's own switches (see the module's docstring)."""
    _SOURCES.append(Source(switches, save, covers))


def register_audience(mailing_list: str, shown_to: Callable[[str], bool]) -> None:
    """Show ``mailing_list``'s switch only to the addresses (hashes) ``shown_to`` accepts."""
    _AUDIENCES[mailing_list] = shown_to


def read_token(token: str) -> str:
    """The address hash a settings link names; InvalidToken otherwise."""
    value = unsign(PURPOSE, token)
    if not (isinstance(value, str) and len(value) == 64):
        raise InvalidToken("This link is not valid.")
    return value


def _suppressed(hashed: str) -> set[str]:
    return set(db.session.execute(db.select(Suppression.kind).where(
        Suppression.address_hash == hashed)).scalars())


def _plain_lists(hashed: str) -> list[str]:
    covered = {name for source in _SOURCES for name in source.covers}
    sendable = ledger.mailing_lists()
    return [name for name in LIST_LABELS if name in sendable and name not in covered
            and _AUDIENCES.get(name, lambda _hash: True)(hashed)]


def _list_switches(hashed: str) -> list[Switch]:
    suppressed = _suppressed(hashed)
    return [Switch(f"list:{name}", *LIST_LABELS[name], on=name not in suppressed)
            for name in _plain_lists(hashed)]


def switches(hashed: str) -> list[Switch]:
    """Every switch of the address, in the page's order."""
    return [switch for source in _SOURCES for switch in source.switches(hashed)] + \
        _list_switches(hashed)


def bounced(hashed: str) -> bool:
    """Whether mail to the address bounced for good (then nothing is sent at all)."""
    return ALL_KINDS in _suppressed(hashed)


def save(hashed: str, turned_on: set[str]) -> None:
    """Apply the page as sent: every switch it showed is on if its key is in
    ``turned_on``, off otherwise (a key the page did not show changes nothing)."""
    for source in _SOURCES:  # each source's switches read once
        source.save(hashed, {switch.key: switch.key in turned_on
                             for switch in source.switches(hashed)})
    for switch in _list_switches(hashed):
        set_list(hashed, switch.key.removeprefix("list:"), switch.key in turned_on)


def list_is_on(hashed: str, mailing_list: str) -> bool:
    """Whether the address with this hash receives ``mailing_list``."""
    return not {mailing_list, ALL_KINDS} & _suppressed(hashed)


def set_list(hashed: str, mailing_list: str, on: bool) -> None:
    """Receive (or not) ``mailing_list`` at the address with this hash."""
    if on:
        ledger.unsuppress_hash(hashed, mailing_list)
    else:
        ledger.suppress_hash(hashed, mailing_list, "email settings")


def stop_everything(hashed: str) -> None:
    """Every list off and every source's switches off: only what the person asks for
    themselves (sign-in links, a registration's confirmation) still comes."""
    for source in _SOURCES:
        source.save(hashed, {switch.key: False for switch in source.switches(hashed)})
    for name in sorted(ledger.mailing_lists() | set(LIST_LABELS)):
        ledger.suppress_hash(hashed, name, "email settings: stop everything")


def request_link(address: str, now: datetime | None = None) -> None:
    """Email ``address`` the link to its settings (at most once an hour): the page that
    asks says the same whatever the address."""
    now = now or utcnow()
    ledger.queue(LINK_KIND, address,
                 f"{LINK_KIND}:{address_hash(address)}:{now:%Y-%m-%dT%H}")


def _build_link(message, now):
    return compose(message.recipient, "Your email settings", "mail/settings_link",
                   settings_url=settings_url(message.recipient))


ledger.register_kind(LINK_KIND, _build_link)
