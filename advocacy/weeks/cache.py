"""A render cache for anonymous views of published week pages.

Entries are keyed by what the page depends on: the week, the viewer's zone,
and the week's ``updated_at`` (every edit bumps it, so an edit invalidates
entries in every worker). Each entry also expires at the next instant the
page would change by the clock alone: a session starting or ending, midnight
in the viewer's zone (the "today" mark), the end of the recordings.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CachedPage:
    html: str
    etag: str
    valid_until: datetime


class RenderCache:
    """A small thread-safe LRU of rendered pages."""

    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, now: datetime) -> CachedPage | None:
        with self._lock:
            page = self._entries.get(key)
            if page is None:
                return None
            if now >= page.valid_until:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return page

    def put(self, key: tuple, html: str, valid_until: datetime) -> CachedPage:
        page = CachedPage(html, etag_of(html), valid_until)
        with self._lock:
            self._entries[key] = page
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return page

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def etag_of(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class VersionMemo:
    """Remembers each slug's (id, updated_at, zone) for ``max_age`` seconds per process.

    Edits made in this process forget at once (``forget``); other worker
    processes see an edit within ``max_age`` seconds. This keeps a cached week
    page free of database round trips under load."""

    def __init__(self, max_entries: int = 1024):
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, slug: str, max_age: float, load):
        now = time.monotonic()
        hit = self._entries.get(slug)
        if hit is not None and now - hit[0] < max_age:
            return hit[1]
        value = load(slug)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[slug] = (now, value)
        return value

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()


# One per worker process: shared by the public views and the editing services.
page_cache = RenderCache()
versions = VersionMemo()
