"""Every outbound HTTP call passes a timeout (``requests`` has none by default)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "advocacy"
VERBS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}


def _session_names(tree: ast.AST) -> set[str]:
    """Names that hold a requests.Session: assigned from one, or annotated as one."""
    names = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and ast.unparse(node.value.func) in ("requests.Session", "http_session")):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        if (isinstance(node, ast.arg) and node.annotation is not None
                and "requests.Session" in ast.unparse(node.annotation)):
            names.add(node.arg)
    return names


def calls_without_timeout(source: str) -> list[str]:
    """``line: call`` for each requests call (module or session) lacking ``timeout=``."""
    tree = ast.parse(source)
    sessions = _session_names(tree)
    missing = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        if (node.func.attr in VERBS and (receiver == "requests" or receiver in sessions)
                and not any(keyword.arg == "timeout" for keyword in node.keywords)):
            missing.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
    return missing


def test_the_checker_finds_a_call_without_timeout():
    source = ("import requests\n"
              "def f(s: requests.Session):\n"
              "    requests.get('https://x')\n"
              "    s.post('https://x', data=b'')\n"
              "    t = requests.Session()\n"
              "    t.request('GET', 'https://x', timeout=3)\n")
    assert [line.split(":")[0] for line in calls_without_timeout(source)] == ["3", "4"]


def test_every_requests_call_in_the_app_passes_a_timeout():
    checked, problems = 0, []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "requests" not in source:
            continue
        checked += 1
        problems += [f"{path.relative_to(PACKAGE)}:{p}" for p in calls_without_timeout(source)]
    assert checked >= 2  # the legislator download and the webhook sender
    assert problems == []
