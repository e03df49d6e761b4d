"""A WSGI layer in front of the app that serves public week pages again, unentered.

A week page seen by a visitor with no cookie but the time-zone choice is the same
for everyone with that zone: the view marks such a response public (``mark_public``)
with the instant it stops being right, and this layer keeps its status, headers and
body. The same request (path, query, host, zone cookie) is then answered from here,
ETag and 304 included, without Flask, its session, sign-in or rate limiter. Any
other cookie (session, participant), any method but GET, any response that is not a
200 or that sets a cookie goes through to the app.

An entry lives until its page would change by the clock and at most
``WEEK_VERSION_MAX_AGE`` seconds (so an edit shows in every worker within that
time, as for the version cache); edits made in this process clear it at once.
"""

from __future__ import annotations

import time
from datetime import datetime

from werkzeug.http import parse_cookie

from ..caching import AppCaches, PublicPage

MARK = "advocacy.public_until"


def mark_public(environ: dict, valid_until: datetime) -> None:
    """Tell the layer the response to this request may be served again until then."""
    environ[MARK] = valid_until


class PublicPages:
    def __init__(self, wsgi_app, caches: AppCaches, zone_cookie: str, max_age: float):
        self.wsgi_app = wsgi_app
        self.caches = caches
        self.zone_cookie = zone_cookie
        self.max_age = max_age

    def _key(self, environ: dict) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET" or self.max_age <= 0:
            return None
        header = environ.get("HTTP_COOKIE", "")
        if header and (";" in header or not header.lstrip().startswith(self.zone_cookie)):
            return None  # more than the zone cookie (a quick look: most visitors)
        cookies = parse_cookie(header)
        if set(cookies) - {self.zone_cookie}:
            return None
        return (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
                environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""), cookies.get(self.zone_cookie))

    def __call__(self, environ: dict, start_response):
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        page = self.caches.public_page(key, time.time())
        if page is not None:
            return self._serve(page, environ, start_response)
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, capture)
        until = environ.get(MARK)
        headers = answer.get("headers", [])
        if (until is None or not answer.get("status", "").startswith("200 ")
                or any(name.lower() == "set-cookie" for name, _ in headers)):
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        expires = min(until.timestamp(), time.time() + self.max_age)
        etag = next((value for name, value in headers if name.lower() == "etag"), None)
        self.caches.store_public_page(key, PublicPage(
            answer["status"], list(headers), content, etag, expires))
        return [content]

    @staticmethod
    def _serve(page: PublicPage, environ: dict, start_response):
        if page.etag and page.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [(name, value) for name, value in page.headers
                    if name.lower() not in ("content-length", "content-type")]
            start_response("304 NOT MODIFIED", kept)
            return [b""]
        start_response(page.status, page.headers)
        return [page.body]
