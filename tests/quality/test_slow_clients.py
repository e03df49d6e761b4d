"""Slow clients cannot take the site down (issue 14, item 5): behind the nginx
configuration in deploy/ (Debian's nginx, in front of gunicorn -w 2 sync workers), 50
connections that dribble a header line every 2 s leave /healthz answering promptly.
Without the proxy two such connections held both workers (/healthz waited 32 s)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from ..conftest import BACKEND, required
from ..servers import free_port, gunicorn, prepared_env

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "advocacy.conf"
SLOW_CLIENTS = 50


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def start_nginx(tmp_path: Path, upstream: str) -> tuple[subprocess.Popen, str]:
    tmp_path.mkdir()
    port = free_port()
    site = SITE.read_text()
    for name, value in (("ADVOCACY_UPSTREAM", upstream), ("ADVOCACY_LISTEN",
                        f"127.0.0.1:{port}"), ("ADVOCACY_STATIC_ROOT", str(ROOT))):
        site = site.replace("${" + name + "}", value)
    (tmp_path / "site.conf").write_text(site)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
    (tmp_path / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
""")
    process = subprocess.Popen([nginx_binary(), "-c", str(tmp_path / "nginx.conf"),
                                "-p", str(tmp_path)], stderr=subprocess.STDOUT,
                               stdout=(tmp_path / "nginx.out").open("w"))
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/healthz", timeout=2)
            return process, base
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError((tmp_path / "nginx.out").read_text())


def dribble(port: int, stop: threading.Event, opened: list) -> None:
    """Open a request and send one more header line every 2 s, never finishing it."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET /weeks/ HTTP/1.1\r\nHost: localhost\r\n")
        opened.append(sock)
        n = 0
        while not stop.wait(2):
            n += 1
            sock.sendall(f"X-Slow-{n}: a\r\n".encode())
    except OSError:
        return


@pytest.mark.skipif(BACKEND != "sqlite", reason="the proxy, not the database, is tested: "
                                              "the SQLite pass runs it")
def test_fifty_slow_clients_leave_healthz_answering(tmp_path, database_url):
    if nginx_binary() is None:
        if required("nginx"):
            pytest.fail("nginx not found and REQUIRE_NGINX=1")
        pytest.skip("nginx not found")
    env = prepared_env(tmp_path, database_url)
    with gunicorn(env, tmp_path / "gunicorn.log", 2) as app_base:
        process, base = start_nginx(tmp_path / "nginx", app_base.removeprefix("http://"))
        stop, opened = threading.Event(), []
        port = int(base.rsplit(":", 1)[1])
        threads = [threading.Thread(target=dribble, args=(port, stop, opened), daemon=True)
                   for _ in range(SLOW_CLIENTS)]
        try:
            for thread in threads:
                thread.start()
            time.sleep(1)
            assert len(opened) == SLOW_CLIENTS
            waits = []
            for _ in range(6):  # over 4 s: each slow client has sent two more lines
                started = time.monotonic()
                answer = requests.get(base + "/healthz", timeout=10)
                waits.append(time.monotonic() - started)
                assert answer.status_code == 200 and answer.json()["database"] == "ok"
                time.sleep(0.6)
            # Not a speed target: the outage this prevents is tens of seconds.
            assert max(waits) < 1, waits
            page = requests.get(base + "/static/css/app.css", timeout=5)
            assert page.status_code == 200 and "text/css" in page.headers["Content-Type"]
        finally:
            stop.set()
            for sock in opened:
                sock.close()
            process.terminate()
            process.wait(timeout=10)
