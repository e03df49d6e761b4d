"""Read a page's form as a browser would submit it, so a test can change some fields."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, index: int):
        super().__init__(convert_charrefs=True)
        self.wanted, self.seen, self.inside = index, -1, False
        self.fields: list[tuple[str, str]] = []
        self.text_fields: list[str] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._buffer = ""

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.seen += 1
            self.inside = self.seen == self.wanted
        if not self.inside or "name" not in attrs and tag in ("input", "textarea", "select"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((attrs["name"], attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((attrs["name"], unescape(attrs.get("value", ""))))
                if kind in ("text", "search", "") and attrs["name"] != "website":
                    self.text_fields.append(attrs["name"])
        elif tag == "textarea":
            self._textarea, self._buffer = attrs["name"], ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._buffer += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._buffer.removeprefix("\n")))
            self.text_fields.append(self._textarea)
            self._textarea = None
        elif tag == "select":
            self._select = None


def read_form(html: str, index: int = 0) -> tuple[dict[str, list[str]], list[str]]:
    """(field → values as the browser would send them, names of the free-text fields)
    of the ``index``-th form on the page."""
    reader = _FormReader(index)
    reader.feed(html)
    values: dict[str, list[str]] = {}
    for name, value in reader.fields:
        values.setdefault(name, []).append(value)
    return values, reader.text_fields


def form_index(html: str, action_fragment: str = "") -> tuple[int, str | None]:
    """(index, action) of the first ``method=post`` form whose action contains the
    fragment (an empty fragment: the first form posting to the page itself)."""
    import re

    for index, match in enumerate(re.finditer(r"<form\b[^>]*>", html)):
        tag = match.group(0)
        found = re.search(r'action="([^"]*)"', tag)
        action = unescape(found.group(1)) if found else None
        if 'method="post"' in tag and (action_fragment in (action or "")) and (
                action_fragment or not action):
            return index, action
    raise AssertionError(f"no POST form for {action_fragment!r}")


def post_form(client, url: str, changes: dict, action_fragment: str = "", **kwargs):
    """GET ``url``, take its POST form's current values, apply ``changes``, submit it."""
    from werkzeug.datastructures import MultiDict

    html = client.get(url).get_data(as_text=True)
    index, action = form_index(html, action_fragment)
    values, _ = read_form(html, index)
    values.update({k: v if isinstance(v, list) else [v] for k, v in changes.items()})
    data = MultiDict([(k, v) for k, vs in values.items() for v in vs])
    return client.post(action or url, data=data, **kwargs)
