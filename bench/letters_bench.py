"""Letters export benchmark: every letter format, for every legislator, from 100,000
approved stories of which 50,000 were already delivered to their legislators; then the
PDF for one state's two senators from 20,000 stories. Each export runs in a process
of its own (as the background worker would), so its peak RSS is its own. Also times
the requests a coordinator makes meanwhile (the stories list with its counts, the
legislators page, and asking for the PDF), none of which may wait on the export.

Usage: python bench/letters_bench.py [--stories 100000] [--delivered 50000]
       [--state-stories 20000] [--formats txt html csv zip pdf]
Needs ../shared/data (the legislator data). Writes bench/out/letters.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway database's account)
BODY = ("When the branch lent out hotspots, families who had no internet at home could fill "
        "in job applications, and seniors learned to book vaccine appointments online. ")


def _app(instance: str):
    from advocacy import create_app

    return create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": instance, "LOG_LEVEL": "WARNING",
                       "DATABASE_URL": f"sqlite:///{instance}/bench.sqlite3"})


def build(instance: str, stories: int, delivered: int, only_state: str | None) -> dict:
    """A database with the legislators and ``stories`` approved, shared stories (of
    ``only_state``, or spread over every House seat); the first ``delivered`` of them
    delivered to all their legislators."""
    from sqlalchemy import insert

    from advocacy.accounts.services import create_user
    from advocacy.database import utcnow
    from advocacy.extensions import db
    from advocacy.legislators.models import Legislator
    from advocacy.stories.models import DeliveredStory, LetterDelivery, Story, StoryConsent

    app = _app(instance)
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["legislators", "import", "--source",
                                                    str(SHARED)])
        assert result.exit_code == 0, result.output
        create_user("organizer@example.org", PASSWORD, "organizer")
        members = db.session.execute(db.select(Legislator.bioguide_id, Legislator.chamber,
                                               Legislator.state, Legislator.district)).all()
        seats = sorted({(s, d) for _, chamber, s, d in members if chamber == "house"
                        and (only_state is None or s == only_state)})
        rng = random.Random(7)
        places = [rng.choice(seats) for _ in range(stories)]
        ids: list[int] = []
        for start in range(0, stories, 5000):
            ids += db.session.execute(insert(Story).returning(Story.id), [
                {"author_name": f"Advocate {n}", "email": f"a{n}@example.org",
                 "library": "Main Library", "city": "Springfield", "state": state, "zip": "00000",
                 "district": district, "title": f"Story {n}",
                 "body": BODY * rng.randint(1, 3), "status": "approved"}
                for n, (state, district) in enumerate(places[start:start + 5000], start)
            ]).scalars().all()
        for start in range(0, stories, 10000):
            db.session.execute(insert(StoryConsent), [
                {"story_id": story_id, "kind": "share", "policy_version": "bench"}
                for story_id in ids[start:start + 10000]])
        keys: dict[tuple, list[str]] = {}
        for key, chamber, state, district in members:
            keys.setdefault((state, None) if chamber == "senate" else (state, district),
                            []).append(key)
        deliveries: dict[str, int] = {}
        rows = []
        for story_id, (state, district) in zip(ids[:delivered], places, strict=False):
            for key in keys.get((state, district), []) + keys.get((state, None), []):
                if key not in deliveries:
                    delivery = LetterDelivery(recipient_key=key, recipient_name=key,
                                              chamber="house", state=state, district=district,
                                              method="email", delivered_at=utcnow())
                    db.session.add(delivery)
                    db.session.flush()
                    deliveries[key] = delivery.id
                rows.append({"delivery_id": deliveries[key], "story_id": story_id,
                             "recipient_key": key})
        for start in range(0, len(rows), 20000):
            db.session.execute(insert(DeliveredStory), rows[start:start + 20000])
        db.session.commit()
        return {"stories": stories, "delivered": delivered, "delivered_rows": len(rows)}


def child(instance: str, fmt: str, senators_of: str | None) -> None:
    """One export, in this process; prints its figures as JSON."""
    from advocacy.stories import export_jobs, letter_exports
    from advocacy.stories.letter_pdf import write_letters
    from advocacy.stories.moderation import StoryFilter

    app = _app(instance)
    out = Path(instance) / f"letters.{fmt}"
    letters_done = [0]

    def progress(done: int) -> None:
        letters_done[0] = done

    with app.app_context():
        started = time.perf_counter()
        if senators_of:
            selection = letter_exports.Selection(story_filter=StoryFilter(state=senators_of))
            senators = (letter for letter in letter_exports.letters(selection)
                        if letter.recipient.chamber == "senate")
            with out.open("wb") as handle:
                letters_done[0] = write_letters(
                    handle, senators, Path(app.static_folder) / "fonts", "Letters", "Bench")
        else:
            export_jobs.write_export(fmt, letter_exports.Selection(), out, progress)
        seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    print(json.dumps({"format": fmt, "seconds": round(seconds, 2), "peak_rss_mb": round(peak),
                      "letters": letters_done[0], "bytes": out.stat().st_size}))


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM; getrusage's maximum would include the parent's
    pages at the fork that started this process)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(instance: str, fmt: str, senators_of: str | None = None) -> dict:
    command = [sys.executable, __file__, "--child", instance, fmt]
    if senators_of:
        command += ["--senators-of", senators_of]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def requests_meanwhile(instance: str) -> dict:
    """How long the coordinator's pages take at this size (in process)."""
    app = _app(instance)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "email": "organizer@example.org",
                                "password": PASSWORD})
    figures = {}
    for name, url in (("stories_list", "/coordinate/stories/"),
                      ("legislators_page", "/coordinate/letters/"),
                      ("one_senator_letter_page", "/coordinate/letters/S000148")):
        started = time.perf_counter()
        status = client.get(url).status_code
        figures[name] = {"seconds": round(time.perf_counter() - started, 3), "status": status}
    page = client.get("/coordinate/stories/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    response = client.post("/coordinate/stories/letters.pdf", data={"csrf_token": token})
    figures["ask_for_pdf"] = {"seconds": round(time.perf_counter() - started, 3),
                              "status": response.status_code,
                              "to": response.headers.get("Location", "")}
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--delivered", type=int, default=50_000)
    parser.add_argument("--state-stories", type=int, default=20_000)
    parser.add_argument("--formats", nargs="+", default=["txt", "html", "csv", "zip", "pdf"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--child", nargs=2, metavar=("INSTANCE", "FORMAT"))
    parser.add_argument("--senators-of")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.senators_of)
        return 0
    results: dict = {}
    everyone = tempfile.mkdtemp(prefix="advocacy-letters-bench-")
    started = time.perf_counter()
    results["all_legislators"] = build(everyone, args.stories, args.delivered, None)
    results["all_legislators"]["build_seconds"] = round(time.perf_counter() - started, 1)
    results["all_legislators"]["requests"] = requests_meanwhile(everyone)
    results["all_legislators"]["exports"] = [run_child(everyone, fmt) for fmt in args.formats]
    one_state = tempfile.mkdtemp(prefix="advocacy-letters-bench-ny-")
    results["one_state_senators"] = build(one_state, args.state_stories, 0, "NY")
    results["one_state_senators"]["exports"] = [run_child(one_state, "pdf", "NY")]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "letters.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
