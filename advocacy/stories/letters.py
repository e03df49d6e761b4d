"""Compiling letters to legislators: plain functions over plain data.

One letter per legislator, quoting approved stories whose authors agreed to
share them and who are that legislator's constituents (House: the district;
Senate: the state). Intro and closing are organizer-written templates
rendered in a Jinja sandbox with a few merge fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import DomainError

DEFAULT_INTRO = (
    "Dear {{ title }} {{ last_name }},\n\n"
    "As your constituents and members of {{ chapter }}, we want you to know what our "
    "libraries do for {{ place }}. Here {{ 'is' if story_count == 1 else 'are' }} "
    "{{ story_count }} {{ 'story' if story_count == 1 else 'stories' }} from people you "
    "represent."
)
DEFAULT_CLOSING = (
    "Libraries are foundational to our communities' social infrastructure, open to all for "
    "free. We ask you to support them.\n\nSincerely,\n{{ chapter }}"
)
MERGE_FIELDS = ("title", "last_name", "full_name", "state", "district", "place", "chapter",
                "story_count")

_sandbox = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)


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


@dataclass(frozen=True)
class Quote:
    first_name: str
    city: str
    library: str
    title: str
    body: str


@dataclass(frozen=True)
class Letter:
    recipient: Recipient
    intro: str
    quotes: tuple[Quote, ...]
    closing: str


def check_template(source: str, field: str) -> None:
    """DomainError at ``field`` if the template does not render in the sandbox."""
    try:
        render(source, sample_context())
    except DomainError as error:
        raise DomainError(error.message, field) from error


@lru_cache(maxsize=32)
def _compiled(source: str):
    return _sandbox.from_string(source)


def render(source: str, context: dict) -> str:
    """Render an organizer's template in the sandbox (compiled once per text)."""
    try:
        return _compiled(source).render(**context).strip()
    except TemplateError as error:  # includes SecurityError
        raise DomainError(f"The template cannot be used: {error}") from error


def sample_context() -> dict:
    return {"title": "Representative", "last_name": "Doe", "full_name": "Jane Doe",
            "state": "NY", "district": 12, "place": "NY-12",
            "chapter": "New York Library Advocates", "story_count": 3}


def compile_letter(recipient: Recipient, quotes: list[Quote], intro: str, closing: str,
                   chapter: str) -> Letter:
    """A letter to ``recipient`` quoting ``quotes`` between the rendered intro and closing."""
    context = {"title": recipient.title, "last_name": recipient.last_name,
               "full_name": recipient.full_name, "state": recipient.state,
               "district": recipient.district, "place": recipient.place, "chapter": chapter,
               "story_count": len(quotes)}
    return Letter(recipient, render(intro or DEFAULT_INTRO, context), tuple(quotes),
                  render(closing or DEFAULT_CLOSING, context))


def letter_text(letter: Letter) -> str:
    """The letter as plain text."""
    parts = [letter.intro, ""]
    for quote in letter.quotes:
        parts += [f"“{quote.title}”", "", quote.body.strip(), "",
                  f"— {quote.first_name}, {quote.city} ({quote.library})", ""]
    parts.append(letter.closing)
    return "\n".join(parts).strip() + "\n"
