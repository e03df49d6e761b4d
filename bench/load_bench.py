"""Load without loss: wrk against gunicorn (-w 2, then -w 4) on SQLite and PostgreSQL.

For each database and worker count: GET the anonymous week page, POST ticks (each a
new participant-action pair) and POST stories (each unique), for a bounded time.
Counts per run: req/s, p50, p99, responses by class; then rows written (completions,
stories) against the successful responses, and "database is locked" in the logs.

Usage: python bench/load_bench.py [--duration 10] [--connections 16]
       [--workers 2 4] [--databases sqlite postgresql]
Writes bench/out/load.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.databases import database_url  # noqa: E402
from bench.http_bench import BIN, UNITS  # noqa: E402

STORY_FIELDS = ("author_name=Load+Tester&library=Main+Library&city=Albany&state=NY&zip=12207"
                "&impact_areas=connectivity&consent_share=y")


def prepare(env: dict, participants: int, start: str | None = None) -> dict:
    """Schema, demo week (from ``start``, else next Monday), and the pool the Lua script
    draws from (cookies, token, paths)."""
    flask = [str(BIN / "flask"), "--app", "advocacy"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo", "load", *(["--start", start] if start else [])], env=env,
                   check=True, capture_output=True)
    code = f"""
import json, re
from advocacy import create_app
from advocacy.accounts.models import Participant
from advocacy.accounts.participants import _serializer
from advocacy.extensions import db
from advocacy.weeks.services import published_week
app = create_app()
with app.app_context():
    week = published_week("nllw-from-home")
    people = [Participant() for _ in range({participants})]
    db.session.add_all(people)
    db.session.commit()
    with app.test_request_context():
        cookies = [_serializer().dumps(p.token) for p in people]
    paths = [f"/weeks/{{week.slug}}/{{d.date.isoformat()}}/actions/{{a.id}}/tick"
             for d in week.days for a in d.actions]
    client = app.test_client()
    html = client.get("/stories/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    session = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    print(json.dumps({{"cookies": cookies, "paths": paths, "token": token, "session": session,
                      "week": f"/weeks/{{week.slug}}",
                      "participant_cookie": app.config["PARTICIPANT_COOKIE_NAME"],
                      "session_cookie": app.config["SESSION_COOKIE_NAME"]}}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def write_pool(pool: dict, kind: str, path: Path) -> None:
    def lua(text: str) -> str:
        return json.dumps(text)  # a JSON string is a valid Lua string here (ASCII)

    lines = [f"kind = {lua(kind)}",
             f"session_cookie = {lua(pool['session_cookie'] + '=' + pool['session'])}",
             f"csrf_token = {lua(quote(pool['token'], safe=''))}",
             f"body_prefix = {lua(STORY_FIELDS)}",
             "participants = {" + ",".join(lua(f"{pool['participant_cookie']}={c}")
                                          for c in pool["cookies"]) + "}",
             "paths = {" + ",".join(lua(p) for p in pool["paths"]) + "}"]
    path.write_text("\n".join(lines) + "\n")


def wrk(url: str, duration: float, connections: int, script: Path | None,
        pool: Path | None, offset: int = 0) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{int(duration)}s", "--latency",
               "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True,
                            env={**os.environ, "ADVOCACY_LOAD_POOL": str(pool or ""),
                                 "ADVOCACY_LOAD_OFFSET": str(offset)},
                            timeout=duration + 120).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for name, pattern in (("p50_ms", r"50%\s+([\d.]+)(us|ms|s)"),
                          ("p99_ms", r"99%\s+([\d.]+)(us|ms|s)")):
        found = re.search(pattern, output)
        result[name] = round(float(found.group(1)) * UNITS[found.group(2)], 2)
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    outcomes = re.search(r"OUTCOMES ok=(\d+) redirects=(\d+) client_errors=(\d+) "
                         r"server_errors=(\d+)", output)
    if outcomes:
        result.update(zip(("ok", "redirects", "client_errors", "server_errors"),
                          map(int, outcomes.groups()), strict=True))
    else:
        non = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        result["non_2xx_3xx"] = int(non.group(1)) if non else 0
    return result


def count_rows(env: dict) -> dict:
    code = """
import json
from sqlalchemy import func, select
from advocacy import create_app
from advocacy.checklists.models import Completion
from advocacy.extensions import db
from advocacy.stories.models import Story
app = create_app()
with app.app_context():
    # Ticks by hand; a story also ticks its week's story action (source "story").
    ticks = select(func.count()).select_from(Completion).where(
        Completion.source_type == "manual")
    stories = select(func.count()).select_from(Story)
    print(json.dumps({"completions": db.session.execute(ticks).scalar_one(),
                      "stories": db.session.execute(stories).scalar_one()}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run(database: str, workers: int, duration: float, connections: int,
        database_url: str | None = None) -> dict:
    """One database × worker count: the three loads, rows checked against responses."""
    instance = Path(tempfile.mkdtemp(prefix="advocacy-load-"))
    env = {**os.environ, "ADVOCACY_INSTANCE_PATH": str(instance),
           "ADVOCACY_STORY_RATE_LIMIT": "100000000 per hour", "ADVOCACY_LOG_LEVEL": "WARNING",
           "ADVOCACY_WEEK_VERSION_MAX_AGE": "1.0"}
    env.pop("ADVOCACY_DATABASE_URL", None)
    if database_url:
        env["ADVOCACY_DATABASE_URL"] = database_url
    pool = prepare(env, participants=8000)  # 64,000 distinct participant-action pairs
    from tests.servers import gunicorn

    log = instance / "gunicorn.log"
    with gunicorn(env, log, workers) as base:
        results = {"week": wrk(base + pool["week"], duration, connections, None, None)}
        for kind in ("tick", "story"):
            pool_file = instance / f"pool-{kind}.lua"
            write_pool(pool, kind, pool_file)
            results[kind] = wrk(base, duration, connections, ROOT / "bench/lua/post.lua",
                                pool_file)
    rows = count_rows(env)
    text = log.read_text()
    # What the server answered (its access log), including requests still in flight when
    # wrk stopped counting: each success must be exactly one row.
    served = {"tick": len(re.findall(r'"POST /weeks/\S+/tick HTTP/1.1" 302', text)),
              "story": len(re.findall(r'"POST /stories/new HTTP/1.1" 302', text)),
              "5xx": len(re.findall(r'HTTP/1.1" 5\d\d', text))}
    return {"database": database, "workers": workers, **results, "rows": rows,
            "served_2xx_3xx": served,
            "rows_match": rows["completions"] == served["tick"]
            and rows["stories"] == served["story"],
            "database_locked": text.count("database is locked"),
            "server_errors_logged": text.count(" ERROR ")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = []
    for database in args.databases:
        with database_url(database) as url:
            for workers in args.workers:
                if url:  # a clean database for each run
                    _reset_postgres(url)
                row = run(database, workers, args.duration, args.connections, url)
                results.append(row)
                for kind in ("week", "tick", "story"):
                    r = row[kind]
                    print(f"{database:10} -w{workers} {kind:5} {r['rps']:8.0f} req/s "
                          f"p50 {r['p50_ms']:6.1f} ms p99 {r['p99_ms']:7.1f} ms "
                          f"5xx {r.get('server_errors', 0)}", flush=True)
                print(f"{'':10} rows {row['rows']} served {row['served_2xx_3xx']} "
                      f"match={row['rows_match']} "
                      f"locked={row['database_locked']}", flush=True)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "load.json").write_text(json.dumps(results, indent=2))
    ok = all(r["rows_match"] and not r["database_locked"] and
             not any(r[k].get("server_errors") for k in ("tick", "story")) for r in results)
    return 0 if ok else 1


def _reset_postgres(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


if __name__ == "__main__":
    sys.exit(main())
