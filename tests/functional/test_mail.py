"""Mail transport: a real SMTP server on 127.0.0.1, the .eml folder, and bad input."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from advocacy.mail.messages import compose, send
from advocacy.mail.transport import MailURLError, mail_settings

from ..mail_server import MailServer, tls_server
from ..pg_cluster import free_port


def relay_url(server: MailServer) -> str:
    return f"smtp://127.0.0.1:{server.port}?starttls=0"


def test_a_test_message_reaches_a_real_smtp_server_with_both_parts(make_app):
    with MailServer() as server:
        app = make_app(MAIL_URL=relay_url(server), MAIL_FROM="Advocacy <week@example.org>",
                       MAIL_REPLY_TO="help@example.org")
        result = app.test_cli_runner().invoke(args=["mail", "test", "ada@example.org"])
        assert result.exit_code == 0, result.output
        assert f"127.0.0.1:{server.port}: accepted" in result.output
        (received,) = server.messages
    message = received.message
    assert received.recipients == ["ada@example.org"]
    assert message["From"] == "Advocacy <week@example.org>"
    assert message["Reply-To"] == "help@example.org"
    assert message["Message-ID"].endswith("@example.org>") and message["Date"]
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert "mail works" in message.get_body(("plain",)).get_content()
    assert "<h1" in message.get_body(("html",)).get_content()


def test_names_and_subjects_stay_one_line_and_utf8(make_app):
    with MailServer() as server:
        app = make_app(MAIL_URL=relay_url(server))
        with app.app_context():
            send(compose("jose@example.org", "Hola\r\nBcc: victim@example.org\r\n" + "x" * 500,
                         "mail/test", name="José Núñez\nBcc: evil@example.org", where="here"))
        (received,) = server.messages
    message = received.message
    assert received.recipients == ["jose@example.org"]  # no Bcc crept in
    headers = received.data.decode("utf-8").replace("\r\n", "\n").split("\n\n")[0]
    assert headers.isascii()  # names and subjects go encoded (RFC 2047)
    assert not [line for line in headers.splitlines() if line.lower().startswith("bcc")]
    subject = " ".join(str(message["Subject"]).split())  # long headers are folded
    assert subject.startswith("Hola Bcc: victim@example.org") and len(subject) <= 200
    assert message["To"].addresses[0].display_name == "José Núñez Bcc: evil@example.org"
    assert "José Núñez" in message.get_body(("plain",)).get_content()


def test_starttls_and_auth_with_a_verified_certificate(make_app, tmp_path):
    with tls_server(tmp_path, "mailer", "s3cret pass") as server:
        url = f"smtp://mailer:s3cret%20pass@127.0.0.1:{server.port}"
        app = make_app(MAIL_URL=url, MAIL_CA_FILE=str(server.certificate))
        result = app.test_cli_runner().invoke(args=["mail", "test", "ada@example.org"])
        assert result.exit_code == 0, result.output
        assert len(server.messages) == 1
        # The same server, unknown to the CA bundle: refused, not sent in the clear.
        unverified = make_app(MAIL_URL=url)
        result = unverified.test_cli_runner().invoke(args=["mail", "test", "ada@example.org"])
        assert result.exit_code == 1 and "certificate verify failed" in result.output
        assert len(server.messages) == 1


def test_a_wrong_smtp_password_is_reported(make_app, tmp_path):
    with tls_server(tmp_path, "mailer", "right") as server:
        app = make_app(MAIL_URL=f"smtp://mailer:wrong@127.0.0.1:{server.port}",
                       MAIL_CA_FILE=str(server.certificate))
        result = app.test_cli_runner().invoke(args=["mail", "test", "ada@example.org"])
        assert result.exit_code == 1 and "535" in result.output, result.output
        assert server.messages == []


def test_a_refusal_and_an_unreachable_server_are_reported(make_app):
    with MailServer() as server:
        server.handler.reply = "550 5.1.1 Mailbox unavailable"
        app = make_app(MAIL_URL=relay_url(server))
        result = app.test_cli_runner().invoke(args=["mail", "test", "gone@example.org"])
        assert result.exit_code == 1
        assert "550" in result.output and "Mailbox unavailable" in result.output
    nobody = make_app(MAIL_URL=f"smtp://127.0.0.1:{free_port()}?starttls=0")
    result = nobody.test_cli_runner().invoke(args=["mail", "test", "ada@example.org"])
    assert result.exit_code == 1 and "Could not send" in result.output


def test_the_default_writes_eml_files_into_instance_mail(make_app):
    app = make_app()  # MAIL_URL's default: file://instance/mail
    result = app.test_cli_runner().invoke(args=["mail", "test", "ada@example.org"])
    assert result.exit_code == 0, result.output
    folder = Path(app.config["MAIL_FILE_PATH"])
    assert folder == Path(app.instance_path) / "mail"
    (path,) = list(folder.glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ada@example.org"
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None


@pytest.mark.parametrize(("url", "problem"), [
    ("ftp://host", "must be"), ("smtp://", "must be"), ("smtp://host:notaport", "port"),
])
def test_a_bad_mail_url_is_refused_with_a_clear_message(url, problem):
    with pytest.raises(MailURLError, match=problem):
        mail_settings(url, "/srv/instance")


def test_mail_urls_read_as_expected():
    assert mail_settings("smtps://u:p@mail.example.org", "/srv/instance")["MAIL_PORT"] == 465
    plain = mail_settings("smtp://relay.local:25?starttls=0", "/srv/instance")
    assert (plain["MAIL_USE_TLS"], plain["MAIL_USE_SSL"], plain["MAIL_USERNAME"]) == (
        False, False, None)
    assert mail_settings("smtp://h", "/srv/instance")["MAIL_USE_TLS"] is True
    assert mail_settings("file://instance/mail", "/srv/instance")["MAIL_FILE_PATH"] == \
        "/srv/instance/mail"
