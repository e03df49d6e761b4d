"""Real servers for the tests that need them: gunicorn serving the app, and Redis."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from .pg_cluster import free_port

BIN = Path(sys.executable).parent


def prepared_env(tmp_path: Path, database_url: str, **settings: str) -> dict:
    """Environment for an instance in ``tmp_path`` with the schema and the demo loaded."""
    env = {**os.environ, "ADVOCACY_INSTANCE_PATH": str(tmp_path),
           "ADVOCACY_DATABASE_URL": database_url,
           **{f"ADVOCACY_{k}": v for k, v in settings.items()}}
    flask = [str(BIN / "flask"), "--app", "advocacy"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo", "load"], env=env, check=True, capture_output=True)
    return env


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, workers: int = 2, *extra: str):
    """gunicorn with the project's config on 127.0.0.1; yields the base URL."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:advocacy.gunicorn_conf", *extra,
             "-w", str(workers), "-b", f"127.0.0.1:{port}", "advocacy:create_app()"],
            env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(base + "/healthz", timeout=2)
                break
            except requests.RequestException:  # not listening, or workers still booting
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn did not answer; see {log}")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@contextlib.contextmanager
def redis_server(tmp_path: Path):
    """A throwaway redis-server on 127.0.0.1 (no persistence); yields its URL, or None
    when redis-server is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                       timeout=0.2):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def tasks_worker(env: dict, log: Path, threads: int = 1) -> subprocess.Popen:
    """A `flask tasks worker` process (the caller stops or kills it)."""
    with log.open("a") as out:
        return subprocess.Popen([str(BIN / "flask"), "--app", "advocacy", "tasks", "worker",
                                 "--workers", str(threads)], env=env, stdout=out,
                                stderr=subprocess.STDOUT)
