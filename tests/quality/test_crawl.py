"""Every GET route, as every role: nothing written, security headers, no-store on personal
pages, never a server error."""

from __future__ import annotations

import re

from flask import url_for

from advocacy.extensions import db

from ..seeding import database_rows, seed_everything
from .html_checker import check_pages

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "X-Frame-Options")
ROLES = ("anonymous", "participant", "coordinator", "organizer", "admin")


def get_urls(app, samples: dict) -> list[tuple[str, str]]:
    """(endpoint, URL) for every rule that answers GET; the letters in every format."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()):
                continue
            values = [{name: samples[name] for name in rule.arguments}]
            if "fmt" in rule.arguments:
                values = [{**values[0], "fmt": fmt}
                          for fmt in rule._converters["fmt"].items]
            urls += [(rule.endpoint, url_for(rule.endpoint, **v)) for v in values]
    return urls


REQUIRED_SELECT = re.compile(r'<select[^>]*\brequired\b[^>]*>\s*<option value="[^"]')
FORM_IN_P = re.compile(r"<p\b[^>]*>(?:(?!</p>|<p\b).)*?<form\b", re.S)


def markup_problems(text: str) -> list[str]:
    """What the Nu HTML Checker found most (issue 15, item 18), checked on every page."""
    found = []
    if text.count('id="csrf_token"') > 1:
        found.append("several id=csrf_token")
    if REQUIRED_SELECT.search(text):
        found.append("a required select whose first option is not empty")
    if FORM_IN_P.search(text):
        found.append("a form inside a paragraph (a stray </p>)")
    return found


def test_crawl_as_every_role(app):
    seeded = seed_everything(app)
    urls = get_urls(app, seeded.samples)
    assert len(urls) >= 45
    with app.app_context():
        before = database_rows()
    problems = []
    pages: dict[str, str] = {}
    for role in ROLES:
        client = seeded.clients[role]
        for endpoint, url in urls:
            response = client.get(url)
            if response.mimetype == "text/html":
                text = response.get_data(as_text=True)
                pages[f"{role} {url}"] = text
                if '="None"' in text:
                    problems.append(f"{role} {url}: an attribute printed as None")
                problems += [f"{role} {url}: {p}" for p in markup_problems(text)]
            response.close()
            if response.status_code >= 500:
                problems.append(f"{role} {url}: {response.status_code}")
            missing = [h for h in SECURITY_HEADERS if h not in response.headers]
            if missing:
                problems.append(f"{role} {url}: no {missing}")
            if (role != "anonymous" and endpoint != "static"
                    and response.headers.get("Cache-Control") != "no-store"):
                problems.append(f"{role} {url}: Cache-Control "
                                f"{response.headers.get('Cache-Control')!r}")
    with app.app_context():
        db.session.remove()
        after = database_rows()
    changed = {table for table in before if before[table] != after.get(table)}
    changed.discard("health_checks")  # /healthz proves the database takes a write
    assert changed == set(), f"GET requests wrote to {changed}"
    assert problems == []
    # Issue 15, item 18: the Nu HTML Checker, one JVM over every page of every role.
    html_errors = check_pages(pages)
    assert html_errors == [], "\n".join(html_errors)


# Issue 14, item 9: keys url_for treats specially, keys the pages read, and values no
# filter should choke on (unicode digits, huge numbers, far dates, paths, controls).
HOSTILE_QUERIES = [
    "chapter_slug=x&endpoint=x&_method=PUT&_anchor=evil&_external=1&_scheme=javascript"
    "&until=9999-12-31&since=0001-01-01&district=%C2%B2&week=99999999999999999999999"
    "&sort=__class__&interest=../../&page=-1&role=root&action=%0A&week_slug=other"
    "&status=x&state=%C2%B2&q=%25&tz=Mars/Olympus&day=%C2%B2&minutes=%C2%B2"
    "&zip=%C2%B2%C2%B2%C2%B2%C2%B2%C2%B2&next=//evil.example&impact_area=x&bom=2",
    "page=99999999999999999999&district=99999999999&week=x&since=9999-99-99&until=2026-13-40"
    "&minutes=-1&tz=../../etc/passwd&status=failed&status=sent&sort=&interest="
    "&state=" + "x" * 300 + "&day=99999999999999999999&session_id=x&fmt=exe",
]


LINKED = re.compile(r'(?:href|action|src|formaction)="(?:[a-z]+:|//)?[^"]*(?:evil|javascript:)'
                    r'[^"]*"|(?:href|action)="(?:https?:)?//evil')


def test_crawl_with_hostile_query_strings(app):
    seeded = seed_everything(app)
    urls = [url for endpoint, url in get_urls(app, seeded.samples) if endpoint != "static"]
    problems = []
    for role in ("anonymous", "admin"):
        client = seeded.clients[role]
        for url in urls:
            for query in HOSTILE_QUERIES:
                response = client.get(f"{url}{'&' if '?' in url else '?'}{query}")
                text = response.get_data(as_text=True) if response.mimetype == "text/html" \
                    else ""
                response.close()
                if response.status_code >= 500:
                    problems.append(f"{role} {url}?{query[:40]}…: {response.status_code}")
                # Reflected as escaped text is fine (the login form keeps next=); as a
                # link, form target or anchor it is not.
                # (The way to the login page carries the whole address, query included,
                # as next=: it is followed only within the site.)
                text = re.sub(r'href="/login\?next=[^"]*"', "", text)
                if LINKED.search(text):
                    problems.append(f"{role} {url}: the query string made a link "
                                    f"{LINKED.search(text).group(0)!r}")
    assert problems == []
