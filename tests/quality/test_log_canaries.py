"""No personal data in any log line, at DEBUG, in the app and in gunicorn; sign-ins and
denials are logged with user ids and UTC times; a CR/LF cannot forge a log line."""

from __future__ import annotations

import logging
import re

import requests

from advocacy.core.logging import OneLineUTCFormatter

from ..conftest import PASSWORD, csrf_from, emailed_link, login, submit
from ..seeding import seed_everything
from ..servers import gunicorn, prepared_env

CANARIES = {"email": "canary.q7x2@example.org", "name": "Zebulon Canarywick",
            "phone": "(202) 555-0187", "zip": "04609", "password": "Canary-Pass-91xq",
            "story": "Canarystorytext"}
LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        formatter = OneLineUTCFormatter(
            "%(asctime)sZ %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
        formatter.redacting = False  # the code itself must not log the canaries
        self.setFormatter(formatter)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


def leaked(text: str) -> list[str]:
    lowered = text.lower()
    found = [name for name, value in CANARIES.items() if value.lower() in lowered]
    digits = re.sub(r"\D", "", CANARIES["phone"])
    return found + (["phone digits"] if digits in re.sub(r"\D", "", text) else [])


def test_no_canary_in_any_app_log_line_at_debug(make_app):
    app = make_app(LOG_LEVEL="DEBUG", STORY_RATE_LIMIT="1000 per hour")
    capture, root = Capture(), logging.getLogger()
    watched = [root, app.logger, logging.getLogger("werkzeug")]
    saved = [(logger, logger.level) for logger in watched]
    for logger in watched:
        logger.addHandler(capture)
        logger.setLevel(logging.DEBUG)
    try:
        seeded = seed_everything(
            app, text=lambda name: f"{CANARIES['name']} {CANARIES['story']} {name}",
            email=CANARIES["email"], zip_code=CANARIES["zip"], phone=CANARIES["phone"])
        advocate = seeded.clients["participant"]
        advocate.get(f"/chapters/?zip={CANARIES['zip']}")
        submit(advocate, "/my/claim", {"email": CANARIES["email"],
                                       "password": CANARIES["password"],
                                       "confirm": CANARIES["password"]})
        link = emailed_link(app, "/my/signin/", to=CANARIES["email"])
        submit(advocate, link, {}, link)  # the account exists once its link is followed
        submit(app.test_client(), "/login/forgot", {"email": CANARIES["email"]})
        submit(app.test_client(), "/login/forgot", {"email": "x" + CANARIES["email"]})
        emailed_link(app, "/account/password/", to=CANARIES["email"])
        stranger = app.test_client()
        login(stranger, CANARIES["email"], "Wrong-" + CANARIES["password"])
        login(stranger, "nobody." + CANARIES["email"], CANARIES["password"])
        login(stranger, CANARIES["email"], CANARIES["password"])
        stranger.get("/organize/")  # denied: an advocate
        app.test_client().get("/coordinate/")  # denied: anonymous
        submit(stranger, "/my/data/export", {}, "/my/data")
        submit(stranger, "/chapters/new-york", {"name": "Forged\r\nINFO advocacy: login "
                                                "succeeded: user 1", "email": "x@example.org",
                                                "zip": "1000\r\n1", "consent": "y"})
        stranger.get("/weeks/x%0d%0aINFO%20advocacy:%20forged")
    finally:
        for logger, level in saved:
            logger.removeHandler(capture)
            logger.setLevel(level)
    assert len(capture.lines) >= 8
    assert [line for line in capture.lines if leaked(line)] == []
    assert all(LINE.match(line) for line in capture.lines)
    assert not any(line.split(": ", 1)[-1].startswith("INFO advocacy") for line in capture.lines)
    messages = [line.split(": ", 1)[1] for line in capture.lines if " advocacy: " in line]
    assert any(re.fullmatch(r"login succeeded: user \d+", m) for m in messages)
    assert any(re.fullmatch(r"login failed: user \d+", m) for m in messages)
    assert "login failed: unknown account" in messages
    assert any(re.fullmatch(r"access denied: user \d+ \(advocate\) to organize\.dashboard", m)
               for m in messages), messages
    assert "access denied: anonymous to coordinate.dashboard" in messages


def test_no_canary_in_gunicorn_logs(tmp_path, database_url):
    env = prepared_env(tmp_path, database_url, LOG_LEVEL="DEBUG")
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, log, 2, "--log-level", "debug") as base:
        web = requests.Session()
        web.get(f"{base}/chapters/?zip={CANARIES['zip']}&state=NY", timeout=5)
        page = web.get(f"{base}/chapters/new-york", timeout=5).text
        answer = web.post(f"{base}/chapters/new-york", timeout=5, data={
            "csrf_token": csrf_from(page), "name": CANARIES["name"], "email": CANARIES["email"],
            "zip": CANARIES["zip"], "phone": CANARIES["phone"], "consent": "y"})
        assert answer.status_code == 200 and "Welcome to" in answer.text
        page = web.get(f"{base}/login", timeout=5).text
        web.post(f"{base}/login", timeout=5, data={
            "csrf_token": csrf_from(page), "email": CANARIES["email"],
            "password": CANARIES["password"]})
        web.get(f"{base}/weeks/x%0d%0aINFO%20forged%20line", timeout=5)
        web.get(f"{base}/coordinate/?email={CANARIES['email']}", timeout=5)
    text = log.read_text()
    assert '"GET /chapters/ HTTP/1.1" 200' in text  # the access log ran, without the query
    assert leaked(text) == []
    assert not any(line.startswith("INFO forged") for line in text.splitlines())
    assert PASSWORD not in text
