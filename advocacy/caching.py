"""The app's in-process caches, one ``cachetools`` object each, held on the app.

``app.extensions["advocacy.caches"]`` holds them, so every app (and every test's
app) starts empty and nothing global needs resetting. cachetools is not
thread-safe: every access goes through the one lock here.

- ``pages``: rendered anonymous week pages, keyed by what they depend on; each
  entry also expires at the next instant the page changes by the clock alone.
- ``versions``: each published slug's (id, updated_at, zone), for
  ``WEEK_VERSION_MAX_AGE`` seconds (edits in this process clear it at once).
- ``snapshots``: immutable published weeks, keyed by (id, updated_at).
- ``urls``: ``url_for`` results for static files (a plain dict; see below).
- ``public``: whole public responses for the layer in front of the app
  (``weeks/public_pages.py``).
- ``reference``: ZIP look-ups of the imported ZIP and legislator data, for
  ``REFERENCE_MAX_AGE`` seconds (an import in another process shows within that).
- ``choice_fields``: long selects and checkbox lists as written for one selection
  (``form_rendering``).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from cachetools import LRUCache, TTLCache
from flask import Flask, current_app

_KEY = "advocacy.caches"
_MISSING = object()


@dataclass(frozen=True)
class PublicPage:
    """A whole response the public-pages layer serves again until ``expires`` (epoch s)."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None
    expires: float


@dataclass(frozen=True)
class CachedPage:
    html: str
    etag: str
    valid_until: datetime


def etag_of(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class AppCaches:
    def __init__(self, version_max_age: float, page_entries: int = 256,
                 reference_max_age: float = 0):
        self._lock = threading.Lock()
        self.pages: LRUCache = LRUCache(maxsize=page_entries)
        # ttl 0 (the tests' setting) keeps nothing: every request asks the database.
        self.versions: TTLCache = TTLCache(maxsize=1024, ttl=max(version_max_age, 1e-9))
        self.snapshots: LRUCache = LRUCache(maxsize=64)
        # Keyed by (script root, file name): the file names come from the templates, a
        # fixed set, so a plain dict (no lock: one get or set is atomic) stays small.
        self.urls: dict[tuple, str] = {}
        self.public: LRUCache = LRUCache(maxsize=page_entries)
        self.choice_fields: LRUCache = LRUCache(maxsize=page_entries)
        self.reference: TTLCache = TTLCache(maxsize=4096, ttl=max(reference_max_age, 1e-9))

    def remember(self, cache, key: Hashable, load: Callable[[], object]):
        """``cache[key]``, loaded (outside the lock) and stored when missing."""
        with self._lock:
            value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = load()
            with self._lock:
                cache[key] = value
        return value

    def _unexpired(self, cache, key: Hashable, now, expiry: str):
        """``cache[key]`` if its ``expiry`` attribute is still after ``now``, else None."""
        with self._lock:
            entry = cache.get(key)
            if entry is not None and now >= getattr(entry, expiry):
                del cache[key]
                entry = None
        return entry

    def page(self, key: Hashable, now: datetime) -> CachedPage | None:
        """A rendered page still valid at ``now``, or None."""
        return self._unexpired(self.pages, key, now, "valid_until")

    def store_page(self, key: Hashable, html: str, valid_until: datetime) -> CachedPage:
        page = CachedPage(html, etag_of(html), valid_until)
        with self._lock:
            self.pages[key] = page
        return page

    def public_page(self, key: Hashable, now: float) -> PublicPage | None:
        """A whole public response still valid at ``now`` (epoch seconds), or None."""
        return self._unexpired(self.public, key, now, "expires")

    def store_public_page(self, key: Hashable, page: PublicPage) -> None:
        with self._lock:
            self.public[key] = page

    def forget_reference(self) -> None:
        """After an import of ZIP and legislator data in this process."""
        with self._lock:
            self.reference.clear()

    def forget_versions(self) -> None:
        """After an edit in this process: the next request reads the week's new version
        (and no whole public page of the old one is served again)."""
        with self._lock:
            self.versions.clear()
            self.public.clear()


def init_caches(app: Flask) -> None:
    app.extensions[_KEY] = AppCaches(float(app.config["WEEK_VERSION_MAX_AGE"]),
                                     reference_max_age=float(app.config["REFERENCE_MAX_AGE"]))


def caches_of(app: Flask) -> AppCaches:
    return app.extensions[_KEY]


def caches() -> AppCaches:
    """The current app's caches."""
    return current_app.extensions[_KEY]
