"""Compiling letters to legislators: plain functions over plain data.

One letter per legislator, quoting approved stories whose authors agreed to
share them and who are that legislator's constituents (House: the district;
Senate: the state). Intro and closing are organizer-written templates
rendered in a Jinja sandbox with a few merge fields.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..errors import DomainError
from .sandbox import BoundedSandbox, TemplateLimit, refuse_unbounded_syntax, render_bounded

DEFAULT_INTRO = (
    "As your constituents and members of {{ chapter }}, we want you to know what our "
    "libraries do for {{ place }}. Here {{ 'is' if story_count == 1 else 'are' }} "
    "{{ story_count|thousands }} {{ 'story' if story_count == 1 else 'stories' }} from "
    "people you represent."
)
DEFAULT_CLOSING = (
    "Libraries are foundational to our communities' social infrastructure, open to all for "
    "free. We ask you to support them.\n\nSincerely,\n{{ chapter }}"
)
DEFAULT_SIGNER = "library advocates"
MERGE_FIELDS = ("title", "last_name", "full_name", "state", "district", "place", "chapter",
                "story_count")

_sandbox = BoundedSandbox(autoescape=False, keep_trailing_newline=False)


@dataclass(frozen=True)
class Recipient:
    key: str
    title: str  # "Representative" or "Senator" (or "Senators" without data)
    full_name: str
    last_name: str
    chamber: str
    state: str
    district: int | None
    phone: str | None = None
    contact_form_url: str | None = None
    office: str | None = None

    @property
    def place(self) -> str:
        if self.chamber == "senate":
            return self.state
        return f"{self.state}-{self.district:02d}" if self.district else f"{self.state} at-large"

    @property
    def address(self) -> tuple[str, ...]:
        """The Washington address block: name and title, chamber, office, city line."""
        if not self.office:  # no legislator data: addressed by place only
            return (self.full_name,)
        senate = self.chamber == "senate"
        chamber = "United States Senate" if senate else "U.S. House of Representatives"
        found = _DC_OFFICE.match(self.office)
        street, code = (found["street"], found["zip"]) if found else \
            (self.office, "20510" if senate else "20515")
        return (f"The Honorable {self.full_name}", f"{self.title}, {chamber}", street,
                f"Washington, DC {code}")


# "511 Hart Senate Office Building Washington DC 20510" (the data's one-line address)
_DC_OFFICE = re.compile(r"^(?P<street>.+?),?\s+Washington,?\s+D\.?C\.?,?\s+"
                        r"(?P<zip>\d{5}(?:-\d{4})?)$")


@dataclass(frozen=True)
class Quote:
    first_name: str
    city: str
    library: str
    title: str
    body: str
    story_id: int = 0


@dataclass(frozen=True)
class Letter:
    recipient: Recipient
    intro: str
    quotes: Collection[Quote]  # a tuple, or the stories read as they are walked
    closing: str
    letterhead: str = DEFAULT_SIGNER
    dated: date | None = None

    @property
    def subject(self) -> str:
        count = len(self.quotes)
        return (f"Subject: What libraries do for {self.recipient.place}: {count:,} "
                f"{'story' if count == 1 else 'stories'} from your constituents")

    @property
    def salutation(self) -> str | None:
        """"Dear Senator Cantwell," (None when the organizer's intro already greets)."""
        if re.match(r"\s*(dear|to)\b", self.intro, re.IGNORECASE):
            return None
        return f"Dear {self.recipient.title} {self.recipient.last_name},"

    @property
    def date_line(self) -> str:
        day = self.dated or date.today()
        return f"{day:%B} {day.day}, {day.year}"


def check_template(source: str, field: str) -> None:
    """DomainError at ``field`` if the template does not render in the sandbox, within
    its limits, for every kind of recipient (a branch taken only for a senator, a
    large story count or a long name is tried too)."""
    try:
        for context in worst_case_contexts():
            render(source, context)
    except DomainError as error:
        raise DomainError(error.message, field) from error


@lru_cache(maxsize=32)
def _compiled(source: str):
    refuse_unbounded_syntax(_sandbox, source)
    return _sandbox.from_string(source)


def render(source: str, context: dict) -> str:
    """Render an organizer's template in the bounded sandbox (compiled once per text);
    DomainError with the reason if it fails or goes over a limit."""
    try:
        return render_bounded(_compiled(source), context).strip()
    except TemplateLimit as error:
        raise DomainError(f"The template asks for too much: {error.message}") from error
    except RecursionError as error:
        raise DomainError("The template cannot be used: a macro calls itself "
                          "without end.") from error
    except Exception as error:  # noqa: BLE001 - any failure is the template's own
        raise DomainError(f"The template cannot be used: {error}") from error


def sample_context() -> dict:
    return {"title": "Representative", "last_name": "Doe", "full_name": "Jane Doe",
            "state": "NY", "district": 12, "place": "NY-12",
            "chapter": "New York Library Advocates", "story_count": 3}


def worst_case_contexts() -> list[dict]:
    """Contexts that take every branch a template is likely to test: both chambers, an
    at-large seat, no stories, one, and very many, and names as long as the data allows."""
    long_name = "Maximiliana " * 16
    return [sample_context(),
            {**sample_context(), "title": "Senator", "district": None, "place": "NY",
             "story_count": 0},
            {**sample_context(), "district": 0, "place": "WY at-large", "story_count": 1},
            {"title": "Senators", "last_name": long_name, "full_name": long_name * 2,
             "state": "CA", "district": 52, "place": "CA-52", "chapter": long_name * 2,
             "story_count": 100_000}]


def compile_letter(recipient: Recipient, quotes: Collection[Quote], intro: str, closing: str,
                   chapter: str, dated: date | None = None) -> Letter:
    """A letter from ``chapter`` (its letterhead and signature) to ``recipient``, dated
    ``dated``, quoting ``quotes`` between the rendered intro and closing."""
    context = {"title": recipient.title, "last_name": recipient.last_name,
               "full_name": recipient.full_name, "state": recipient.state,
               "district": recipient.district, "place": recipient.place, "chapter": chapter,
               "story_count": len(quotes)}
    return Letter(recipient, render(intro or DEFAULT_INTRO, context), quotes,
                  render(closing or DEFAULT_CLOSING, context), chapter, dated)


def attribution(quote: Quote) -> str:
    return f"— {quote.first_name}, {quote.city} ({quote.library})"


def letter_body_parts(letter: Letter) -> Iterator[str]:
    """Salutation to signature, a paragraph or a story at a time (a senator's letter may
    quote thousands of stories: it is written out without being held whole)."""
    for opening in (letter.salutation, letter.intro):
        if opening:
            yield opening + "\n\n"
    for quote in letter.quotes:
        yield f"“{quote.title}”\n\n{quote.body.strip()}\n\n{attribution(quote)}\n\n"
    yield letter.closing + "\n"


def letter_body(letter: Letter) -> str:
    """Salutation to signature: what a contact form or an email takes."""
    return "".join(letter_body_parts(letter))


def letter_heading(letter: Letter) -> str:
    """Letterhead, date, address block and subject line."""
    return "\n".join([letter.letterhead, "", letter.date_line, "", *letter.recipient.address,
                      "", letter.subject, ""])


def letter_text_parts(letter: Letter) -> Iterator[str]:
    """The whole letter as plain text, in pieces."""
    yield letter_heading(letter) + "\n"
    yield from letter_body_parts(letter)


def letter_text(letter: Letter) -> str:
    """The whole letter as plain text."""
    return "".join(letter_text_parts(letter))


def split_for_form(text: str, limit: int) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut between paragraphs where
    possible, then between words; every part but the first says which it is."""
    marker = 12  # room for "(part 12/34) "
    size = max(limit - marker, 40)
    parts: list[str] = []
    current = ""
    for piece in re.split(r"(?<=\n\n)", text):
        while len(piece) > size:  # one paragraph longer than a part: cut between words
            cut = piece.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            if current:
                parts.append(current)
                current = ""
            parts.append(piece[:cut].rstrip())
            piece = piece[cut:].lstrip()
        if len(current) + len(piece) > size:
            parts.append(current)
            current = ""
        current += piece
    if current.strip():
        parts.append(current)
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) < 2:
        return parts
    return [f"(part {n}/{len(parts)}) {part}" for n, part in enumerate(parts, 1)]
