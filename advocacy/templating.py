"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, request


def format_time(value: datetime) -> str:
    """4:00 PM EDT — the time with its zone abbreviation."""
    return value.strftime("%-I:%M %p %Z")


def format_day(value) -> str:
    """Monday, May 4"""
    return value.strftime("%A, %B %-d")


def format_date(value) -> str:
    """May 4, 2020"""
    return value.strftime("%B %-d, %Y")


def minutes_label(minutes: int) -> str:
    """"5 minutes", "1 minute", "1 h 30 min"."""
    if minutes < 60:
        return f"{minutes} minute" + ("" if minutes == 1 else "s")
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "")


def phone_label(e164: str | None) -> str:
    """A stored E.164 number as people write it: (202) 555-0143, or +44 20 7946 0958."""
    import phonenumbers

    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    style = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 1
             else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, style)


def static_url(filename: str) -> str:
    """``url_for('static', filename=...)`` without the URL map (every page asks 4+ times)."""
    return f"{request.script_root}{current_app.static_url_path}/{filename}"


def register_templating(app: Flask) -> None:
    """Install the filters above."""
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.filters.update(
        time=format_time, day=format_day, date=format_date, minutes=minutes_label,
        phone=phone_label,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
