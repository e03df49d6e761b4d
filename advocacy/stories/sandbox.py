"""A Jinja sandbox with bounded work, for the templates organizers write.

Jinja's own sandbox stops attribute tricks, not work: ``range(100000)`` loops inside
loops, ``'x' * 10**9`` and ``9 ** 9 ** 9`` all pass it. Here every render gets:

- ``range`` of at most ``MAX_RANGE`` items; no ``namespace`` (values cannot grow across
  loop turns), no ``lipsum``; only filters whose work is bounded by their input;
- ``+ - * / // % **`` checked before they run: a string or list built by them holds at
  most ``MAX_VALUE`` characters, a number at most ``MAX_INT_BITS`` bits; no ``%``
  formatting of strings and no ``str.format`` (widths like ``{:>999999999}``);
- no ``~`` (an unchecked concatenation: write ``{{ a }}{{ b }}``);
- every call checked: no integer argument above ``MAX_ARGUMENT``, no string result
  over ``MAX_VALUE``;
- an operation budget: at most ``MAX_STEPS`` lines of the compiled template and
  ``MAX_SECONDS`` of time (a trace function stops the render when either runs out),
  and at most ``MAX_OUTPUT`` characters of output.

A template over a limit raises ``TemplateLimit`` (a ``SecurityError``); any other
failure of the organizer's text is a ``TemplateError`` or an ordinary exception, both
turned into a message by ``letters.render``.
"""

from __future__ import annotations

import operator
import sys
import time
from collections.abc import Sized

from jinja2 import nodes, pass_eval_context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_RANGE = 1_000
MAX_VALUE = 10_000
MAX_OUTPUT = 20_000
MAX_INT_BITS = 4_096
MAX_ARGUMENT = 100_000
MAX_STEPS = 20_000
MAX_SECONDS = 0.25
TEMPLATE_FILENAME = "<template>"

SAFE_FILTERS = ("abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float",
                "int", "join", "last", "length", "list", "lower", "max", "min", "reverse",
                "round", "sort", "string", "striptags", "sum", "title", "trim", "truncate",
                "unique", "upper", "wordcount")
SAFE_STRING_METHODS = frozenset({
    "capitalize", "count", "endswith", "find", "isdigit", "lower", "lstrip", "rstrip",
    "split", "splitlines", "startswith", "strip", "title", "upper"})
BINOPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "//": operator.floordiv, "%": operator.mod, "**": operator.pow}


class TemplateLimit(SecurityError):
    """The template asked for more work, memory or output than a letter needs."""


def _size(value) -> int:
    """Characters (or items) a value holds, counting one level of a list's strings."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return len(value) + sum(len(item) for item in value if isinstance(item, str))
    return len(value) if isinstance(value, Sized) else 0


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(f"range() may give at most {MAX_RANGE:,} numbers.")
    return numbers


def _bounded_join(join):
    @pass_eval_context
    def bounded_join(eval_ctx, value, d="", attribute=None):
        items = list(value)[:MAX_RANGE + 1]
        if sum(len(str(item)) for item in items) + len(str(d)) * len(items) > MAX_VALUE:
            raise TemplateLimit(f"A value may hold at most {MAX_VALUE:,} characters.")
        return join(eval_ctx, items, d, attribute)
    return bounded_join


def _check_int(value) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and (
            value.bit_length() > MAX_INT_BITS):
        raise TemplateLimit("That number is too large for a letter.")


def thousands(value):
    """``20000`` as "20,000" (what is not a whole number is left as it is)."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox organizers' templates run in (see the module)."""

    intercepted_binops = frozenset(BINOPS)

    def __init__(self, **options):
        super().__init__(**options)
        self.globals = {"range": bounded_range, "dict": dict,
                        "cycler": self.globals["cycler"], "joiner": self.globals["joiner"]}
        self.filters = {name: self.filters[name] for name in SAFE_FILTERS}
        self.filters["join"] = _bounded_join(self.filters["join"])
        self.filters["thousands"] = thousands

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, str) and callable(value) and attr not in SAFE_STRING_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        if isinstance(getattr(value, "__self__", None), str) and getattr(
                value, "__name__", "") in ("format", "format_map"):
            def refused(*_args, **_kwargs):
                raise TemplateLimit("str.format is not available in letters: write "
                                    "{{ a }} where a value goes.")
            return refused
        return None

    def call_binop(self, context, operator_name: str, left, right):
        _precheck(operator_name, left, right)
        result = BINOPS[operator_name](left, right)
        _check_int(result)
        if _size(result) > MAX_VALUE:
            raise TemplateLimit(f"A value may hold at most {MAX_VALUE:,} characters.")
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and (
                    abs(value) > MAX_ARGUMENT):
                raise TemplateLimit(f"Numbers given to a function may be at most "
                                    f"{MAX_ARGUMENT:,}.")
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_VALUE:
            raise TemplateLimit(f"A value may hold at most {MAX_VALUE:,} characters.")
        return result


def _precheck(operator_name: str, left, right) -> None:
    """Refuse an operation whose result would be too big before computing it."""
    if operator_name == "%" and isinstance(left, str):
        raise TemplateLimit("The % formatting of text is not available in letters.")
    if operator_name == "*":
        for sequence, count in ((left, right), (right, left)):
            if (isinstance(sequence, (str, list, tuple)) and isinstance(count, int)
                    and _size(sequence) * max(count, 0) > MAX_VALUE):
                raise TemplateLimit(f"A value may hold at most {MAX_VALUE:,} characters.")
        if isinstance(left, int) and isinstance(right, int) and (
                left.bit_length() + right.bit_length() > MAX_INT_BITS):
            raise TemplateLimit("That number is too large for a letter.")
    if (operator_name == "**" and isinstance(left, int) and isinstance(right, int)
            and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS):
        raise TemplateLimit("That number is too large for a letter.")
    if operator_name == "+" and _size(left) + _size(right) > MAX_VALUE:
        raise TemplateLimit(f"A value may hold at most {MAX_VALUE:,} characters.")


def refuse_unbounded_syntax(environment: BoundedSandbox, source: str) -> None:
    """TemplateLimit if the template uses ``~`` (checked once, when it is compiled)."""
    if any(True for _ in environment.parse(source).find_all(nodes.Concat)):
        raise TemplateLimit("The ~ operator is not available in letters: write "
                            "{{ a }}{{ b }} instead.")


class _Budget:
    """A trace function counting the lines the template's own code runs."""

    def __init__(self):
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def global_trace(self, frame, event, _arg):
        if frame.f_code.co_filename == TEMPLATE_FILENAME:
            return self.local_trace
        return None

    def local_trace(self, _frame, event, _arg):
        if event == "line":
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise TemplateLimit("The template does too much work for one letter "
                                    "(loops inside loops?).")
            if not self.steps % 256 and time.monotonic() > self.deadline:
                raise TemplateLimit("The template takes too long to fill in.")
        return self.local_trace


def render_bounded(template, context: dict) -> str:
    """Render ``template`` (compiled by a BoundedSandbox) within the budget."""
    budget, previous = _Budget(), sys.gettrace()
    chunks, length = [], 0
    sys.settrace(budget.global_trace)
    try:
        for chunk in template.generate(**context):
            length += len(chunk)
            if length > MAX_OUTPUT:
                raise TemplateLimit(f"A letter's opening or closing may be at most "
                                    f"{MAX_OUTPUT:,} characters once filled in.")
            chunks.append(chunk)
    finally:
        sys.settrace(previous)
    return "".join(chunks)
