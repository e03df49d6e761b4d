"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import phonenumbers
from flask import Flask, current_app, request, url_for

from .caching import caches


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
    """``url_for('static', filename=...)``, remembered per script root and file (every
    page asks 4+ times, and the answer depends on nothing else)."""
    urls, key = caches().urls, (request.script_root, filename)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("static", filename=filename)
    return url


def format_weekday(value) -> str:
    """Monday"""
    return value.strftime("%A")


def format_month_day(value) -> str:
    """May 4"""
    return value.strftime("%B %-d")


def format_short_day(value) -> str:
    """Mon 4"""
    return value.strftime("%a %-d")


def format_short_date(value) -> str:
    """May 4, 2020 (the month abbreviated)"""
    return value.strftime("%b %-d, %Y")


def format_utc_minute(value: datetime) -> str:
    """May 4, 16:05 UTC"""
    return value.strftime("%b %-d, %H:%M UTC")


def format_utc_stamp(value: datetime) -> str:
    """May 4, 16:05:09 UTC"""
    return value.strftime("%b %-d, %H:%M:%S UTC")


def format_clock(value: datetime) -> str:
    """16:05:09"""
    return value.strftime("%H:%M:%S")


def machine_time(value: datetime) -> str:
    """2026-05-04T16:05:09+00:00: a <time datetime> value (whole seconds, as HTML allows)."""
    return value.isoformat(timespec="seconds")


def thousands(value: int) -> str:
    """12345 -> "12,345"."""
    return f"{value:,}"


def external_url(endpoint: str, **values) -> str:
    """An absolute link built from ADVOCACY_PUBLIC_URL, never from the request's Host
    header (workers have no request; a shared link must not carry a forged host)."""
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def nav_section() -> str | None:
    """The header section the current page belongs to, from its URL."""
    path = request.path
    for prefix, section in (("/organize/users", "users"), ("/organize", "organize"),
                            ("/coordinate", "coordinate"), ("/my", "my")):
        if path == prefix or path.startswith(prefix + "/"):
            return section
    return None


def register_templating(app: Flask) -> None:
    """Install the filters above."""
    app.jinja_env.globals.update(static_url=static_url, nav_section=nav_section,
                                 external_url=external_url)
    app.jinja_env.filters.update(
        time=format_time, day=format_day, date=format_date, minutes=minutes_label,
        phone=phone_label, short_day=format_short_day, short_date=format_short_date,
        weekday=format_weekday, month_day=format_month_day,
        utc_minute=format_utc_minute, utc_stamp=format_utc_stamp, clock=format_clock,
        thousands=thousands, machine_time=machine_time,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
