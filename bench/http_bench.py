"""Throughput of Advocacy pages under gunicorn, as ratios to a bare WSGI hello-world.

Each target is served in turn by the same gunicorn configuration (``-w 2``,
sync workers, 127.0.0.1) and loaded by ``wrk`` for a bounded time:

- ``bare``: a WSGI function returning "Hello, world!" (the ceiling);
- ``flask``: a Flask hello-world;
- ``home``: the anonymous front page, ``/`` (the demo week live, today first);
- ``week``: the anonymous published demo week page (the same);
- ``day``: the demo week's first day page for a participant with progress
  (a signed participant cookie, three actions ticked): personal, never cached;
- ``story_form``: GET the story form as that participant, pre-filled with what they
  typed before (name, email, library, city, state, ZIP): personal, never cached;
- ``tick``: POST a tick, each a new participant-action pair (bench/lua/post.lua);
- ``story``: POST a story, each unique (same script).

The targets are measured in turn, ``--rounds`` times over (interleaved, so a slow
spell of this shared machine touches every target alike), and each target's
median round is reported; its ratio is that median over the bare ceiling's.

Usage: python bench/http_bench.py [--duration 6] [--rounds 3] [--connections 32]
Writes bench/out/http.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: `bench` is importable as a package
from tests.pg_cluster import free_port  # noqa: E402  (one helper for every server)

BIN = Path(sys.executable).parent
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def live_start() -> str:
    """A start date that makes the demo week live: its second day is today (in its zone)."""
    from datetime import UTC, datetime, timedelta

    from advocacy.demo.loader import demo_data
    from advocacy.weeks.timezones import date_in_zone

    today = date_in_zone(datetime.now(UTC), demo_data()["week"]["timezone"])
    return (today - timedelta(days=1)).isoformat()


def participant_cookie(env: dict) -> tuple[str, str]:
    """A participant with progress in the bench database: (cookie header, day path)."""
    os.environ["ADVOCACY_INSTANCE_PATH"] = env["ADVOCACY_INSTANCE_PATH"]
    from advocacy import create_app
    from advocacy.accounts.details import remember_details
    from advocacy.accounts.models import Participant
    from advocacy.accounts.participants import _serializer
    from advocacy.checklists.services import tick
    from advocacy.extensions import db
    from advocacy.weeks.services import published_week

    app = create_app()
    with app.app_context():
        week = published_week("nllw-from-home")
        participant = Participant()
        remember_details(participant, name="Ada Lovelace", email="ada@example.org",
                         library="Albany Public Library", city="Albany", state="NY",
                         zip="12207")
        db.session.add(participant)
        db.session.flush()
        for action in [a for d in week.days for a in d.actions][:3]:
            tick(participant.id, action.id)
        db.session.commit()
        with app.test_request_context():
            value = _serializer().dumps(participant.token)
        path = f"/weeks/{week.slug}/{week.days[0].date.isoformat()}"
    return f"Cookie: {app.config['PARTICIPANT_COOKIE_NAME']}={value}", path


def serve(app_spec: str, env: dict, workers: int):
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--chdir", str(ROOT), app_spec],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def run_wrk(url: str, duration: int, connections: int, header: str | None = None) -> dict:
    extra = ["-H", header] if header else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s",
         *extra, url],
        check=True, capture_output=True, text=True, timeout=duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": float(p50.group(1)) * UNITS[p50.group(2)],
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)],
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def measure(name, spec, path, header, env, args, pools, script, offset: int,
            servers: dict | None = None) -> dict:
    """One round of one target: a fresh gunicorn (or, given ``servers``, the one already
    serving ``spec``), a warm-up, the measured wrk run. POST targets start at
    ``offset`` in their pool, so no two runs send one request."""
    from bench.load_bench import wrk  # load_bench imports this module

    shared = servers is not None
    if shared and spec in servers:
        process, base = servers[spec]
    else:
        process, base = serve(spec, env, args.workers)
        if shared:
            servers[spec] = (process, base)
    try:
        if name in pools:
            if args.warmup:
                wrk(base, args.warmup, args.connections, script, pools[name], offset=offset)
            measured = wrk(base, args.duration, args.connections, script, pools[name],
                           offset=offset + 1000)
            measured["non_2xx"] = measured["client_errors"] + measured["server_errors"]
            return measured
        if args.warmup:
            run_wrk(base + path, args.warmup, args.connections, header)
        return run_wrk(base + path, args.duration, args.connections, header)
    finally:
        if not shared:
            stop(process)


def stop(process) -> None:
    process.terminate()
    process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=6, help="seconds per target and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shared-servers", action="store_true",
                        help="one gunicorn per app for all its targets of a round (quicker; "
                        "the default starts a fresh one per target)")
    parser.add_argument("--participants", type=int, default=8000,
                        help="participants in the pools of the POST targets")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up (0: none)")
    parser.add_argument("--targets", default="",
                        help="comma-separated targets to measure (bare always is); all if empty")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="folder for the JSON results")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2

    instance = tempfile.mkdtemp(prefix="advocacy-bench-")
    env = {**os.environ, "ADVOCACY_INSTANCE_PATH": instance, "ADVOCACY_LOG_LEVEL": "WARNING"}
    env.pop("ADVOCACY_DATABASE_URL", None)
    env["ADVOCACY_STORY_RATE_LIMIT"] = "100000000 per hour"  # measure the work, not the limit
    from bench.load_bench import prepare, write_pool

    pool = prepare(env, participants=args.participants, start=live_start())
    cookie, day_path = participant_cookie(env)
    pools = {}
    for kind in ("tick", "story"):
        pools[kind] = Path(instance) / f"pool-{kind}.lua"
        write_pool(pool, kind, pools[kind])

    targets = [
        ("bare", "bench.hello_apps:bare", "/", None),
        ("flask", "bench.hello_apps:flask_hello", "/", None),
        ("home", "advocacy:create_app()", "/", None),
        ("week", "advocacy:create_app()", "/weeks/nllw-from-home", None),
        ("day", "advocacy:create_app()", day_path, cookie),
        ("story_form", "advocacy:create_app()", "/stories/new", cookie),
        ("tick", "advocacy:create_app()", "/", None),
        ("story", "advocacy:create_app()", "/", None),
    ]
    if args.targets:
        wanted = {"bare", *args.targets.split(",")}
        targets = [target for target in targets if target[0] in wanted]
    runs: dict[str, list[dict]] = {name: [] for name, *_ in targets}
    script = ROOT / "bench" / "lua" / "post.lua"
    for round_no in range(args.rounds):
        servers = {} if args.shared_servers else None
        try:
            for name, spec, path, header in targets:
                runs[name].append(measure(name, spec, path, header, env, args, pools, script,
                                          offset=round_no * 2500, servers=servers))
        finally:
            for process, _base in (servers or {}).values():
                stop(process)
    shutil.rmtree(instance, ignore_errors=True)

    results = {}
    for name, measured in runs.items():
        median = sorted(measured, key=lambda r: r["rps"])[len(measured) // 2]
        results[name] = {**median, "rounds_rps": [round(r["rps"]) for r in measured]}
    ceiling = results["bare"]["rps"]
    for result in results.values():
        result["ratio"] = round(result["rps"] / ceiling, 3)
    meta = {"workers": args.workers, "connections": args.connections,
            "duration_s": args.duration, "rounds": args.rounds, "cpus": os.cpu_count(),
            "python": sys.version.split()[0], "when": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                    time.gmtime())}
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "http.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    print(f"gunicorn -w {args.workers} sync, wrk -c{args.connections} {args.duration}s, "
          f"median of {args.rounds} interleaved rounds")
    print(f"{'target':8} {'req/s':>9} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>7}"
          "  rounds (req/s)")
    for name, r in results.items():
        print(f"{name:8} {r['rps']:9.0f} {r['ratio']:6.2f} {r['p50_ms']:7.2f} "
              f"{r['p99_ms']:7.2f} {r['non_2xx']:7d}  {r['rounds_rps']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
