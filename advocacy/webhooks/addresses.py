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
