"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd's Controller)."""

from __future__ import annotations

import email
import email.policy
import ssl
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from .pg_cluster import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class Handler:
    """Keeps every message; answers ``reply`` (e.g. "550 …") instead when it is set."""

    messages: list[Received] = field(default_factory=list)
    reply: str | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.reply:
            return self.reply
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self, **smtp_options):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     **smtp_options)

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) for 127.0.0.1, made by openssl for this test only."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def tls_server(folder: Path, user: str, password: str) -> MailServer:
    """A server that requires STARTTLS, then AUTH with ``user``/``password``."""
    cert, key = self_signed_certificate(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)  # a failure gets the 535 answer

    server = MailServer(tls_context=context, require_starttls=True,
                        authenticator=authenticator, auth_required=True,
                        auth_require_tls=True)
    server.certificate = cert
    return server
