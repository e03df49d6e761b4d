"""Default settings, and how the layers above them are read.

Layers, each overriding the one before:

1. the defaults in this module;
2. ``instance/config.py`` (optional, never committed);
3. environment variables named ``ADVOCACY_<SETTING>``.

Every setting that may be given in the environment is listed in ``SETTINGS``
with a one-line description; the README's configuration table is that list.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Name -> (default, description). Values from the environment are parsed as
# JSON where possible (so "1", "true", "1048576" become numbers / booleans).
SETTINGS: dict[str, tuple[object, str]] = {
    "SECRET_KEY": (None, "Signs cookies and CSRF tokens. "
                   "Generated into instance/secret_key when unset."),
    "DATABASE_URL": (None, "SQLAlchemy URL. Default: SQLite file instance/advocacy.sqlite3. "
                     "postgresql://... uses psycopg 3."),
    "INSTANCE_PATH": (None, "Folder for the SQLite database, the generated secret key "
                      "and config.py."),
    "HTTPS": (False, "1 when served over HTTPS: cookies get the Secure flag "
              "and HSTS is sent."),
    "RATELIMIT_STORAGE_URI": ("memory://", "Where rate-limit counters live "
                              "(memory:// is per worker; redis://host:port shares them)."),
    "MAX_CONTENT_LENGTH": (1024 * 1024, "Largest request body in bytes; "
                           "larger requests get 413."),
    "LOGIN_RATE_LIMIT": ("10 per 15 minutes", "Failed logins allowed per account "
                         "and per IP address."),
    "TRUSTED_PROXIES": (0, "How many reverse proxies in front of the app to trust for "
                        "X-Forwarded-For/-Proto (0: none)."),
    "STORY_RATE_LIMIT": ("10 per hour", "Stories one IP address may submit."),
    "LINK_RATE_LIMIT": ("5 per hour", "Emailed links (password reset, sign-in) one IP "
                        "address, and one address, may ask for."),
    "WEBHOOKS_ALLOW_PRIVATE": (False, "1 lets chapter webhooks call loopback, private and "
                               "link-local addresses (tests, a local receiver)."),
    "WEBHOOK_TIMEOUT": (5.0, "Seconds a webhook endpoint has to answer before the "
                        "attempt counts as failed."),
    "TASKS_URL": (None, "The background-job queue (huey): sqlite:///FILE (default: "
                  "instance/tasks.sqlite3) or redis://host:6379/0 shared by every worker."),
    "TASKS_WORKER": ("none", "in-process: this app process also runs a worker in background "
                     "threads (make run); none: run `flask tasks worker` separately."),
    "LOG_LEVEL": ("INFO", "Python logging level for the app's own log lines."),
    "PUBLIC_URL": ("http://127.0.0.1:5000", "The site's address as people reach it; links in "
                   "emails start with it (e.g. https://advocacy.example.org)."),
    "MAIL_URL": ("file://instance/mail", "Where mail goes: file://FOLDER (one .eml file per "
                 "message), smtp://user:pass@host:587 (STARTTLS; ?starttls=0 for a local "
                 "relay without TLS) or smtps://user:pass@host:465."),
    "MAIL_FROM": ("Advocacy <advocacy@localhost>", "The From: of every message."),
    "MAIL_REPLY_TO": (None, "Reply-To: of every message (none when unset)."),
    "MAIL_CA_FILE": (None, "CA bundle that verifies the SMTP server's certificate "
                     "(default: the system's CAs)."),
    "MAIL_UNSUBSCRIBE_ADDRESS": (None, "The mailbox of List-Unsubscribe's mailto "
                                 "(default: MAIL_FROM's address)."),
    "MAIL_CLAIM_TIMEOUT": (600, "Seconds after which a message a worker claimed but never "
                           "finished (the worker died) is sent again."),
    "PASSWORD_HASH_METHOD": ("scrypt", "How passwords are hashed (werkzeug's method string; "
                             "scrypt with its default cost, n=32768)."),
    "MAIL_RATE": (600, "Announcements: messages sent per minute at most (spread over the "
                  "minutes after the send time), so a large audience does not flood the "
                  "SMTP relay."),
    "ALERTS_TIMEZONE": ("America/New_York", "The zone of the organizers' daily digest for the "
                        "states without a chapter (17:00 there)."),
    "CONTACT_FORM_LIMIT": (5000, "Characters a legislator's web contact form takes: the "
                           "contact-form helper splits a letter into parts this long."),
    "LETTERS_INLINE_STORIES": (300, "Letter exports quoting more stories than this are made "
                               "in the background (progress, then a download link)."),
    "EXPORT_KEEP_HOURS": (24, "Hours a background export's file is kept for the coordinator "
                          "who asked for it."),
}


class Defaults:
    """Built-in defaults (layer 1)."""

    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session: long stories need it
    WTF_CSRF_SSL_STRICT = True
    SESSION_COOKIE_NAME = "advocacy_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PARTICIPANT_COOKIE_NAME = "advocacy_participant"
    PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 400
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_STRATEGY = "fixed-window"
    JSON_SORT_KEYS = False
    # Anonymous week pages come from a render cache; other workers notice an
    # edit within this many seconds (the worker that made it, at once).
    TASKS_IMMEDIATE = False  # huey runs each task at once, in the caller (unit tests)
    WEEK_PAGE_CACHE = True
    WEEK_VERSION_MAX_AGE = 1.0
    # ZIP → district look-ups are kept this many seconds per process (the data
    # changes only by `flask legislators import`).
    REFERENCE_MAX_AGE = 600.0


def apply_defaults(config) -> None:
    """Layer 1: class defaults plus the documented settings' defaults."""
    config.from_object(Defaults)
    for name, (default, _doc) in SETTINGS.items():
        if default is not None:
            config[name] = default


def apply_environment(config) -> None:
    """Layer 3: ``ADVOCACY_*`` variables (INSTANCE_PATH is read earlier, by the factory)."""
    config.from_prefixed_env("ADVOCACY")


def finalize(config, instance_path: str) -> None:
    """Derive the settings that depend on others once every layer is in."""
    url = config.get("DATABASE_URL") or config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + str(Path(instance_path) / "advocacy.sqlite3")
    config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(url)
    https = _truthy(config.get("HTTPS"))
    config["HTTPS"] = https
    config["SESSION_COOKIE_SECURE"] = https
    config["REMEMBER_COOKIE_SECURE"] = https
    config["PREFERRED_URL_SCHEME"] = "https" if https else "http"
    config["RATELIMIT_STORAGE_URI"] = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    config["WEBHOOKS_ALLOW_PRIVATE"] = _truthy(config.get("WEBHOOKS_ALLOW_PRIVATE"))
    config["WEBHOOK_TIMEOUT"] = float(config["WEBHOOK_TIMEOUT"])
    config["MAIL_CLAIM_TIMEOUT"] = float(config["MAIL_CLAIM_TIMEOUT"])
    config["MAIL_RATE"] = max(1, int(config["MAIL_RATE"]))
    config["TASKS_URL"] = config.get("TASKS_URL") or (
        "sqlite:///" + str(Path(instance_path) / "tasks.sqlite3"))
    if config["TASKS_WORKER"] not in ("none", "in-process"):
        raise ValueError("ADVOCACY_TASKS_WORKER must be none or in-process.")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = load_or_create_secret_key(Path(instance_path))


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` / ``postgres://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_or_create_secret_key(instance: Path) -> str:
    """Read ``instance/secret_key``, creating it (mode 0600) on first run."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)
