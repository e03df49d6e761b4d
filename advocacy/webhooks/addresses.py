"""Which webhook URLs may be called: http(s) to public addresses only (no SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ..errors import DomainError


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_webhook_url(url: str, allow_private: bool) -> str:
    """The URL, trimmed, if it may receive webhooks; DomainError (field ``url``) if not.

    Only http and https, and unless ``allow_private`` every address the host
    resolves to must be public: not loopback, private, link-local (cloud metadata),
    shared, reserved or multicast. Checked when saved and again before each send,
    since a name can be re-pointed.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError("Give an http:// or https:// address.", "url")
    if parts.username or parts.password:
        raise DomainError("Leave passwords out of the address; requests are signed instead.",
                          "url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as error:
        raise DomainError(f"We could not find the host {parts.hostname}.", "url") from error
    if not allow_private and not all(_public(info[4][0]) for info in found):
        raise DomainError("That address is on a private, loopback or link-local network; "
                          "webhooks only go to public addresses.", "url")
    return url
