"""Every page in Chromium: no script ever runs from what people typed (no dialog), no CSP
violation, no console error; and axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest

from ..conftest import BACKEND
from ..quality.test_crawl import get_urls
from ..seeding import advocate_flows, moderate, seed_everything, seed_staff_text
from .conftest import sign_in_ui

pytestmark = pytest.mark.browser
DOWNLOADS = ("static", "api.", "core.healthz", "_csv", "_ics", "organize.export")
XSS = ['<script>alert("x1")</script>', "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>",
       '" onmouseover="alert(4)" autofocus onfocus="alert(5)" x="',
       "javascript:alert(6)", "</textarea><script>alert(7)</script>",
       "<details open ontoggle=alert(8)>", "'><iframe src=javascript:alert(9)>"]
WATCH_CSP = """document.addEventListener('securitypolicyviolation', e => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI); });"""


def html_pages(app, samples) -> list[str]:
    return [url for endpoint, url in get_urls(app, samples)
            if not any(part in endpoint for part in DOWNLOADS)]


def opened_pages(page, app, seeded, live_server: str, role: str):
    """Sign ``page`` in as ``role`` (unless anonymous), then open every HTML page in turn,
    yielding the URL of each that answered 200 (the page is on it)."""
    if role != "anonymous":
        sign_in_ui(page, live_server, seeded.emails[role])
    for url in html_pages(app, seeded.samples):
        response = page.goto(live_server + url)
        if response is not None and response.status == 200:
            yield url


def open_watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    seen = {"dialogs": [], "console": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error"
            and seen["console"].append(message.text))
    return page, seen


def visit_all(page, seen, base: str, urls: list[str]) -> list[str]:
    """Visit each page; the problems on the ones that answered 200."""
    problems = []
    for url in urls:
        seen["console"].clear()
        response = page.goto(base + url)
        if response is None or response.status != 200:
            continue
        page.mouse.move(200, 300)  # a hover handler, had one been injected
        page.keyboard.press("Tab")
        csp = page.evaluate("window.__csp || []")
        problems += [f"{url}: CSP {v}" for v in csp]
        problems += [f"{url}: console {text}" for text in seen["console"]]
    return problems


@pytest.mark.skipif(BACKEND != "sqlite", reason="escaping and the CSP do not depend on the "
                    "database (tests/quality/test_injection.py stores and renders every "
                    "payload on both)")
@pytest.mark.parametrize("role", ["anonymous", "organizer", "coordinator"])
def test_payloads_never_run_and_pages_raise_no_csp_or_console_error(app, browser, live_server,
                                                                     role):
    seeded = seed_everything(app)
    for number, payload in enumerate(XSS):
        answers = advocate_flows(app, seeded, lambda _name, p=payload: p,
                                 email=f"xss{number}@example.org")
        seed_staff_text(seeded, lambda _name, p=payload: p)
        if answers["story_id"]:
            moderate(seeded, answers["story_id"], payload)
    urls = html_pages(app, seeded.samples)
    page, seen = open_watched(browser)
    if role != "anonymous":
        sign_in_ui(page, live_server, seeded.emails[role])
    problems = [f"{role} {p}" for p in visit_all(page, seen, live_server, urls)]
    problems += [f"{role} dialog {m}" for m in seen["dialogs"]]
    page.context.close()
    assert len(urls) >= 35
    assert problems == [], "\n".join(problems)


@pytest.mark.skipif(BACKEND != "sqlite", reason="markup does not depend on the database")
@pytest.mark.parametrize("role", ["anonymous", "organizer"])
def test_axe_finds_no_serious_or_critical_violation(app, browser, live_server, role):
    from axe_playwright_python.sync_playwright import Axe

    seeded = seed_everything(app, text=lambda name: f"Example {name}")
    axe, problems, checked = Axe(), [], 0
    page, _ = open_watched(browser)
    for url in opened_pages(page, app, seeded, live_server, role):
        checked += 1
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{role} {url}: {violation['id']} {targets}")
    page.context.close()
    assert checked >= (35 if role == "organizer" else 15)
    assert problems == [], "\n".join(problems)
