"""Pure helpers of the security module and the schedule presentation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from advocacy.core.logging import OneLineUTCFormatter
from advocacy.security import is_safe_redirect
from advocacy.weeks.schedule import session_state


@pytest.mark.parametrize("target", ["/", "/organize/", "/weeks/x?tab=1"])
def test_safe_redirects(target):
    assert is_safe_redirect(target)


@pytest.mark.parametrize("target", [
    None, "", "https://evil.example", "//evil.example", "/\\evil.example",
    "javascript:alert(1)", "evil.example/x", "/ok\r\nSet-Cookie: x=1", "///evil.example",
])
def test_unsafe_redirects(target):
    assert not is_safe_redirect(target)


def test_session_state_follows_the_clock():
    start = datetime(2026, 5, 4, 20, 0, tzinfo=UTC)
    assert session_state(start, 30, start - timedelta(seconds=1)) == "upcoming"
    assert session_state(start, 30, start) == "live"
    assert session_state(start, 30, start + timedelta(minutes=29)) == "live"
    assert session_state(start, 30, start + timedelta(minutes=30)) == "ended"


def test_log_lines_cannot_be_forged_with_crlf():
    import logging

    record = logging.LogRecord("advocacy", logging.INFO, __file__, 1,
                               "login failed: %s", ("x\r\n2026-01-01 INFO forged",), None)
    line = OneLineUTCFormatter("%(message)s").format(record)
    assert "\n" not in line and "\r" not in line


def test_every_rate_limit_goes_through_security_rate_limit():
    """Requests to views without a ``rate_limit`` skip Flask-Limiter; a view limited with
    ``limiter.limit`` directly would silently lose its limit."""
    import ast
    from pathlib import Path

    import advocacy

    offenders = []
    for path in Path(advocacy.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr == "limit"
                    and isinstance(node.value, ast.Name) and node.value.id == "limiter"
                    and path.name != "security.py"):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders
