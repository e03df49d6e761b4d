"""Is a response free of anything a payload could have turned into? One checker per format."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser

BANNED_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style",
               "link"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
ICS_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)[;:]")
ICS_PROPERTIES = {"BEGIN", "END", "PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME",
                  "X-WR-TIMEZONE", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
                  "DESCRIPTION", "URL", "ORGANIZER", "TZID", "TZOFFSETFROM", "TZOFFSETTO",
                  "TZNAME", "RRULE", "RDATE", "X-LIC-LOCATION", "LAST-MODIFIED", "COMMENT"}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BANNED_TAGS and not (tag == "link" and attrs.get("rel") in (
                "stylesheet", "icon", "preload") and (attrs.get("href") or "").startswith(
                "/static/")):
            self.problems.append(f"<{tag}>")
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            self.problems.append("inline <script>")
        if tag == "meta" and "http-equiv" in attrs:
            self.problems.append("<meta http-equiv>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")
            cleaned = re.sub(r"[\x00-\x20]", "", (value or "")).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value[:30]}>")

    handle_startendtag = handle_starttag


def html_problems(body: str) -> list[str]:
    """Elements or attributes that would run script, load from elsewhere or restyle."""
    inspector = _Inspector()
    inspector.feed(body)
    return inspector.problems


def csv_problems(body: str) -> list[str]:
    """Cells a spreadsheet would run as a formula."""
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"), newline="")))
    return [f"formula cell {cell[:20]!r}" for row in rows for cell in row
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def json_problems(body: str) -> list[str]:
    try:
        json.loads(body)
    except ValueError as error:
        return [f"invalid JSON: {error}"]
    return []


def ics_problems(body: str) -> list[str]:
    """Every unfolded line is a property we write: a CR/LF in a value cannot add one."""
    unfolded = re.sub(r"\r\n[ \t]", "", body)
    problems = []
    for line in unfolded.split("\r\n"):
        match = ICS_LINE.match(line)
        if line and not (match and match.group(1) in ICS_PROPERTIES):
            problems.append(f"ICS line {line[:30]!r}")
    return problems


STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.S)


def pdf_problems(data: bytes) -> list[str]:
    """Actions a PDF reader would run (fpdf2's /OpenAction is only the opening zoom).
    Looked for in the objects' dictionaries, where such keys live: a compressed page or
    font stream holds "/JS" now and then by chance."""
    data = STREAM_DATA.sub(b"stream endstream", data)
    return [f"PDF has {key.decode()}" for key in (b"/JavaScript", b"/JS", b"/Launch",
                                                  b"/URI (javascript", b"/SubmitForm")
            if key in data]


def _readable(name: str, value: str) -> str:
    """A header as text a payload could reach: a cookie's name and attributes, not its
    value (a signed, encoded session, where "evil" turns up by chance: a run saw
    "...EVIl..." in one)."""
    if name.lower() != "set-cookie":
        return value
    cookie, _, attributes = value.partition(";")
    return f"{cookie.partition('=')[0]};{attributes}"


def response_problems(response) -> list[str]:
    """Check a response by its type; headers must not carry anything injected."""
    problems = [f"header {name}" for name, value in response.headers.items()
                if "evil" in _readable(name, value).lower() or "\n" in value or "\r" in value]
    kind = response.mimetype
    if kind == "text/html":
        problems += html_problems(response.get_data(as_text=True))
    elif kind == "text/csv":
        problems += csv_problems(response.get_data(as_text=True))
    elif kind == "application/json":
        problems += json_problems(response.get_data(as_text=True))
    elif kind == "text/calendar":
        problems += ics_problems(response.get_data(as_text=True))
    elif kind == "application/pdf":
        problems += pdf_problems(response.data)
    elif kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            for name in archive.namelist():
                if not name.endswith(".txt"):
                    problems.append(f"unexpected file {name} in ZIP")
    elif kind == "text/plain" and response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("text without nosniff")
    return problems
