"""Where mail goes, from one URL setting, through Flask-Mailman.

- ``file://instance/mail`` (the default): one ``.eml`` file per message, which any
  mail program opens (a relative path is taken from the instance folder's parent,
  so the default lands in ``instance/mail``);
- ``smtp://user:password@host:587``: SMTP with STARTTLS, the server's certificate
  verified (against ``ADVOCACY_MAIL_CA_FILE`` when given, else the system's CAs);
  ``?starttls=0`` for a relay on this machine that offers no TLS;
- ``smtps://user:password@host:465``: SMTP over TLS, verified the same way.
"""

from __future__ import annotations

import smtplib
import ssl
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import Flask, current_app
from flask_mailman import Mail
from flask_mailman.backends.base import BaseEmailBackend
from flask_mailman.backends.smtp import EmailBackend as MailmanSMTPBackend

mail = Mail()


class MailURLError(ValueError):
    """ADVOCACY_MAIL_URL is not a mail URL this app understands."""


def mail_settings(url: str, instance_path: str) -> dict:
    """The MAIL_* settings Flask-Mailman reads, from ``url``."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        folder = Path(unquote(parts.netloc + parts.path))
        if not folder.is_absolute():
            folder = Path(instance_path).parent / folder
        return {"MAIL_BACKEND": f"{__name__}.EmlFileEmailBackend", "MAIL_FILE_PATH": str(folder)}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailURLError("ADVOCACY_MAIL_URL must be file://FOLDER, smtp://HOST:PORT or "
                           "smtps://HOST:PORT (user and password before the host).")
    secure = parts.scheme == "smtps"
    starttls = not secure and parse_qs(parts.query).get("starttls", ["1"])[0] not in (
        "0", "false", "no")
    try:
        port = parts.port or (465 if secure else 587)
    except ValueError as error:
        raise MailURLError("The port in ADVOCACY_MAIL_URL is not a number.") from error
    return {"MAIL_BACKEND": f"{__name__}.VerifiedSmtpEmailBackend", "MAIL_SERVER": parts.hostname,
            "MAIL_PORT": port, "MAIL_USERNAME": unquote(parts.username or "") or None,
            "MAIL_PASSWORD": unquote(parts.password or "") or None,
            "MAIL_USE_SSL": secure, "MAIL_USE_TLS": starttls, "MAIL_TIMEOUT": 10}


def init_mail(app: Flask) -> None:
    """Configure Flask-Mailman from ADVOCACY_MAIL_URL and bind it to the app."""
    app.config.update(mail_settings(app.config["MAIL_URL"], app.instance_path))
    mail.init_app(app)


def _verifying_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_CA_FILE") or None)


class VerifiedSmtpEmailBackend(MailmanSMTPBackend):
    """Flask-Mailman's SMTP backend, with STARTTLS that verifies the server's
    certificate (smtplib's default STARTTLS context checks nothing)."""

    @property
    def ssl_context(self):
        return _verifying_context()

    def open(self):
        if self.connection:
            return False
        params = {"timeout": self.timeout} if self.timeout is not None else {}
        if self.use_ssl:
            params["context"] = self.ssl_context
        try:
            self.connection = self.connection_class(self.host, self.port, **params)
            if not self.use_ssl and self.use_tls:
                self.connection.starttls(context=self.ssl_context)
            if self.username and self.password:
                self.connection.login(self.username, self.password)
            return True
        except (OSError, smtplib.SMTPException):
            self.connection = None
            if not self.fail_silently:
                raise
            return False


class EmlFileEmailBackend(BaseEmailBackend):
    """Writes each message to ``MAIL_FILE_PATH/<time>-<id>.eml``, as sent on the wire."""

    def send_messages(self, email_messages) -> int:
        folder = Path(current_app.config["MAIL_FILE_PATH"])
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}.eml"
            (folder / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent
