"""Export benchmark: N generated stories, the CSV export and the letters export.

Each export runs as the real CLI command (`flask stories export`) under
`/usr/bin/time -v`, which reports wall time and peak RSS. Legislators come from
../shared/data when present (all 537 members get letters), else letters are
addressed by district.

Usage: python bench/stories_bench.py [--sizes 1000 10000 100000]
Writes bench/out/stories.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "advocacy"]
AREAS = ["covid_relief", "connectivity", "remote_learning", "jobs", "government_services",
         "health_information", "digital_inclusion", "programs"]
WORDS = ["library", "hotspot", "laptop", "families", "students", "seniors", "job", "résumé",
         "census", "vaccine", "trusted", "information", "“lifeline”", "—", "programs",
         "children", "reading", "Wi-Fi", "parking", "lot"]


def run(args, env, **kwargs):
    return subprocess.run(args, env=env, check=True, capture_output=True, text=True, **kwargs)


def generate(env: dict, count: int) -> None:
    """Insert ``count`` approved, shared stories spread over real districts."""
    os.environ.update(env)
    from sqlalchemy import insert

    from advocacy import create_app
    from advocacy.extensions import db
    from advocacy.legislators.models import ZipDistrict
    from advocacy.stories.models import Story, StoryConsent, StoryImpactArea

    rng = random.Random(42)
    app = create_app()
    with app.app_context():
        places = [(z, s, d) for z, s, d in db.session.execute(
            db.select(ZipDistrict.zcta, ZipDistrict.state, ZipDistrict.district)).all()] or [
            ("10001", "NY", 12), ("94110", "CA", 11), ("35005", "AL", 7)]
        start = datetime(2026, 5, 4, tzinfo=UTC)
        batch = 5000
        for offset in range(0, count, batch):
            stories, consents, areas = [], [], []
            for n in range(offset, min(offset + batch, count)):
                zcta, state, district = rng.choice(places)
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
                stories.append({"id": n + 1, "author_name": f"Advocate {n}",
                                "email": f"a{n}@example.org", "library": "Public Library",
                                "city": "Town", "state": state, "zip": zcta,
                                "district": district, "title": f"Story {n}", "body": body,
                                "status": "approved", "moderation_note": "",
                                "created_at": start + timedelta(seconds=n),
                                "updated_at": start + timedelta(seconds=n)})
                consents.append({"story_id": n + 1, "kind": "share", "policy_version": "b",
                                 "granted_at": start})
                areas.append({"story_id": n + 1, "area": rng.choice(AREAS)})
            db.session.execute(insert(Story), stories)
            db.session.execute(insert(StoryConsent), consents)
            db.session.execute(insert(StoryImpactArea), areas)
            db.session.commit()


def timed_export(env: dict, fmt: str, out: Path) -> dict:
    result = subprocess.run(["/usr/bin/time", "-v", *FLASK, "stories", "export", "--format",
                             fmt, "--out", str(out)], env=env, capture_output=True, text=True,
                            check=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    hours, minutes, seconds = wall.groups()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return {"seconds": round(int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds), 2),
            "peak_rss_mb": round(rss / 1024, 1), "bytes": out.stat().st_size}


def chart(results: list[dict]) -> str:
    """An SVG line chart: seconds for each export against stories (log scale)."""
    import math

    width, height, left, bottom, top, right = 560, 300, 60, 40, 20, 150
    sizes = [r["stories"] for r in results]
    most = max(max(r["csv"]["seconds"], r["letters"]["seconds"]) for r in results) or 1
    low, high = math.log10(min(sizes)), math.log10(max(sizes))

    def x(size):
        span = (high - low) or 1
        return left + (math.log10(size) - low) / span * (width - left - right)

    def y(seconds):
        return height - bottom - seconds / most * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             'role="img" aria-labelledby="t"><title id="t">Export time against the number '
             'of stories</title><style>text{font:12px sans-serif}</style>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" '
             f'y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
             f'<text x="{left - 8}" y="{top + 4}" text-anchor="end">{most:.1f} s</text>',
             f'<text x="{left - 8}" y="{height - bottom + 4}" text-anchor="end">0</text>']
    for size in sizes:
        parts.append(f'<text x="{x(size):.0f}" y="{height - bottom + 18}" '
                     f'text-anchor="middle">{size:,}</text>')
    for key, label, colour in (("csv", "CSV", "#0b5c8c"), ("letters", "letters", "#b3261e")):
        points = " ".join(f"{x(r['stories']):.1f},{y(r[key]['seconds']):.1f}" for r in results)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     'stroke-width="2"/>')
        last = results[-1]
        parts.append(f'<text x="{x(last["stories"]) + 8:.0f}" '
                     f'y="{y(last[key]["seconds"]) + 4:.0f}" fill="{colour}">{label} '
                     f'{last[key]["seconds"]} s, {last[key]["peak_rss_mb"]} MB</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" '
                 'text-anchor="middle">stories (log scale)</text></svg>')
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="folder for the JSON results")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        instance = tempfile.mkdtemp(prefix="advocacy-stories-bench-")
        env = {**os.environ, "ADVOCACY_INSTANCE_PATH": instance,
               "ADVOCACY_LOG_LEVEL": "WARNING"}
        env.pop("ADVOCACY_DATABASE_URL", None)
        run([*FLASK, "db", "upgrade"], env)
        if SHARED.is_dir():
            run([*FLASK, "legislators", "import", "--source", str(SHARED)], env)
        began = time.perf_counter()
        generate(env, size)
        generated = time.perf_counter() - began
        out = Path(instance)
        row = {"stories": size, "generate_seconds": round(generated, 1),
               "csv": timed_export(env, "csv", out / "stories.csv"),
               "letters": timed_export(env, "letters-txt", out / "letters.txt")}
        row["letters"]["letters"] = (out / "letters.txt").read_text().count("\f") + 1
        results.append(row)
        print(f"{size:>7} stories: CSV {row['csv']['seconds']:6.2f} s "
              f"{row['csv']['peak_rss_mb']:6.1f} MB | letters ({row['letters']['letters']}) "
              f"{row['letters']['seconds']:6.2f} s {row['letters']['peak_rss_mb']:6.1f} MB",
              flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "stories.json").write_text(json.dumps(results, indent=2))
    if len(results) > 1:  # the chart docs/performance.md shows
        (ROOT / "docs" / "img" / "export-growth.svg").write_text(chart(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
