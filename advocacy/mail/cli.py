"""``flask mail test ADDRESS``: send one message and say what the server answered."""

from __future__ import annotations

import smtplib

import click
from flask import current_app
from flask.cli import AppGroup

from .messages import compose, send

mail_cli = AppGroup("mail", help="Mail transport.")


@mail_cli.command("test")
@click.argument("address")
def test_command(address):
    """Send a test message to ADDRESS through ADVOCACY_MAIL_URL."""
    config = current_app.config
    where = (config["MAIL_FILE_PATH"] if config["MAIL_BACKEND"].endswith("EmlFileEmailBackend")
             else f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}")
    message = compose(address, "Advocacy: test message", "mail/test", where=where)
    try:
        send(message)
    except smtplib.SMTPResponseException as error:
        answer = error.smtp_error.decode(errors="replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        raise click.ClickException(f"{where} refused it: {error.smtp_code} {answer}") from error
    except smtplib.SMTPRecipientsRefused as error:
        code, answer = next(iter(error.recipients.values()))
        raise click.ClickException(
            f"{where} refused the address: {code} {answer.decode(errors='replace')}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise click.ClickException(f"Could not send through {where}: {error}") from error
    click.echo(f"Sent to {address} through {where}: accepted.")


@mail_cli.command("unsubscribe")
@click.argument("token")
def unsubscribe_command(token):
    """Carry out an unsubscribe request that came by mail (its subject's TOKEN)."""
    from ..extensions import db
    from ..tokens import InvalidToken
    from . import unsubscribing

    try:
        hashed, mailing_list = unsubscribing.read_token(token.removeprefix("unsubscribe "))
    except InvalidToken as error:
        raise click.ClickException(error.message) from error
    unsubscribing.unsubscribe(hashed, mailing_list)
    db.session.commit()
    click.echo(f"Unsubscribed from {mailing_list}.")
