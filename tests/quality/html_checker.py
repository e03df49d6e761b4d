"""The Nu HTML Checker (npm package ``vnu-jar``, on Debian's Java) over many pages at once.

One JVM checks every page given: the pages are written to a temporary folder and the jar
is given the list. ``make test`` installs the jar into ``.venv/vnu`` when npm is there;
``ADVOCACY_VNU_JAR`` names another. With ``REQUIRE_VNU=1`` a missing jar or Java fails
the run instead of skipping.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from ..conftest import required

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker_command() -> list[str]:
    """``java -jar vnu.jar`` with the options every check uses; skips (or fails) if absent."""
    jar = Path(os.environ.get("ADVOCACY_VNU_JAR", DEFAULT_JAR))
    java = shutil.which("java")
    problem = None
    if not jar.is_file():
        problem = f"the Nu HTML Checker ({jar}) is not installed (make test installs it with npm)"
    elif java is None:
        problem = "no Java runtime for the Nu HTML Checker (Debian: default-jre-headless)"
    if problem:
        if required("vnu"):
            pytest.fail(problem + " and REQUIRE_VNU=1")
        pytest.skip(problem)
    # A serial collector and the first JIT tier only: the run is short, start-up counts.
    return [java, "-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", str(jar),
            "--errors-only", "--format", "json", "--exit-zero-always"]


def check_pages(pages: dict[str, str]) -> list[str]:
    """Every error the checker reports, as "<page name>: line N: message"; [] when valid.

    ``pages`` maps a name (role and URL) to its HTML; identical pages are checked once.
    """
    command = checker_command()
    by_digest: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="advocacy-vnu-") as folder:
        files = []
        for name, html in pages.items():
            digest = hashlib.sha256(html.encode()).hexdigest()
            if digest not in by_digest:
                path = Path(folder) / f"{digest}.html"
                path.write_text(html, encoding="utf-8")
                files.append(str(path))
            by_digest.setdefault(digest, []).append(name)
        if not files:
            return []
        result = subprocess.run(command + files, capture_output=True, text=True,
                                timeout=600, check=False)
    report = json.loads(result.stderr or result.stdout)
    errors = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        digest = Path(message.get("url", "")).stem
        names = by_digest.get(digest, [message.get("url", "?")])
        errors.append(f"{names[0]} (and {len(names) - 1} alike): line "
                      f"{message.get('lastLine', '?')}: {message.get('message')} "
                      f"[{message.get('extract', '').strip()[:80]}]")
    return errors
