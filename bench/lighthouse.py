"""Lighthouse (npm) on the week, day and story pages of the demo, in Debian's Chromium.

Installs lighthouse into bench/.node/ on first use (npm registry), serves the demo
with gunicorn on 127.0.0.1 and scores accessibility and best practices.

Usage: python bench/lighthouse.py
Writes bench/out/lighthouse.json and prints a table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.http_bench import live_start, serve  # noqa: E402
from bench.load_bench import prepare  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "bench" / ".node"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync")


def lighthouse() -> Path:
    binary = NODE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund",
                        "lighthouse@12"], check=True, capture_output=True)
    return binary


def score(binary: Path, url: str, out: Path) -> dict:
    subprocess.run([str(binary), url, "--only-categories=accessibility,best-practices",
                    "--output=json", f"--output-path={out}", "--quiet",
                    f"--chrome-flags={CHROME_FLAGS}"],
                   env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH",
                                                                    "/usr/bin/chromium")},
                   check=True, capture_output=True, timeout=180)
    report = json.loads(out.read_text())
    scores = {name: round(cat["score"] * 100) for name, cat in report["categories"].items()}
    failing = [ref["id"] for cat in report["categories"].values() for ref in cat["auditRefs"]
               if ref["weight"] and (report["audits"][ref["id"]]["score"] or 1) < 1]
    return {**scores, "failing_audits": failing}


def main() -> int:
    binary = lighthouse()
    instance = tempfile.mkdtemp(prefix="advocacy-lighthouse-")
    env = {**os.environ, "ADVOCACY_INSTANCE_PATH": instance}
    prepare(env, participants=1, start=live_start())  # the week live, today first
    process, base = serve("advocacy:create_app()", env, workers=2)
    try:
        import urllib.request

        with urllib.request.urlopen(base + "/api/v1/weeks/nllw-from-home", timeout=5) as r:
            first_day = json.load(r)["week"]["days"][0]["date"]
        pages = {"week": "/weeks/nllw-from-home", "day": f"/weeks/nllw-from-home/{first_day}",
                 "story": "/stories/new"}
        results = {name: score(binary, base + path, Path(instance) / f"{name}.json")
                   for name, path in pages.items()}
    finally:
        process.terminate()
        process.wait(timeout=20)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "lighthouse.json").write_text(json.dumps(results, indent=2))
    for name, result in results.items():
        print(f"{name:6} accessibility {result['accessibility']:3}  best practices "
              f"{result['best-practices']:3}  {' '.join(result['failing_audits'])}")
    return 0 if all(r["accessibility"] == 100 and r["best-practices"] >= 95
                    for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
