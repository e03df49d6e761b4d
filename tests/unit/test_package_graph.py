"""The feature packages import one way: their graph, computed from the code, has no cycle.

Also: no view module imports another view module (shared view helpers live in
helper modules), and the modules at the top of ``advocacy/`` (below every
feature) import no feature, except the three that wire the app together.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import advocacy

PACKAGE = Path(advocacy.__file__).resolve().parent
WIRING = {"__init__.py", "models.py", "cli.py"}  # assemble the features; import them all
VIEW_MODULES = ("views", "organize_views", "coordinate_views", "organize_items", "api")


def _imports(path: Path, root: Path) -> list[tuple[list[str], int]]:
    """(absolute module path as parts, line) for every ``from … import`` in ``path``."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    package = parts if parts[-1] == "__init__" else parts[:-1]
    package = [p for p in package if p != "__init__"]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
                names = [] if node.module else [alias.name for alias in node.names]
            else:
                target, names = (node.module or "").split("."), []
            found.append((target, node.lineno))
            found.extend((target + [name], node.lineno) for name in names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name.split("."), node.lineno) for alias in node.names)
    return found


def feature_packages(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()
            if (p / "__init__.py").is_file() and p.name != "migrations"}


def package_graph(root: Path) -> dict[str, dict[str, list[str]]]:
    """{feature: {feature it imports: ["file:line", …]}} for the package at ``root``."""
    features = feature_packages(root)
    graph: dict[str, dict[str, list[str]]] = {name: {} for name in features}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).parts
        if relative[0] not in features:
            continue
        for target, line in _imports(path, root):
            if target[:1] == [root.name] and len(target) > 1 and target[1] in features \
                    and target[1] != relative[0]:
                graph[relative[0]].setdefault(target[1], []).append(
                    f"{path.relative_to(root.parent)}:{line}")
    return graph


def find_cycle(graph: dict[str, dict]) -> list[str] | None:
    """One cycle of the graph as [a, b, …, a], or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_feature_packages_form_a_graph_without_cycles():
    graph = package_graph(PACKAGE)
    assert len(graph) >= 8
    cycle = find_cycle(graph)
    if cycle:
        where = [f"{a} -> {b}: {graph[a][b][0]}" for a, b in zip(cycle, cycle[1:], strict=False)]
        raise AssertionError("import cycle between feature packages:\n" + "\n".join(where))


def test_the_check_finds_a_cycle_when_one_is_added(tmp_path):
    copy = tmp_path / "advocacy"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert find_cycle(package_graph(copy)) is None
    # legislators sits at the bottom; make it reach up into stories.
    with (copy / "legislators" / "services.py").open("a", encoding="utf-8") as handle:
        handle.write("\nfrom ..stories.models import Story  # noqa\n")
    cycle = find_cycle(package_graph(copy))
    assert cycle is not None and "legislators" in cycle and "stories" in cycle


def test_no_view_module_imports_another_view_module():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for target, line in _imports(path, PACKAGE):
            if path.stem in VIEW_MODULES and target[-1] in VIEW_MODULES and len(target) > 2:
                offenders.append(f"{path.relative_to(PACKAGE)}:{line} imports {'.'.join(target)}")
    assert not offenders, "\n".join(offenders)


def test_modules_below_the_features_import_no_feature():
    features = feature_packages(PACKAGE)
    offenders = []
    for path in PACKAGE.glob("*.py"):
        if path.name in WIRING:
            continue
        for target, line in _imports(path, PACKAGE):
            if target[:1] == ["advocacy"] and len(target) > 1 and target[1] in features:
                offenders.append(f"{path.name}:{line} imports {'.'.join(target)}")
    assert not offenders, "\n".join(offenders)
