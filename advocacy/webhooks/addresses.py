"""Which webhook URLs may be called: http(s) to public addresses only (no SSRF).

Two checks: the URL's host must resolve to public addresses only (when saved
and before each send, with a clear message), and the socket each send
actually connects must have a public peer. The second closes the window in
which a name is re-pointed to a private address between the check and the
connection (DNS rebinding): nothing is sent to such a peer.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from ..errors import DomainError

# IPv6 forms that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052),
# IPv4-translated (RFC 2765) and the deprecated IPv4-compatible ::a.b.c.d.
_LAST_32_BITS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::ffff:0:0:0/96"),
                 ipaddress.ip_network("::/96"))
# Local-use NAT64 (RFC 8215) spreads the IPv4 address around a reserved octet and is
# never a public endpoint: refused outright.
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for (mapped, 6to4, Teredo, NAT64,
    translated, compatible); empty for a plain IPv6 address."""
    found = [v4 for v4 in (ip.ipv4_mapped, ip.sixtofour) if v4 is not None]
    if ip.teredo:
        found.extend(ip.teredo)  # (server, client): both must be public
    if any(ip in network for network in _LAST_32_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
    return found


def _public(address: str) -> bool:
    """Whether a webhook may reach ``address``: judged by the IPv4 address an IPv6
    form embeds, if any (``[64:ff9b::a9fe:a9fe]`` is the cloud metadata address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        if ip in _LOCAL_NAT64:
            return False
        embedded = embedded_ipv4(ip)
        if embedded:
            return all(v4.is_global and not v4.is_multicast for v4 in embedded)
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


class PrivatePeerRefused(NewConnectionError):
    """The connection reached a non-public address; it was closed before sending."""


class _PublicPeerOnly:
    def _new_conn(self):
        sock = super()._new_conn()
        peer = sock.getpeername()[0]
        if not _public(peer):
            sock.close()
            raise PrivatePeerRefused(self, "refused: the host now points to a private address")
        return sock


class _PublicHTTPConnection(_PublicPeerOnly, HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicPeerOnly, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class _PublicPeerAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool,
                                                   "https": _PublicHTTPSPool}


# Passed with every webhook POST: proxies from the environment are not used (a proxy
# would hide the real peer); the environment's CA bundle still is.
NO_PROXIES = {"http": None, "https": None, "all": None}


def webhook_session(allow_private: bool) -> requests.Session:
    """A session for webhook POSTs (send with ``proxies=NO_PROXIES``): unless
    ``allow_private``, every connection is checked to reach a public peer."""
    session = requests.Session()
    if not allow_private:
        adapter = _PublicPeerAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return session


def refused_private_peer(error: requests.RequestException) -> bool:
    """Whether ``error`` is a connection refused by the public-peer check."""
    reason = error.args[0] if error.args else None
    return isinstance(getattr(reason, "reason", reason), PrivatePeerRefused)
