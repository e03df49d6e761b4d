"""Domain errors raised by services and turned into messages by views."""


class DomainError(Exception):
    """A rule of the domain was broken; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """The object does not exist, or is outside the caller's scope."""


class Conflict(DomainError):
    """The change clashes with existing data (a duplicate slug, say)."""


class DomainErrors(DomainError):
    """Several rules broken at once: ``problems`` lists (message, field) pairs, so a
    form can show every one in one answer."""

    def __init__(self, problems: list[tuple[str, str | None]]):
        super().__init__(problems[0][0], problems[0][1])
        self.problems = problems
