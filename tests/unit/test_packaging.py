"""The wheel carries every sub-package, the templates and the static files."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "advocacy").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    found.add("advocacy.migrations")  # alembic's folder: no __init__.py
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert config["package-dir"] == {"advocacy.templates": "templates",
                                     "advocacy.static": "static"}
    data = config["package-data"]
    assert data["advocacy.templates"] == ["**/*"] and data["advocacy.static"] == ["**/*"]
