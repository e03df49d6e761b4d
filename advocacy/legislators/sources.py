"""Downloading the legislator data files with requests: timeouts, retries, conditional GET.

A source is a local folder, or a base URL under which the three files live
(the default sources are in ``DEFAULT_SOURCES``). Downloads are cached in the
instance folder with their ETag / Last-Modified, so a re-run asks the server
only whether the file changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

FILES = ("legislators-current.json", "legislators-district-offices.json", "zccd.csv")
DEFAULT_SOURCES = {
    "legislators-current.json":
        "https://unitedstates.github.io/congress-legislators/legislators-current.json",
    "legislators-district-offices.json":
        "https://unitedstates.github.io/congress-legislators/legislators-district-offices.json",
    "zccd.csv": "https://raw.githubusercontent.com/OpenSourceActivismTech/"
                "us-zipcodes-congress/master/zccd.csv",
}
TIMEOUT = (5, 60)  # connect, read (seconds)
CHUNK = 64 * 1024


class SourceError(Exception):
    """A file could not be had: the message says which and why."""


@dataclass(frozen=True)
class Fetched:
    name: str
    content: bytes
    from_cache: bool


def http_session(retries: int = 3) -> requests.Session:
    """A session that retries connection errors and 5xx answers with backoff."""
    session = requests.Session()
    retry = Retry(total=retries, connect=retries, read=retries, backoff_factor=0.5,
                  status_forcelist=(500, 502, 503, 504), allowed_methods=("GET",),
                  raise_on_status=False)
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = "advocacy-legislator-import/1"
    return session


def urls_for(source: str | None) -> dict[str, str]:
    """Where each file comes from: the defaults, a folder, or a base URL."""
    if not source:
        return dict(DEFAULT_SOURCES)
    if source.startswith(("http://", "https://")):
        base = source.rstrip("/")
        return {name: f"{base}/{name}" for name in FILES}
    folder = Path(source)
    if not folder.is_dir():
        raise SourceError(f"{source}: no such folder (give a folder or an http(s) URL)")
    return {name: str(folder / name) for name in FILES}


def fetch(name: str, location: str, cache_dir: Path, session: requests.Session,
          progress: Callable[[str, int | None], Callable[[int], None]] | None = None) -> Fetched:
    """The file's bytes, from disk, from the server, or from the cache on a 304."""
    if not location.startswith(("http://", "https://")):
        path = Path(location)
        if not path.is_file():
            raise SourceError(f"{name}: not found at {location}")
        return Fetched(name, path.read_bytes(), from_cache=False)
    cache_dir.mkdir(parents=True, exist_ok=True)
    body_path, meta_path = cache_dir / name, cache_dir / f"{name}.meta.json"
    headers = {}
    if body_path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    try:
        response = session.get(location, headers=headers, timeout=TIMEOUT, stream=True)
    except requests.Timeout as error:
        raise SourceError(f"{name}: the server did not answer in time ({location})") from error
    except requests.RequestException as error:
        raise SourceError(f"{name}: download failed ({error.__class__.__name__})") from error
    with response:
        if response.status_code == 304 and body_path.exists():
            return Fetched(name, body_path.read_bytes(), from_cache=True)
        if response.status_code != 200:
            raise SourceError(f"{name}: the server answered {response.status_code} ({location})")
        total = int(response.headers.get("Content-Length") or 0) or None
        advance = progress(name, total) if progress else (lambda _n: None)
        parts = []
        try:
            for chunk in response.iter_content(CHUNK):
                parts.append(chunk)
                advance(len(chunk))
        except requests.RequestException as error:
            raise SourceError(f"{name}: the download broke off ({error.__class__.__name__})") \
                from error
        content = b"".join(parts)
    body_path.write_bytes(content)
    meta_path.write_text(json.dumps({"etag": response.headers.get("ETag"),
                                     "last_modified": response.headers.get("Last-Modified")}))
    return Fetched(name, content, from_cache=False)
