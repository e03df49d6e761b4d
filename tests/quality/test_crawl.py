"""Every GET route, as every role: nothing written, security headers, no-store on personal
pages, never a server error."""

from __future__ import annotations

from flask import url_for

from advocacy.extensions import db

from ..seeding import database_rows, seed_everything

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


def test_crawl_as_every_role(app):
    seeded = seed_everything(app)
    urls = get_urls(app, seeded.samples)
    assert len(urls) >= 45
    with app.app_context():
        before = database_rows()
    problems = []
    for role in ROLES:
        client = seeded.clients[role]
        for endpoint, url in urls:
            response = client.get(url)
            if response.mimetype == "text/html" and '="None"' in response.get_data(as_text=True):
                problems.append(f"{role} {url}: an attribute printed as None")
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
    assert changed == set(), f"GET requests wrote to {changed}"
    assert problems == []
